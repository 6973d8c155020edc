#include "migrations.hpp"

#include <hsd/abi.h>

#include <set>
#include <vector>

#include "schema.hpp"
#include "session.hpp"
#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

// Every whitelisted column must exist with the same name, in the same order, so that
// row_json() can read columns by position.
void check_tables(sqlite3* db) {
  for (const Entity& entity : Schema::entities()) {
    std::vector<std::string> actual;
    Statement info(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    info.add_text(entity.name);
    while (info.step()) actual.emplace_back(info.column_text(0));
    std::vector<std::string> expected{"id"};
    for (const Column& c : entity.columns) expected.push_back(c.name);
    if (actual != expected) {
      std::string got;
      for (const auto& name : actual) got += (got.empty() ? "" : ", ") + name;
      fail(HSD_ERR_INTERNAL, "table " + entity.name + " has columns (" + got +
                                 ") which do not match the plugin's schema; the database was "
                                 "changed by hand or by another program");
    }
  }
}

bool pragma_on(sqlite3* db, const std::string& name) {
  Statement q(db, "PRAGMA " + name);
  return q.step() && q.column_int(0) != 0;
}

void check_foreign_keys(sqlite3* db) {
  Statement q(db, "PRAGMA foreign_key_check");
  if (q.step()) {
    fail(HSD_ERR_INTERNAL, "after the schema migrations, table " + std::string(q.column_text(0)) +
                               " row " + std::to_string(q.column_int(1)) +
                               " refers to a missing row of " + std::string(q.column_text(2)) +
                               "; nothing was changed");
  }
}

}  // namespace

int Migrations::latest() { return kMigrationCount ? kMigrations[kMigrationCount - 1].number : 0; }

void Migrations::apply(sqlite3* db, const std::string& path) {
  // Foreign keys off for the migrations, as SQLite documents for rebuilding a table (0006):
  // dropping a parent table with them on would delete or refuse its children. The pragma is a
  // no-op inside a transaction, so it goes before BEGIN; foreign_key_check proves nothing was
  // broken before COMMIT, and the caller's setting comes back either way.
  const bool foreign_keys = pragma_on(db, "foreign_keys");
  exec(db, "PRAGMA foreign_keys = OFF");
  struct Restore {
    sqlite3* db;
    bool on;
    ~Restore() { sqlite3_exec(db, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr); }
  } restore{db, foreign_keys};
  exec(db, "BEGIN IMMEDIATE");
  try {
    exec(db,
         "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    std::set<int> applied;
    {
      Statement q(db, "SELECT version FROM schema_migrations");
      while (q.step()) applied.insert(static_cast<int>(q.column_int(0)));
    }
    if (!applied.empty() && *applied.rbegin() > latest()) {
      fail(HSD_ERR_UNSUPPORTED,
           "database " + path + " has schema migration " + std::to_string(*applied.rbegin()) +
               " but this sqlite storage plugin knows migrations up to " +
               std::to_string(latest()) +
               "; it was written by a newer hsdeploy: upgrade hsdeploy or use another file");
    }
    for (std::size_t i = 0; i < kMigrationCount; ++i) {
      const Migration& m = kMigrations[i];
      if (applied.count(m.number)) continue;
      exec(db, m.sql);
      Statement record(db, "INSERT INTO schema_migrations (version, name, applied_at) "
                           "VALUES (?1, ?2, ?3)");
      record.add(static_cast<std::int64_t>(m.number)).add_text(m.name).add(now_ms());
      record.run();
    }
    check_tables(db);
    check_foreign_keys(db);
    exec(db, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace hsd::plugins::sqlite
