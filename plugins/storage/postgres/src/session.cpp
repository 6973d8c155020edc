#include "session.hpp"

#include <hsd/abi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// Statements kept prepared per connection.
constexpr std::size_t kMaxPrepared = 512;

std::string field(const PGresult* result, int code) {
  const char* value = result ? PQresultErrorField(result, code) : nullptr;
  return value ? value : "";
}

// "Key (workspace_id, label)=(1, acme) already exists." -> "(workspace_id, label)": the key's
// columns, without the values (which may be secrets, such as a token's hash).
std::string key_columns(const std::string& detail) {
  const auto open = detail.find("Key (");
  if (open == std::string::npos) return "";
  const auto close = detail.find(")=", open);
  if (close == std::string::npos) return "";
  return detail.substr(open + 4, close - open - 3);
}

bool connection_lost(const std::string& state, PGconn* conn) {
  return PQstatus(conn) == CONNECTION_BAD || state.rfind("08", 0) == 0 || state == "57P01" ||
         state == "57P02" || state == "57P03";
}

// Throws the StorageError for a failed result (or a NULL one: out of memory, connection gone).
[[noreturn]] void throw_pg_error(const Session& session, const PGresult* result,
                                 std::string_view context) {
  PGconn* conn = session.conn();
  const std::string where = context.empty() ? std::string() : std::string(context) + ": ";
  const std::string state = field(result, PG_DIAG_SQLSTATE);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  message = scrub(session.instance(), message);
  const std::string table = field(result, PG_DIAG_TABLE_NAME);

  if (connection_lost(state, conn)) {
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       where + "the connection to PostgreSQL (" + session.instance().server +
                           ") was lost: " + message + "; retry later",
                       true);
  }
  if (state == "23505") {
    const std::string key = key_columns(field(result, PG_DIAG_MESSAGE_DETAIL));
    throw StorageError(HSD_ERR_CONFLICT, where + "a " + table + " record with the same " + key +
                                             " already exists (unique key " + table + key + ")");
  }
  if (state == "23503") {
    // On insert or update: a reference to a missing row. (remove() turns its own into CONFLICT.)
    throw StorageError(HSD_ERR_INVALID_ARGUMENT,
                       where + "a " + table + " record refers to a missing row: " + message,
                       false, state);
  }
  if (state == "23502" || state == "23514" || state.rfind("22", 0) == 0) {
    throw StorageError(HSD_ERR_INVALID_ARGUMENT, where + message);
  }
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014" ||
      state.rfind("53", 0) == 0) {
    // Serialization failure, deadlock, lock timeout, statement timeout, out of resources.
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       where + "PostgreSQL could not complete the statement now (" + message +
                           ", SQLSTATE " + state + "); retry later",
                       true);
  }
  throw StorageError(HSD_ERR_INTERNAL,
                     where + "PostgreSQL error " + (state.empty() ? "?" : state) + ": " + message);
}

// throw_pg_error for a result this code owns, which is freed on the way out.
[[noreturn]] void throw_and_clear(const Session& session, PGresult* result, std::string_view context) {
  const std::unique_ptr<PGresult, void (*)(PGresult*)> owned(result, &PQclear);
  throw_pg_error(session, result, context);
}

