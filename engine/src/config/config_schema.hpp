// The fixed part of engine.yaml's schema (DESIGN.md "Configuration"): sections and their keys.
// connectors.<id> blocks are free-form and not listed here.
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace hsd::engine::detail {

struct ConfigSection {
  std::string_view name;
  std::vector<std::string_view> keys;
};

inline const std::vector<ConfigSection>& config_sections() {
  static const std::vector<ConfigSection> sections = {
      {"storage", {"plugin", "path", "dsn", "pool_size", "migrate"}},
      {"plugins", {"dir", "data_dir"}},
      {"pipelines", {"dir"}},
      {"secrets", {"key_file"}},
      {"service",
       {"listen", "workers", "public_url", "threads", "max_body_bytes", "header_timeout", "read_timeout", "idle_timeout",
        "write_timeout", "tls_cert", "tls_key", "job_lease", "retry_backoff", "shutdown_grace", "scheduler_tick", "refresh_ahead",
        "retrieve_interval", "repository_check_interval", "web_dir", "web_source_maps", "session_idle_timeout",
        "session_lifetime", "password_hash_concurrency"}},
      {"log", {"level", "format"}},
      // compare.rules.<plugin>.<type>: {key?, ignore?, arrays?}, checked by the loader.
      {"compare", {"rules"}},
      // retention.snapshots: how many earlier snapshots each connection keeps (0..1000).
      {"retention", {"snapshots"}},
  };
  return sections;
}

inline constexpr std::string_view kConnectorsSection = "connectors";

// Variables that share the HSD_ prefix but are read elsewhere (CLI, sealer, logging).
inline constexpr std::array<std::string_view, 4> kNonConfigVariables = {
    "HSD_CONFIG", "HSD_SECRET_KEY", "HSD_LOG_LEVEL", "HSD_LOG_FORMAT"};

}  // namespace hsd::engine::detail
