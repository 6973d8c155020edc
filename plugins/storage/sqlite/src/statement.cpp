#include "statement.hpp"

#include <hsd/abi.h>

#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

// "UNIQUE constraint failed: workspaces.name, workspaces.x" -> "(name, x)" for the message.
std::string unique_key_of(std::string_view message, std::string& table) {
  const std::string_view marker = "failed: ";
  const auto at = message.find(marker);
  if (at == std::string_view::npos) return std::string(message);
  std::string_view rest = message.substr(at + marker.size());
  std::string key = "(";
  bool first = true;
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    std::string_view part = rest.substr(0, comma);
    if (const auto dot = part.find('.'); dot != std::string_view::npos) {
      table = std::string(part.substr(0, dot));
      part = part.substr(dot + 1);
    }
    if (!first) key += ", ";
    key += part;
    first = false;
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 2);
  }
  return key + ")";
}

}  // namespace

void throw_sqlite_error(sqlite3* db, int rc, std::string_view context) {
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string where = context.empty() ? std::string() : std::string(context) + ": ";
  switch (extended & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StorageError(HSD_ERR_UNAVAILABLE,
                         where + "the database stayed locked by another writer beyond the busy "
                                 "timeout (" + message + "); retry later",
                         true);
    case SQLITE_CONSTRAINT:
      break;
    default:
      throw StorageError(HSD_ERR_INTERNAL, where + "SQLite error " + std::to_string(extended) +
                                               ": " + message);
  }
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      std::string table;
      const std::string key = unique_key_of(message, table);
      throw StorageError(HSD_ERR_CONFLICT, where + "a " + table + " record with the same " + key +
                                               " already exists (unique key " + table + key + ")");
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      throw StorageError(HSD_ERR_INVALID_ARGUMENT,
                         where + "a referenced record does not exist, or the record is still "
                                 "referenced by others (" + message + ")");
    default:
      throw StorageError(HSD_ERR_INVALID_ARGUMENT, where + message);
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), cache_(StatementCache::of(db)) {
  if (cache_) {
    stmt_ = cache_->take(sql);
    if (stmt_) {
      sql_ = sql;
      return;
    }
  }
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    cache_ ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc, "preparing SQL");
  if (cache_) sql_ = sql;
}

Statement::~Statement() {
  if (cache_ && stmt_) cache_->keep(std::move(sql_), stmt_);
  else sqlite3_finalize(stmt_);
}

Statement& Statement::add(std::int64_t value) {
  sqlite3_bind_int64(stmt_, next_++, value);
  return *this;
}

Statement& Statement::add_text(std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's buffer may go away before step().
  sqlite3_bind_text64(stmt_, next_++, value.data() ? value.data() : "", value.size(),
                      SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::add_blob(std::string_view value) {
  sqlite3_bind_blob64(stmt_, next_++, value.data() ? value.data() : "", value.size(),
                      SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::add_null() {
  sqlite3_bind_null(stmt_, next_++);
  return *this;
}

Statement& Statement::add(const Value& value) {
  switch (value.kind) {
    case Value::Kind::integer: return add(value.integer);
    case Value::Kind::text: return add_text(value.text);
    case Value::Kind::null: break;
  }
  return add_null();
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite_error(db_, rc, "");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  next_ = 1;
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string_view Statement::column_text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::string_view(data, static_cast<size_t>(size)) : std::string_view();
}

std::string_view Statement::column_blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::string_view(data, static_cast<size_t>(size)) : std::string_view();
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available through sqlite3_errmsg
  if (rc != SQLITE_OK) throw_sqlite_error(db, rc, "");
}

std::int64_t changes(sqlite3* db) { return sqlite3_changes64(db); }

}  // namespace hsd::plugins::sqlite
