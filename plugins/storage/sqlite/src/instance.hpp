// Instance is what create() returns: the plugin configuration and the host table. It holds no
// database connection itself; every session opens its own.
#pragma once

#include <hsd/abi.h>

#include <string>

namespace hsd::plugins::sqlite {

// What loading does to the schema (config "migrate").
enum class MigrateMode {
  automatic,  // "auto" (default): apply pending migrations
  manual,     // refuse to load while migrations are pending (`hsdeploy storage migrate` applies them)
  inspect,    // change nothing and refuse nothing: for schema_status (`hsdeploy storage status`)
};

struct Instance {
  const hsd_host_api* host = nullptr;
  std::string path;               // absolute path of the database file
  int busy_timeout_ms = 10000;    // how long a writer waits for another one's lock
  MigrateMode migrate = MigrateMode::automatic;
};

// Parses {"plugin":"sqlite","path":"/abs/file.db","busy_timeout_ms":N,"migrate":"auto"},
// creates the parent folder, enables WAL and applies the migrations (as migrate says).
// Throws StorageError. An empty configuration (the engine's, for a storage plugin it does not
// use) gives an instance that opens no sessions.
Instance make_instance(const hsd_host_api* host, std::string_view config_json);

}  // namespace hsd::plugins::sqlite
