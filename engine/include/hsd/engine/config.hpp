// EngineConfig is engine.yaml after environment overrides: where storage, plugins,
// pipelines and the secret key live, the service settings, and each connector's block.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "hsd/engine/compare_rules.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

struct StorageConfig {
  std::string plugin = "sqlite";
  std::filesystem::path path;  // sqlite
  std::string dsn;             // postgres
  int pool_size = 0;           // postgres: at most this many connections per engine (0: no limit)
  // Pending schema migrations at start: "auto" applies them, "manual" refuses to start until
  // `hsdeploy storage migrate` did; "inspect" (hsdeploy storage status only) does neither.
  std::string migrate = "auto";
};

struct ServiceConfig {
  std::string listen = "127.0.0.1:8080";  // port 0: any free port (the service logs the one it got)
  int workers = 4;                        // job workers
  std::string public_url = "http://127.0.0.1:8080";
  int threads = 16;                       // HTTP request threads
  std::int64_t max_body_bytes = 1 << 20;  // larger request bodies answer 413
  std::chrono::milliseconds header_timeout{10'000};  // a request's headers (and a TLS handshake) must arrive within it
  std::chrono::milliseconds read_timeout{30'000};    // a request's body must arrive within it
  std::chrono::milliseconds idle_timeout{60'000};    // an idle keep-alive connection is closed after it
  std::chrono::milliseconds write_timeout{30'000};
  std::filesystem::path tls_cert;  // both set: HTTPS
  std::filesystem::path tls_key;
  std::chrono::milliseconds job_lease{60'000};
  std::chrono::milliseconds retry_backoff{30'000};
  std::chrono::milliseconds shutdown_grace{30'000};
  std::chrono::milliseconds scheduler_tick{15'000};
  std::chrono::milliseconds refresh_ahead{15 * 60'000};
  std::chrono::milliseconds retrieve_interval{6 * 3'600'000};  // 0: no scheduled retrievals
  std::chrono::milliseconds repository_check_interval{3'600'000};  // 0: repositories are checked on demand only
  std::filesystem::path web_dir;  // the built web UI (default <root>/build/release/web)
  bool web_source_maps = false;   // serve the UI's *.map files
  // Browser sessions end after this long without a request, or at their lifetime, whichever first.
  std::chrono::milliseconds session_idle_timeout{12 * 3'600'000};
  std::chrono::milliseconds session_lifetime{30LL * 24 * 3'600'000};
  int password_hash_concurrency = 2;  // scrypt hashes computed at once; more sign-ins wait briefly, then 503
};

// log.level and log.format; HSD_LOG_LEVEL / HSD_LOG_FORMAT are applied by the CLI on top.
// Unset when engine.yaml has no log block: each program picks its own default (the one-shot
// CLI logs warnings and errors only, the service logs info).
struct LogConfig {
  std::optional<log::Level> level;
  std::optional<log::Format> format;
};

struct EngineConfig {
  std::filesystem::path file;  // the engine.yaml that was read
  std::filesystem::path root;  // relative paths are relative to this (file's folder's parent)
  StorageConfig storage;
  std::filesystem::path plugins_dir;
  std::filesystem::path plugin_data_dir;  // each plugin's files (e.g. git mirrors) go in <dir>/<plugin id>
  std::filesystem::path pipelines_dir;
  std::filesystem::path key_file;
  ServiceConfig service;
  LogConfig log;
  // connectors.<plugin id> blocks as JSON object text, passed to each plugin's create().
  std::map<std::string, std::string> connectors;
  // compare.rules: operators' additions to plugins' compare rules, by plugin id then object
  // type, merged onto the plugin's with merge_compare_rules() (the ids are not checked here).
  std::map<std::string, std::map<std::string, CompareRules>> compare_rules;
  // Where each compare.rules plugin ("<id>") and type ("<id>.<type>") key was read
  // ("FILE:LINE:COLUMN"), so the engine can name it when the plugin or type does not exist.
  std::map<std::string, std::string> compare_rule_locations;
  // retention.snapshots: the earlier snapshots each connection keeps after a retrieval (as
  // 'previous', for comparisons against its own past); 0 keeps none.
  std::int64_t retention_snapshots = 10;
  // The storage block as JSON object text with paths made absolute, passed to the storage plugin.
  std::string storage_json() const;
  // The JSON text for a plugin id: its connector block, the storage block for the storage
  // plugin, or "{}".
  std::string plugin_config_json(const std::string& plugin_id) const;
};

using Environment = std::map<std::string, std::string>;

// The process environment's HSD_* variables.
Environment hsd_environment();

// Reads engine.yaml and applies HSD_* overrides from env (HSD_CONFIG, HSD_SECRET_KEY,
// HSD_LOG_LEVEL and HSD_LOG_FORMAT are not config keys and are skipped). An unknown key, a
// wrong type or an override that names no key is ErrorCode::invalid_argument with a message
// naming file:line:column (or the variable) and the key path.
Result<EngineConfig> load_config(const std::filesystem::path& file, const Environment& env);

}  // namespace hsd::engine
