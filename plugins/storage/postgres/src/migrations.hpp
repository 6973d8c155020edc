// Numbered, forward-only schema migrations (migrations/NNNN_name.sql, compiled into the
// plugin). schema_migrations records the numbers applied; a database that carries a number
// this plugin does not know was written by a newer hsdeploy and is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "session.hpp"

namespace hsd::plugins::postgres {

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
  // Applies each missing migration in a transaction of its own under a transaction-level
  // advisory lock, so engines started together apply each exactly once (the others wait for
  // the lock, then find it applied), then checks every table's columns against the schema
  // whitelist. Throws StorageError; UNSUPPORTED for a database newer than the plugin.
  static void apply(Session& session);
  // For storage.migrate "manual": refuses (UNSUPPORTED) a database with pending migrations,
  // naming `hsdeploy storage migrate`, or one newer than the plugin; then checks the tables.
  static void require_current(Session& session);
  // The newest version applied (0: none, or no schema_migrations table yet).
  static std::int64_t applied_version(Session& session);
  // schema_status's row: {"version","supported","pending":[{"version","name"}],
  // "applied":[{"version","name","applied_at"}]}, read from the database now.
  static std::string status(Session& session);
  static int latest();
};

}  // namespace hsd::plugins::postgres
