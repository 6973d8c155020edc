// Session is one PostgreSQL connection (libpq) used one call at a time. Every statement goes
// through query(): named prepared statements, one per SQL text and connection, with every value
// a parameter; failures are mapped to an hsd_status in one place (throw_pg_error in session.cpp).
// A connection lost between calls is reset before the next call; one lost during a call is
// HSD_ERR_UNAVAILABLE (retryable), which the engine answers with 503.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "instance.hpp"
#include "value.hpp"

namespace hsd::plugins::postgres {

// One query's rows. Integers and text come back in text format; bytea as hex text, decoded
// by bytes().
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::int64_t integer(int row, int column) const;
  std::string_view text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
  }
  // A bytea column's bytes (decoded from PostgreSQL's hex output).
  std::string bytes(int row, int column) const;
  // Rows an INSERT/UPDATE/DELETE changed.
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// Positional parameters $1, $2, ... in the order they are added.
class Params {
 public:
  Params& add(std::int64_t value);
  Params& add_text(std::string_view value);
  Params& add_bytes(std::string_view value);  // bytea, sent in binary format
  Params& add_null();
  Params& add(const Value& value);
  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class Session;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;
};

class Session {
 public:
  explicit Session(const Instance& instance);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Instance& instance() const { return instance_; }
  PGconn* conn() const { return conn_; }
  // True inside a transaction (opened by begin() or a WriteScope).
  bool in_transaction() const;

  void begin();
  void commit();
  void rollback();

  // Runs one statement (prepared once per connection) and hands back its rows. Throws
  // StorageError; context names the operation in messages.
  Rows query(const std::string& sql, const Params& params = {}, std::string_view context = {});
  // Runs statements without parameters (transaction control, migrations).
  void exec(const std::string& sql, std::string_view context = {});

  // Before each storage call: reconnects a connection lost between calls.
  void ensure_connected();

  // Counts the session's connections: 1 for the first, one more for each reconnection. What
  // lives only as long as one connection (session-level advisory locks, LISTEN) is tagged with
  // the generation that took it, so the loss of that connection shows afterwards.
  std::uint64_t generation() const { return generation_; }

  // The lock keys this session took (lock_acquire), each with the generation that took it.
  std::unordered_map<std::string, std::uint64_t> held_locks;
  // The generation whose connection LISTENs on hsd_jobs (job_wait); 0 before the first wait.
  std::uint64_t listening_generation = 0;

 private:
  // Replaces the connection with a new one (StorageError(UNAVAILABLE) when it cannot).
  void reset();
  Rows run_query(const std::string& sql, const Params& params, std::string_view context);
  // After a failed statement: true when the connection was lost outside any transaction
  // (was_idle) and has been replaced, so the statement may run again; result is then freed.
  bool reconnect_after_loss(PGresult*& result, bool was_idle);

  const Instance& instance_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  std::uint64_t prepared_serial_ = 0;
  bool caller_transaction_ = false;  // begin() called, commit()/rollback() not yet
  std::uint64_t generation_ = 1;
};

// The write transaction of one storage operation: BEGIN ... COMMIT of its own outside a
// caller's transaction, a savepoint inside one (so a failed operation leaves the caller's
// earlier work; PostgreSQL would otherwise abort the whole transaction).
class WriteScope {
 public:
  explicit WriteScope(Session& session);
  ~WriteScope();
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  void commit();

 private:
  Session& session_;
  bool savepoint_ = false;
  bool done_ = false;
};

// The current time in milliseconds since the Unix epoch.
std::int64_t now_ms();

// Opens a connection for instance (connect_timeout from the DSN or 10 s), or throws
// StorageError(UNAVAILABLE) with a message that names the server without the password.
PGconn* connect(const Instance& instance);

}  // namespace hsd::plugins::postgres
