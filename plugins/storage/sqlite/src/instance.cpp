#include "instance.hpp"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>

#include <filesystem>
#include <mutex>

#include "json_codec.hpp"
#include "migrations.hpp"
#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

MigrateMode migrate_mode(const Poco::JSON::Object& config, const std::string& what) {
  const std::string mode = string_field(config, "migrate", what);
  if (mode.empty() || mode == "auto") return MigrateMode::automatic;
  if (mode == "manual") return MigrateMode::manual;
  if (mode == "inspect") return MigrateMode::inspect;
  fail(HSD_ERR_INVALID_ARGUMENT, what + ": storage.migrate must be auto, manual or inspect, not '" +
                                     mode + "'");
}

}  // namespace

Instance make_instance(const hsd_host_api* host, std::string_view config_json) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    // SQLite's memory statistics take a process-wide mutex on every allocation, which many
    // request threads then queue on; nothing reads them. This only works before SQLite
    // initialises; when someone else initialised it first, the call fails harmlessly.
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Poco::Data::SQLite::Connector::registerConnector();
  });

  const std::string what = "sqlite storage configuration";
  const auto config = parse_object(config_json, what);
  const std::string plugin = string_field(*config, "plugin", what);
  if (!plugin.empty() && plugin != "sqlite") {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " names plugin '" + plugin + "', not 'sqlite'");
  }
  Instance instance;
  instance.host = host;
  instance.path = string_field(*config, "path", what);
  if (plugin.empty() && instance.path.empty()) {
    // The engine loads every plugin of plugins.dir, and gives a storage plugin that is not
    // storage.plugin an empty configuration: loaded, but it opens no sessions.
    return instance;
  }
  if (instance.path.empty()) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " needs \"path\", the database file");
  }
  if (instance.path == ":memory:" || instance.path.rfind("file:", 0) == 0) {
    // Every session is its own connection, so an in-memory database would not be shared.
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"path\" must be a file path, not " + instance.path);
  }
  instance.path = std::filesystem::absolute(instance.path).lexically_normal().string();
  const auto timeout = int_field(*config, "busy_timeout_ms", instance.busy_timeout_ms, what);
  if (timeout < 0 || timeout > 600000) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"busy_timeout_ms\" must be 0..600000");
  }
  instance.busy_timeout_ms = static_cast<int>(timeout);
  instance.migrate = migrate_mode(*config, what);
  // Inspecting changes nothing: no folder, no journal mode, no migration (a missing file is
  // still created empty by SQLite when a session opens it, and reads as version 0).
  if (instance.migrate == MigrateMode::inspect) return instance;

  std::error_code ec;
  const auto parent = std::filesystem::path(instance.path).parent_path();
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    fail(HSD_ERR_UNAVAILABLE, "cannot create the folder " + parent.string() +
                                  " for the database: " + ec.message());
  }

  Poco::Data::Session session("SQLite", instance.path);
  sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, instance.busy_timeout_ms);
  // Checked before anything is written, so a refused database is left exactly as it was.
  if (instance.migrate == MigrateMode::manual) Migrations::require_current(db, instance.path);
  {
    // WAL lets readers see the last committed snapshot while one writer works; the mode is
    // stored in the file, so setting it once here covers every later session.
    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.step() || wal.column_text(0) != "wal") {
      fail(HSD_ERR_UNAVAILABLE, "cannot switch " + instance.path + " to WAL journal mode");
    }
  }
  exec(db, "PRAGMA foreign_keys = ON");
  if (instance.migrate == MigrateMode::automatic) Migrations::apply(db, instance.path);
  return instance;
}

}  // namespace hsd::plugins::sqlite
