// Session is one database connection (one Poco::Data::Session) used one call at a time.
// Statements go through the raw sqlite3 handle of the Poco session: it gives extended error
// codes (busy vs. unique vs. not null), RETURNING rows and byte-exact BLOBs directly.
#pragma once

#include <Poco/Data/Session.h>
#include <sqlite3.h>

#include <cstdint>
#include <set>
#include <string>

#include "instance.hpp"
#include "statement_cache.hpp"

namespace hsd::plugins::sqlite {

class Session {
 public:
  explicit Session(const Instance& instance);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Instance& instance() const { return instance_; }
  sqlite3* db() const { return db_; }
  // True inside a transaction opened by begin() (SQLite is not in autocommit mode).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  void begin();
  void commit();
  void rollback();

  // This session's holder id in the locks table: 128 random bits in hex, made at open.
  const std::string& lock_holder() const { return lock_holder_; }
  // The keys this session took with lock_acquire and has not released (Locks keeps it).
  std::set<std::string>& held_locks() { return held_locks_; }

 private:
  const Instance& instance_;
  Poco::Data::Session poco_;
  sqlite3* db_;
  std::string lock_holder_;
  std::set<std::string> held_locks_;
  // Declared after poco_, so its statements are finalized before the connection closes.
  StatementCache statements_;
};

// The write transaction of one storage operation. Outside a caller's transaction it is a
// BEGIN IMMEDIATE ... COMMIT of its own (IMMEDIATE takes the write lock up front, so the busy
// timeout applies, instead of failing when a read transaction later tries to write). Inside
// the caller's transaction it is a savepoint, so a failed operation leaves nothing behind
// while the caller's earlier work stays.
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

}  // namespace hsd::plugins::sqlite
