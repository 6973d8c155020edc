#include "service_database.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace hsd::testing {
namespace {

// An open database handle that closes itself.
struct Database {
  explicit Database(const std::filesystem::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error("cannot open " + path.string() + ": " + message);
    }
    sqlite3_busy_timeout(db, 10'000);
  }
  ~Database() { sqlite3_close(db); }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  sqlite3* db = nullptr;
};

}  // namespace

std::optional<std::string> database_value(const std::filesystem::path& path, const std::string& query) {
  Database database(path);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database.db, query.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error("bad SQL '" + query + "': " + sqlite3_errmsg(database.db));
  }
  std::optional<std::string> value;
  const int stepped = sqlite3_step(statement);
  if (stepped == SQLITE_ROW && sqlite3_column_type(statement, 0) != SQLITE_NULL) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  const std::string error = sqlite3_errmsg(database.db);
  sqlite3_finalize(statement);
  if (stepped != SQLITE_ROW && stepped != SQLITE_DONE) throw std::runtime_error("SQL '" + query + "' failed: " + error);
  return value;
}

void database_exec(const std::filesystem::path& path, const std::string& statements) {
  Database database(path);
  char* error = nullptr;
  if (sqlite3_exec(database.db, statements.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("SQL '" + statements + "' failed: " + message);
  }
}

}  // namespace hsd::testing
