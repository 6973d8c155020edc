// Statement is a prepared sqlite3 statement with positional binding and typed column reads.
// All SQL runs through it (or exec()), so every SQLite failure is mapped to an hsd_status in
// one place: busy -> UNAVAILABLE (retryable), unique -> CONFLICT, not null / check / foreign
// key -> INVALID_ARGUMENT, anything else -> INTERNAL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "statement_cache.hpp"
#include "value.hpp"

namespace hsd::plugins::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds the next positional parameter (?1, ?2, ... in call order).
  Statement& add(std::int64_t value);
  Statement& add_text(std::string_view value);
  Statement& add_blob(std::string_view value);
  Statement& add_null();
  Statement& add(const Value& value);

  // Runs to the next row: true when a row is ready, false when the statement is done.
  bool step();
  // Runs a statement that returns no rows (or ignores them).
  void run();
  // Makes the statement ready to run again with new bindings.
  void reset();

  bool is_null(int column) const;
  std::int64_t column_int(int column) const;
  std::string_view column_text(int column) const;
  std::string_view column_blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int next_ = 1;
  StatementCache* cache_ = nullptr;  // the connection's, when it has one: stmt_ goes back to it
  std::string sql_;                  // the cache's key
};

// Runs one or more statements without parameters (DDL, BEGIN, PRAGMA ...).
void exec(sqlite3* db, const std::string& sql);

// Throws the StorageError that matches an SQLite failure; context names the operation.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc, std::string_view context);

// Rows changed by the last INSERT/UPDATE/DELETE on db.
std::int64_t changes(sqlite3* db);

}  // namespace hsd::plugins::sqlite