bool ok(const PGresult* result) {
  const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::int64_t Rows::integer(int row, int column) const {
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

std::string Rows::bytes(int row, int column) const {
  const std::string_view hex = text(row, column);
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') {
    fail(HSD_ERR_INTERNAL, "a bytea value did not come back in hex format (bytea_output)");
  }
  std::string out;
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(hex_digit(hex[i]) * 16 + hex_digit(hex[i + 1]));
  }
  return out;
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

Params& Params::add(std::int64_t value) {
  values_.push_back(std::to_string(value));
  null_.push_back(false);
  formats_.push_back(0);
  return *this;
}

Params& Params::add_text(std::string_view value) {
  // libpq reads a text parameter up to its first NUL, and PostgreSQL's text cannot hold one:
  // the value would be stored cut short without a word (and two ids differing after it, as one).
  if (value.find('\0') != std::string_view::npos) {
    fail(HSD_ERR_INVALID_ARGUMENT, "a text value contains a NUL character, which PostgreSQL cannot store");
  }
  values_.emplace_back(value);
  null_.push_back(false);
  formats_.push_back(0);
  return *this;
}

Params& Params::add_bytes(std::string_view value) {
  values_.emplace_back(value);
  null_.push_back(false);
  formats_.push_back(1);
  return *this;
}

Params& Params::add_null() {
  values_.emplace_back();
  null_.push_back(true);
  formats_.push_back(0);
  return *this;
}

Params& Params::add(const Value& value) {
  switch (value.kind) {
    case Value::Kind::null: return add_null();
    case Value::Kind::integer: return add(value.integer);
    case Value::Kind::text: return add_text(value.text);
  }
  return *this;
}

PGconn* connect(const Instance& instance) {
  PGconn* conn = PQconnectdb(instance.dsn.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (conn) PQfinish(conn);
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       "cannot connect to PostgreSQL (" + instance.server + "): " +
                           scrub(instance, message),
                       true);
  }
  // Server notices ("relation already exists, skipping") are not for the engine's log.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  // Our own settings, whatever the server's defaults: UTC is irrelevant (times are integers),
  // but bytea's hex output and standard strings are what this plugin reads and writes.
  PGresult* r = PQexec(conn, "SET bytea_output = 'hex'; SET standard_conforming_strings = on;"
                             " SET client_encoding = 'UTF8'");
  const bool set = ok(r);
  PQclear(r);
  if (!set) {
    PQfinish(conn);
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       "cannot set up the PostgreSQL session (" + instance.server + ")", true);
  }
  return conn;
}

Session::Session(const Instance& instance) : instance_(instance), conn_(connect(instance)) {}

Session::~Session() {
  // The server frees a closed connection's advisory locks only when its backend has finished
  // exiting, a moment after PQfinish returns: free them here, so that whoever waits for one can
  // take it as soon as session_close has returned. (Errors are ignored: the close frees them.)
  if (conn_ && PQstatus(conn_) == CONNECTION_OK && !held_locks.empty()) {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
    PQclear(PQexec(conn_, "SELECT pg_advisory_unlock_all()"));
  }
  // Closing the connection ends an open transaction: the server rolls it back.
  if (conn_) PQfinish(conn_);
}

bool Session::in_transaction() const {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Session::ensure_connected() {
  // A server that ended the connection (a restart, an administrator) has said so on the
  // socket, which libpq reads only when asked: read what is there, without waiting (libpq's
  // sockets are non-blocking), so that a dead connection shows before it is used.
  if (PQstatus(conn_) == CONNECTION_OK && !in_transaction()) {
    for (int i = 0; i < 2 && PQconsumeInput(conn_) == 1 && PQstatus(conn_) == CONNECTION_OK; ++i) {
    }
  }
  if (PQstatus(conn_) == CONNECTION_OK) return;
  if (caller_transaction_) {
    // The caller's transaction died with the connection; it must learn so and roll back
    // (which reconnects), never carry on in a new transaction of ours.
    throw StorageError(HSD_ERR_UNAVAILABLE,
                       "the connection to PostgreSQL (" + instance_.server +
                           ") was lost and the open transaction with it; roll back and retry",
                       true);
  }
  // Lost between calls (a server restart): a new connection.
  reset();
}

void Session::reset() {
  // The new connection has none of the old one's prepared statements.
  PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  ++generation_;
  conn_ = connect(instance_);
}

void Session::begin() {
  ensure_connected();
  if (in_transaction()) {
    fail(HSD_ERR_INVALID_ARGUMENT, "a transaction is already open on this session (no nesting)");
  }
  exec("BEGIN", "begin");
  caller_transaction_ = true;
}

void Session::commit() {
  ensure_connected();
  caller_transaction_ = false;
  if (!in_transaction()) fail(HSD_ERR_INVALID_ARGUMENT, "commit without an open transaction");
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    exec("ROLLBACK", "commit");
    fail(HSD_ERR_CONFLICT, "commit: the transaction had failed and was rolled back");
  }
  exec("COMMIT", "commit");
}

