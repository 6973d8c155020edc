// Numbered, forward-only schema migrations (migrations/NNNN_name.sql, compiled into the
// plugin). schema_migrations records the numbers applied; a database that carries a number
// this plugin does not know was written by a newer hsdeploy and is refused at load, and job
// claims stop once another engine migrates past this plugin while it runs.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hsd::plugins::sqlite {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

// Generated from migrations/*.sql by CMake (migrations_data.cpp), in number order.
extern const Migration kMigrations[];
extern const std::size_t kMigrationCount;

struct AppliedMigration {
  std::int64_t version;
  std::string name;
  std::int64_t applied_at;
};

class Migrations {
 public:
  // Applies the missing migrations in one IMMEDIATE transaction (so two processes starting at
  // once apply each migration exactly once), then checks every table against the schema
  // whitelist. Throws StorageError; UNSUPPORTED for a database newer than the plugin.
  static void apply(sqlite3* db, const std::string& path);
  // storage.migrate "manual": changes nothing, and refuses (UNSUPPORTED) a database with
  // pending migrations, naming them and `hsdeploy storage migrate`, or a newer one.
  static void require_current(sqlite3* db, const std::string& path);
  // The newest migration this plugin knows.
  static int latest();
  // The newest version applied (0: none), one read of schema_migrations' primary key.
  static std::int64_t applied_version(sqlite3* db);
  // UNSUPPORTED "the database schema is at version N; ..." when the applied version is newer
  // than latest() (another engine migrated the database while this one runs).
  static void refuse_newer(sqlite3* db);
  // schema_status's row: {"version","supported","pending":[{"version","name"}],
  // "applied":[{"version","name","applied_at"}]}. A database never migrated has version 0.
  static std::string status_json(sqlite3* db);

 private:
  static std::vector<AppliedMigration> applied(sqlite3* db);
};

}  // namespace hsd::plugins::sqlite
