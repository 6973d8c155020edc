#include "session.hpp"

#include <hsd/abi.h>

#include <Poco/Data/SQLite/Utility.h>
#include <openssl/rand.h>

#include <chrono>

#include "locks.hpp"
#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

std::string random_holder_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    fail(HSD_ERR_INTERNAL, "cannot draw random bytes for the session's lock holder id");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xf];
  }
  return hex;
}

}  // namespace

Session::Session(const Instance& instance)
    : instance_(instance),
      poco_("SQLite", instance.path),
      db_(Poco::Data::SQLite::Utility::dbHandle(poco_)),
      lock_holder_(random_holder_id()) {
  if (!db_) fail(HSD_ERR_INTERNAL, "opening " + instance.path + " gave no SQLite handle");
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, instance.busy_timeout_ms);
  // foreign_keys is per connection; synchronous=NORMAL is durable enough in WAL mode.
  exec(db_, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  StatementCache::attach(db_, &statements_);
}

Session::~Session() {
  // Closing rolls back an open transaction; roll back explicitly so it happens before any
  // later session can observe the lock.
  if (db_ && in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  if (db_) Locks::release_all(*this);
  if (db_) StatementCache::detach(db_);
}

void Session::begin() {
  if (in_transaction()) {
    fail(HSD_ERR_INVALID_ARGUMENT, "a transaction is already open on this session (no nesting)");
  }
  exec(db_, "BEGIN IMMEDIATE");
}

void Session::commit() {
  if (!in_transaction()) fail(HSD_ERR_INVALID_ARGUMENT, "commit without an open transaction");
  exec(db_, "COMMIT");
}

void Session::rollback() {
  if (!in_transaction()) fail(HSD_ERR_INVALID_ARGUMENT, "rollback without an open transaction");
  exec(db_, "ROLLBACK");
}

WriteScope::WriteScope(Session& session) : session_(session) {
  savepoint_ = session_.in_transaction();
  exec(session_.db(), savepoint_ ? "SAVEPOINT hsd_op" : "BEGIN IMMEDIATE");
}

WriteScope::~WriteScope() {
  if (done_) return;
  // Errors are deliberately ignored: this runs while an exception is already propagating.
  if (savepoint_) {
    sqlite3_exec(session_.db(), "ROLLBACK TO hsd_op; RELEASE hsd_op", nullptr, nullptr, nullptr);
  } else if (session_.in_transaction()) {
    sqlite3_exec(session_.db(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void WriteScope::commit() {
  exec(session_.db(), savepoint_ ? "RELEASE hsd_op" : "COMMIT");
  done_ = true;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace hsd::plugins::sqlite