void Session::rollback() {
  caller_transaction_ = false;
  if (PQstatus(conn_) != CONNECTION_OK) {
    // The transaction died with the connection: nothing is left to roll back.
    ensure_connected();
    return;
  }
  if (!in_transaction()) fail(HSD_ERR_INVALID_ARGUMENT, "rollback without an open transaction");
  exec("ROLLBACK", "rollback");
}

bool Session::reconnect_after_loss(PGresult*& result, bool was_idle) {
  if (ok(result) || !was_idle || caller_transaction_ || PQstatus(conn_) != CONNECTION_BAD) return false;
  // The connection died before this statement reached the server, outside any transaction:
  // nothing was done, so a new connection may run it (once).
  PQclear(result);
  result = nullptr;
  reset();
  return true;
}

void Session::exec(const std::string& sql, std::string_view context) {
  // Only a transaction's start is run again on a new connection; anything else may have
  // reached the server before the connection died.
  const bool idle = !in_transaction() && sql.rfind("BEGIN", 0) == 0;
  PGresult* result = PQexec(conn_, sql.c_str());
  if (reconnect_after_loss(result, idle)) result = PQexec(conn_, sql.c_str());
  if (!ok(result)) throw_and_clear(*this, result, context);
  PQclear(result);
}

Rows Session::query(const std::string& sql, const Params& params, std::string_view context) {
  // Outside a transaction every statement of this plugin is a read (writes run in a
  // WriteScope), so one that met a dead connection can run again on a new one.
  const bool idle = !in_transaction();
  try {
    return run_query(sql, params, context);
  } catch (const StorageError&) {
    if (!idle || caller_transaction_ || PQstatus(conn_) != CONNECTION_BAD) throw;
  }
  reset();
  return run_query(sql, params, context);
}

Rows Session::run_query(const std::string& sql, const Params& params, std::string_view context) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    if (prepared_.size() >= kMaxPrepared) {
      // Updates of arbitrary column sets could grow the cache without end: start over.
      exec("DEALLOCATE ALL", context);
      prepared_.clear();
    }
    const std::string name = "hsd_" + std::to_string(++prepared_serial_);
    PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (!ok(prepared)) throw_and_clear(*this, prepared, context);
    PQclear(prepared);
    found = prepared_.emplace(sql, name).first;
  }
  const int n = params.size();
  std::vector<const char*> values(n);
  std::vector<int> lengths(n);
  for (int i = 0; i < n; ++i) {
    values[i] = params.null_[i] ? nullptr : params.values_[i].data();
    lengths[i] = static_cast<int>(params.values_[i].size());
  }
  PGresult* result = PQexecPrepared(conn_, found->second.c_str(), n, values.data(), lengths.data(),
                                    params.formats_.data(), 0);
  if (!ok(result)) throw_and_clear(*this, result, context);
  return Rows(result);
}

WriteScope::WriteScope(Session& session) : session_(session) {
  session_.ensure_connected();
  savepoint_ = session_.in_transaction();
  if (savepoint_ && PQtransactionStatus(session_.conn()) == PQTRANS_INERROR) {
    fail(HSD_ERR_CONFLICT,
         "an earlier operation failed in this transaction; roll it back before going on");
  }
  session_.exec(savepoint_ ? "SAVEPOINT hsd_op" : "BEGIN");
}

WriteScope::~WriteScope() {
  if (done_) return;
  // Errors are deliberately ignored: this runs while an exception is already propagating.
  if (PQstatus(session_.conn()) != CONNECTION_OK) return;
  const char* sql = savepoint_ ? "ROLLBACK TO SAVEPOINT hsd_op; RELEASE SAVEPOINT hsd_op" : "ROLLBACK";
  PQclear(PQexec(session_.conn(), sql));
}

void WriteScope::commit() {
  session_.exec(savepoint_ ? "RELEASE SAVEPOINT hsd_op" : "COMMIT");
  done_ = true;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace hsd::plugins::postgres
