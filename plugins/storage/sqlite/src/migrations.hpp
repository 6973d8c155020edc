// Numbered, forward-only schema migrations (migrations/NNNN_name.sql, compiled into the
// plugin). schema_migrations records the numbers applied; a database that carries a number
// this plugin does not know was written by a newer hsdeploy and is refused.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <string>

namespace hsd::plugins::sqlite {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

// Generated from migrations/*.sql by CMake (migrations_data.cpp), in number order.
extern const Migration kMigrations[];
extern const std::size_t kMigrationCount;

class Migrations {
 public:
  // Applies the missing migrations in one IMMEDIATE transaction (so two processes starting at
  // once apply each migration exactly once), then checks every table against the schema
  // whitelist. Throws StorageError; UNSUPPORTED for a database newer than the plugin.
  static void apply(sqlite3* db, const std::string& path);
  static int latest();
};

}  // namespace hsd::plugins::sqlite
