#include "migrations.hpp"

#include <hsd/abi.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <set>
#include <sstream>
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

bool has_migrations_table(sqlite3* db) {
  Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  return q.step();
}

[[noreturn]] void refuse_newer_at_load(std::int64_t version, const std::string& path) {
  fail(HSD_ERR_UNSUPPORTED,
       "database " + path + " has schema migration " + std::to_string(version) +
           " but this sqlite storage plugin knows migrations up to " +
           std::to_string(Migrations::latest()) +
           "; it was written by a newer hsdeploy: upgrade hsdeploy or use another file");
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
    if (!applied.empty() && *applied.rbegin() > latest()) refuse_newer_at_load(*applied.rbegin(), path);
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

std::vector<AppliedMigration> Migrations::applied(sqlite3* db) {
  std::vector<AppliedMigration> out;
  if (!has_migrations_table(db)) return out;
  Statement q(db, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  while (q.step()) out.push_back({q.column_int(0), std::string(q.column_text(1)), q.column_int(2)});
  return out;
}

std::int64_t Migrations::applied_version(sqlite3* db) {
  // max() of an INTEGER PRIMARY KEY is one step to the end of the table's b-tree.
  Statement q(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  return q.step() ? q.column_int(0) : 0;
}

void Migrations::refuse_newer(sqlite3* db) {
  const std::int64_t version = applied_version(db);
  if (version > latest()) {
    fail(HSD_ERR_UNSUPPORTED, "the database schema is at version " + std::to_string(version) +
                                  "; this hsdeploy knows up to " + std::to_string(latest()));
  }
}

void Migrations::require_current(sqlite3* db, const std::string& path) {
  const auto done = applied(db);
  if (!done.empty() && done.back().version > latest()) refuse_newer_at_load(done.back().version, path);
  std::set<std::int64_t> versions;
  for (const auto& m : done) versions.insert(m.version);
  std::string pending;
  std::size_t count = 0;
  for (std::size_t i = 0; i < kMigrationCount; ++i) {
    if (versions.count(kMigrations[i].number)) continue;
    pending += (pending.empty() ? "" : ", ") + std::string(kMigrations[i].name);
    ++count;
  }
  if (count > 0) {
    fail(HSD_ERR_UNSUPPORTED,
         "database " + path + " has " + std::to_string(count) + " pending schema migration" +
             (count == 1 ? "" : "s") + " (" + pending +
             ") and storage.migrate is manual: run `hsdeploy storage migrate` to apply them");
  }
  check_tables(db);
}

std::string Migrations::status_json(sqlite3* db) {
  const auto done = applied(db);
  std::set<std::int64_t> versions;
  Poco::JSON::Array::Ptr applied_list = new Poco::JSON::Array;
  for (const auto& m : done) {
    versions.insert(m.version);
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("version", m.version);
    item->set("name", m.name);
    item->set("applied_at", m.applied_at);
    applied_list->add(item);
  }
  Poco::JSON::Array::Ptr pending = new Poco::JSON::Array;
  for (std::size_t i = 0; i < kMigrationCount; ++i) {
    if (versions.count(kMigrations[i].number)) continue;
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("version", static_cast<std::int64_t>(kMigrations[i].number));
    item->set("name", std::string(kMigrations[i].name));
    pending->add(item);
  }
  Poco::JSON::Object::Ptr status = new Poco::JSON::Object;
  status->set("version", done.empty() ? std::int64_t{0} : done.back().version);
  status->set("supported", static_cast<std::int64_t>(latest()));
  status->set("pending", pending);
  status->set("applied", applied_list);
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(status, out);
  return out.str();
}

}  // namespace hsd::plugins::sqlite
