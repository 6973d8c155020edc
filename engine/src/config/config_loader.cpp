// load_config(): parse engine.yaml, check its shape against the schema (so a typo is reported
// where it was typed), apply HSD_* overrides, then read and validate each value.
#include <Poco/URI.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <set>

#include "config_schema.hpp"
#include "hsd/engine/duration.hpp"
#include "env_overrides.hpp"
#include "hsd/engine/config.hpp"
#include "yaml_json.hpp"

namespace hsd::engine {
namespace {

using detail::ConfigSection;
using detail::OverrideSources;

const char* type_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

class ConfigReader {
 public:
  ConfigReader(std::filesystem::path file, YAML::Node root)
      : file_(std::move(file)), root_(std::move(root)) {}

  Status check_shape();
  Status apply(const Environment& env);
  Result<EngineConfig> read();

 private:
  // "FILE:LINE:COLUMN" for a node from the file, or the variable that overrode the key path.
  std::string where(const YAML::Node& node, const std::string& path) const {
    if (auto it = sources_.find(path); it != sources_.end()) return it->second;
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return file_.string();
    return file_.string() + ":" + std::to_string(mark.line + 1) + ":" +
           std::to_string(mark.column + 1);
  }
  // The node for section.key for error locations: the key, else its section, else the root.
  YAML::Node node_at(const std::string& section, const std::string& key) const {
    const YAML::Node parent = root_[section];
    if (!parent) return root_;
    if (!parent.IsMap()) return parent;
    const YAML::Node node = parent[key];
    return node ? node : parent;
  }
  Error fail(const YAML::Node& node, const std::string& path, const std::string& what) const {
    return make_error(ErrorCode::invalid_argument,
                      where(node, path) + ": key path '" + path + "': " + what);
  }

  Status check_keys(const YAML::Node& map, const std::string& prefix,
                    const std::vector<std::string_view>& allowed) const;
  Status check_mapping(const YAML::Node& node, const std::string& path) const;
  Result<std::optional<std::string>> scalar(const std::string& section,
                                            const std::string& key) const;
  Result<std::filesystem::path> path_value(const std::string& section, const std::string& key,
                                           const std::filesystem::path& fallback) const;
  Status read_storage(EngineConfig& config) const;
  Status read_service(EngineConfig& config) const;
  Status read_log(EngineConfig& config) const;
  Status read_connectors(EngineConfig& config) const;
  Status read_compare(EngineConfig& config) const;
  Status read_retention(EngineConfig& config) const;
  Result<CompareRules> read_type_rules(const YAML::Node& node, const std::string& path) const;
  Result<std::string> pattern(const YAML::Node& node, const std::string& path, bool wildcards,
                              bool allow_empty) const;

  std::filesystem::path file_;
  YAML::Node root_;
  OverrideSources sources_;
};

Status ConfigReader::check_mapping(const YAML::Node& node, const std::string& path) const {
  if (node.IsMap() || node.IsNull()) return {};
  return fail(node, path, std::string("expected a mapping, got ") + type_name(node));
}

Status ConfigReader::check_keys(const YAML::Node& map, const std::string& prefix,
                                const std::vector<std::string_view>& allowed) const {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    const std::string name = key.IsScalar() ? key.Scalar() : std::string("?");
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (!key.IsScalar()) return fail(key, path, "keys must be plain names");
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return fail(key, path, "unknown key; allowed: " + joined(allowed));
    if (!seen.insert(name).second) return fail(key, path, "duplicate key");
  }
  return {};
}

Status ConfigReader::check_shape() {
  if (root_.IsNull()) root_ = YAML::Node(YAML::NodeType::Map);
  // Const access: a lookup must never add the key it looks for.
  const YAML::Node& root = root_;
  if (!root.IsMap()) {
    return make_error(ErrorCode::invalid_argument,
                      where(root, "") +
                          ": the file must be a mapping of sections (storage, "
                          "plugins, pipelines, secrets, service, connectors)");
  }
  std::vector<std::string_view> top;
  for (const auto& section : detail::config_sections()) top.push_back(section.name);
  top.push_back(detail::kConnectorsSection);
  HSD_TRY(check_keys(root, "", top));
  for (const auto& section : detail::config_sections()) {
    const YAML::Node node = root[std::string(section.name)];
    if (!node) continue;
    HSD_TRY(check_mapping(node, std::string(section.name)));
    if (node.IsMap()) HSD_TRY(check_keys(node, std::string(section.name), section.keys));
  }
  const std::string connectors(detail::kConnectorsSection);
  if (const YAML::Node node = root[connectors]) {
    HSD_TRY(check_mapping(node, connectors));
    if (node.IsMap()) {
      std::set<std::string> seen;
      for (const auto& entry : node) {
        const std::string path = connectors + "." + entry.first.Scalar();
        if (!entry.first.IsScalar() || entry.first.Scalar().empty())
          return fail(entry.first, connectors, "connector ids must be plain names");
        if (!seen.insert(entry.first.Scalar()).second)
          return fail(entry.first, path, "duplicate key");
        HSD_TRY(check_mapping(entry.second, path));
      }
    }
  }
  return {};
}

Status ConfigReader::apply(const Environment& env) {
  auto sources = detail::apply_env_overrides(root_, env);
  if (!sources) return sources.error();
  sources_ = std::move(*sources);
  return {};
}

Result<std::optional<std::string>> ConfigReader::scalar(const std::string& section,
                                                        const std::string& key) const {
  const YAML::Node parent = root_[section];
  if (!parent || !parent.IsMap()) return std::optional<std::string>();
  const YAML::Node node = parent[key];
  if (!node || node.IsNull()) return std::optional<std::string>();
  if (!node.IsScalar())
    return fail(node, section + "." + key,
                std::string("expected a scalar, got ") + type_name(node));
  return std::optional<std::string>(node.Scalar());
}

Result<std::filesystem::path> ConfigReader::path_value(
    const std::string& section, const std::string& key,
    const std::filesystem::path& fallback) const {
  auto text = scalar(section, key);
  if (!text) return text.error();
  std::filesystem::path value = text->value_or(fallback.string());
  if (value.empty()) {
    return fail(node_at(section, key), section + "." + key, "must not be empty");
  }
  // Relative paths are relative to the project root, whatever the working directory.
  const std::filesystem::path root = file_.parent_path().parent_path();
  return (value.is_absolute() ? value : root / value).lexically_normal();
}

Status ConfigReader::read_storage(EngineConfig& config) const {
  auto plugin = scalar("storage", "plugin");
  if (!plugin) return plugin.error();
  if (*plugin) config.storage.plugin = **plugin;
  if (config.storage.plugin.empty())
    return fail(node_at("storage", "plugin"), "storage.plugin", "must name a storage plugin");
  auto dsn = scalar("storage", "dsn");
  if (!dsn) return dsn.error();
  config.storage.dsn = dsn->value_or("");
  auto path = scalar("storage", "path");
  if (!path) return path.error();
  if (config.storage.plugin == "sqlite" && !*path)
    return fail(node_at("storage", "path"), "storage.path",
                "required when storage.plugin is sqlite");
  if (config.storage.plugin == "postgres" && config.storage.dsn.empty())
    return fail(node_at("storage", "dsn"), "storage.dsn",
                "required when storage.plugin is postgres");
  auto pool_size = scalar("storage", "pool_size");
  if (!pool_size) return pool_size.error();
  if (*pool_size) {
    int value = 0;
    auto [end, ec] = std::from_chars((*pool_size)->data(), (*pool_size)->data() + (*pool_size)->size(), value);
    if (ec != std::errc() || end != (*pool_size)->data() + (*pool_size)->size() || value < 1 || value > 1000) {
      return fail(node_at("storage", "pool_size"), "storage.pool_size",
                  "expected an integer from 1 to 1000, got '" + **pool_size + "'");
    }
    config.storage.pool_size = value;
  }
  auto migrate = scalar("storage", "migrate");
  if (!migrate) return migrate.error();
  if (*migrate) {
    // "inspect" is the engine's own (hsdeploy storage status), not a setting.
    if (**migrate != "auto" && **migrate != "manual") {
      return fail(node_at("storage", "migrate"), "storage.migrate",
                  "expected auto or manual, got '" + **migrate + "'");
    }
    config.storage.migrate = **migrate;
  }
  if (*path) {
    auto resolved = path_value("storage", "path", {});
    if (!resolved) return resolved.error();
    config.storage.path = *resolved;
  }
  return {};
}

// host:port, host being a name, an IPv4 address or a bracketed IPv6 address. Port 0 is
// allowed: it asks for an ephemeral port, which tests use.
bool valid_listen(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  const std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.front() == '[' ? host.back() != ']' : host.find(':') != std::string::npos) return false;
  if (host.find_first_of(" /\t") != std::string::npos) return false;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value <= 65535;
}

Status ConfigReader::read_service(EngineConfig& config) const {
  auto listen = scalar("service", "listen");
  if (!listen) return listen.error();
  if (*listen) config.service.listen = **listen;
  if (!valid_listen(config.service.listen)) {
    return fail(node_at("service", "listen"), "service.listen",
                "expected host:port such as 127.0.0.1:8080, got '" + config.service.listen + "'");
  }
  auto integer = [&](const std::string& key, std::int64_t min, std::int64_t max, auto& target) -> Status {
    auto text = scalar("service", key);
    if (!text) return text.error();
    if (!*text) return {};
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), value);
    if (ec != std::errc() || end != (*text)->data() + (*text)->size() || value < min || value > max) {
      return fail(node_at("service", key), "service." + key,
                  "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                      **text + "'");
    }
    target = static_cast<std::remove_reference_t<decltype(target)>>(value);
    return {};
  };
  // "0" is allowed only where it means "never".
  auto duration = [&](const std::string& key, bool zero_allowed, std::chrono::milliseconds& target,
                      std::chrono::milliseconds max = detail::kDefaultMaxDuration) -> Status {
    auto text = scalar("service", key);
    if (!text) return text.error();
    if (!*text) return {};
    if (zero_allowed && (**text == "0" || **text == "off")) {
      target = std::chrono::milliseconds(0);
      return {};
    }
    auto parsed = detail::parse_duration(**text, max);
    if (!parsed) {
      return fail(node_at("service", key), "service." + key,
                  "expected a duration such as 500ms, 30s, 5m or 6h (at most " +
                      (max > detail::kDefaultMaxDuration ? std::to_string(max.count() / 86'400'000) + "d"
                                                         : detail::format_duration(max)) +
                      ")" +
                      std::string(zero_allowed ? ", or 0 for never" : "") + ", got '" + **text + "'");
    }
    target = *parsed;
    return {};
  };
  HSD_TRY(integer("workers", 1, 256, config.service.workers));
  HSD_TRY(integer("threads", 1, 1024, config.service.threads));
  HSD_TRY(integer("max_body_bytes", 1024, std::int64_t{1} << 30, config.service.max_body_bytes));
  HSD_TRY(duration("header_timeout", false, config.service.header_timeout));
  HSD_TRY(duration("read_timeout", false, config.service.read_timeout));
  HSD_TRY(duration("idle_timeout", false, config.service.idle_timeout));
  HSD_TRY(duration("write_timeout", false, config.service.write_timeout));
  HSD_TRY(duration("job_lease", false, config.service.job_lease));
  HSD_TRY(duration("retry_backoff", false, config.service.retry_backoff));
  HSD_TRY(duration("shutdown_grace", true, config.service.shutdown_grace));
  HSD_TRY(duration("scheduler_tick", false, config.service.scheduler_tick));
  HSD_TRY(duration("refresh_ahead", false, config.service.refresh_ahead));
  HSD_TRY(duration("retrieve_interval", true, config.service.retrieve_interval));
  HSD_TRY(duration("repository_check_interval", true, config.service.repository_check_interval));
  // A browser session's lifetime and its idle timeout may each be up to a year.
  constexpr std::chrono::milliseconds kYear{365LL * 24 * 3'600'000};
  HSD_TRY(duration("session_idle_timeout", false, config.service.session_idle_timeout, kYear));
  HSD_TRY(duration("session_lifetime", false, config.service.session_lifetime, kYear));
  HSD_TRY(integer("password_hash_concurrency", 1, 64, config.service.password_hash_concurrency));
  for (const std::string key : {"tls_cert", "tls_key"}) {
    auto text = scalar("service", key);
    if (!text) return text.error();
    if (!*text || (*text)->empty()) continue;
    auto resolved = path_value("service", key, {});
    if (!resolved) return resolved.error();
    (key == "tls_cert" ? config.service.tls_cert : config.service.tls_key) = *resolved;
  }
  if (config.service.tls_cert.empty() != config.service.tls_key.empty()) {
    return fail(node_at("service", config.service.tls_cert.empty() ? "tls_key" : "tls_cert"), "service.tls_cert",
                "tls_cert and tls_key go together: set both for HTTPS, or neither");
  }
  auto web_dir = path_value("service", "web_dir", "build/release/web");
  if (!web_dir) return web_dir.error();
  config.service.web_dir = *web_dir;
  auto source_maps = scalar("service", "web_source_maps");
  if (!source_maps) return source_maps.error();
  if (*source_maps) {
    if (**source_maps != "true" && **source_maps != "false") {
      return fail(node_at("service", "web_source_maps"), "service.web_source_maps",
                  "expected true or false, got '" + **source_maps + "'");
    }
    config.service.web_source_maps = **source_maps == "true";
  }
  auto public_url = scalar("service", "public_url");
  if (!public_url) return public_url.error();
  if (*public_url) config.service.public_url = **public_url;
  const std::string& url = config.service.public_url;
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return fail(node_at("service", "public_url"), "service.public_url",
                "expected an http:// or https:// URL, got '" + url + "'");
  }
  return {};
}

Status ConfigReader::read_log(EngineConfig& config) const {
  auto level = scalar("log", "level");
  if (!level) return level.error();
  if (*level) {
    log::Level parsed;
    if (!log::parse_level(**level, parsed)) {
      return fail(node_at("log", "level"), "log.level",
                  "expected trace, debug, info, warn or error, got '" + **level + "'");
    }
    config.log.level = parsed;
  }
  auto format = scalar("log", "format");
  if (!format) return format.error();
  if (*format) {
    const std::string& text = **format;
    if (text == "text")
      config.log.format = log::Format::text;
    else if (text == "json")
      config.log.format = log::Format::json;
    else if (text == "auto")
      config.log.format = log::Format::automatic;
    else
      return fail(node_at("log", "format"), "log.format",
                  "expected text, json or auto, got '" + text + "'");
  }
  return {};
}

Status ConfigReader::read_connectors(EngineConfig& config) const {
  const YAML::Node connectors = root_[std::string(detail::kConnectorsSection)];
  if (!connectors || !connectors.IsMap()) return {};
  for (const auto& entry : connectors) {
    const std::string id = entry.first.Scalar();
    if (!entry.second.IsMap() && !entry.second.IsNull()) {
      return fail(entry.second, "connectors." + id,
                  std::string("expected a mapping, got ") + type_name(entry.second));
    }
    Poco::Dynamic::Var json = entry.second.IsMap()
                                  ? detail::yaml_to_json(entry.second)
                                  : detail::yaml_to_json(YAML::Node(YAML::NodeType::Map));
    config.connectors[id] = detail::json_text(json);
  }
  return {};
}

Result<std::string> ConfigReader::pattern(const YAML::Node& node, const std::string& path, bool wildcards,
                                          bool allow_empty) const {
  if (!node.IsScalar()) {
    return fail(node, path, std::string("expected a JSON pointer, got ") + type_name(node));
  }
  if (auto problem = compare_pattern_problem(node.Scalar(), wildcards, allow_empty); !problem.empty()) {
    return fail(node, path, problem);
  }
  return node.Scalar();
}

Result<CompareRules> ConfigReader::read_type_rules(const YAML::Node& node, const std::string& path) const {
  CompareRules rules;
  if (node.IsNull()) return rules;
  HSD_TRY(check_mapping(node, path));
  HSD_TRY(check_keys(node, path, {"key", "ignore", "arrays"}));
  if (const YAML::Node key = node["key"]) {
    auto text = pattern(key, path + ".key", false, false);
    if (!text) return text.error();
    rules.key = *text;
  }
  if (const YAML::Node ignore = node["ignore"]) {
    if (!ignore.IsSequence()) {
      return fail(ignore, path + ".ignore", std::string("expected a list of JSON pointers, got ") + type_name(ignore));
    }
    for (std::size_t i = 0; i < ignore.size(); ++i) {
      auto text = pattern(ignore[i], path + ".ignore[" + std::to_string(i) + "]", true, false);
      if (!text) return text.error();
      rules.ignore.push_back(*text);
    }
  }
  if (const YAML::Node arrays = node["arrays"]) {
    if (!arrays.IsSequence()) {
      return fail(arrays, path + ".arrays", std::string("expected a list of {at, key}, got ") + type_name(arrays));
    }
    for (std::size_t i = 0; i < arrays.size(); ++i) {
      const YAML::Node item = arrays[i];
      const std::string item_path = path + ".arrays[" + std::to_string(i) + "]";
      if (!item.IsMap()) return fail(item, item_path, std::string("expected a mapping {at, key}, got ") + type_name(item));
      HSD_TRY(check_keys(item, item_path, {"at", "key"}));
      for (const char* name : {"at", "key"}) {
        if (!item[name]) return fail(item, item_path + "." + name, "missing");
      }
      auto at = pattern(item["at"], item_path + ".at", true, true);
      if (!at) return at.error();
      auto key = pattern(item["key"], item_path + ".key", false, true);
      if (!key) return key.error();
      for (const auto& earlier : rules.arrays) {
        if (earlier.at == *at) return fail(item["at"], item_path + ".at", "repeats '" + *at + "'");
      }
      rules.arrays.push_back({*at, *key});
    }
  }
  return rules;
}

// retention.snapshots: a whole number from 0 to kMaxKeptSnapshots. The cap keeps a typo
// (100000) from quietly keeping every retrieval's objects forever.
Status ConfigReader::read_retention(EngineConfig& config) const {
  constexpr std::int64_t kMaxKeptSnapshots = 1000;
  auto text = scalar("retention", "snapshots");
  if (!text) return text.error();
  if (!*text) return {};
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars((*text)->data(), (*text)->data() + (*text)->size(), value);
  if (ec != std::errc() || end != (*text)->data() + (*text)->size() || value < 0 || value > kMaxKeptSnapshots) {
    return fail(node_at("retention", "snapshots"), "retention.snapshots",
                "expected a whole number of snapshots from 0 (keep none) to " + std::to_string(kMaxKeptSnapshots) +
                    ", got '" + **text + "'");
  }
  config.retention_snapshots = value;
  return {};
}

// compare.rules.<plugin>.<type>: {key?, ignore?, arrays?} (see CompareRules).
Status ConfigReader::read_compare(EngineConfig& config) const {
  const YAML::Node section = root_["compare"];
  if (!section || !section.IsMap()) return {};
  const YAML::Node rules = section["rules"];
  if (!rules || rules.IsNull()) return {};
  const std::string path = "compare.rules";
  if (!rules.IsMap()) {
    return fail(rules, path,
                std::string("expected a mapping of plugin ids to object types, got ") + type_name(rules));
  }
  for (const auto& plugin : rules) {
    if (!plugin.first.IsScalar() || plugin.first.Scalar().empty())
      return fail(plugin.first, path, "plugin ids must be plain names");
    const std::string id = plugin.first.Scalar();
    const std::string plugin_path = path + "." + id;
    if (config.compare_rules.count(id)) return fail(plugin.first, plugin_path, "duplicate key");
    auto& types = config.compare_rules[id];
    config.compare_rule_locations[id] = where(plugin.first, plugin_path);
    if (plugin.second.IsNull()) continue;
    if (!plugin.second.IsMap()) {
      return fail(plugin.second, plugin_path,
                  std::string("expected a mapping of object types, got ") + type_name(plugin.second));
    }
    for (const auto& type : plugin.second) {
      if (!type.first.IsScalar() || type.first.Scalar().empty())
        return fail(type.first, plugin_path, "object types must be plain names");
      const std::string type_path = plugin_path + "." + type.first.Scalar();
      if (types.count(type.first.Scalar())) return fail(type.first, type_path, "duplicate key");
      auto read = read_type_rules(type.second, type_path);
      if (!read) return read.error();
      types[type.first.Scalar()] = std::move(*read);
      config.compare_rule_locations[id + "." + type.first.Scalar()] = where(type.first, type_path);
    }
  }
  return {};
}

Result<EngineConfig> ConfigReader::read() {
  EngineConfig config;
  config.file = file_;
  config.root = file_.parent_path().parent_path();
  HSD_TRY(read_storage(config));
  auto plugins = path_value("plugins", "dir", "build/plugins");
  if (!plugins) return plugins.error();
  config.plugins_dir = *plugins;
  auto plugin_data = path_value("plugins", "data_dir", "var/plugin-data");
  if (!plugin_data) return plugin_data.error();
  config.plugin_data_dir = *plugin_data;
  auto pipelines = path_value("pipelines", "dir", "config/pipelines");
  if (!pipelines) return pipelines.error();
  config.pipelines_dir = *pipelines;
  auto key_file = path_value("secrets", "key_file", "var/secret.key");
  if (!key_file) return key_file.error();
  config.key_file = *key_file;
  HSD_TRY(read_service(config));
  HSD_TRY(read_log(config));
  HSD_TRY(read_connectors(config));
  HSD_TRY(read_compare(config));
  HSD_TRY(read_retention(config));
  return config;
}

}  // namespace

Result<EngineConfig> load_config(const std::filesystem::path& file, const Environment& env) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(file, ec).lexically_normal();
  if (ec || !std::filesystem::is_regular_file(absolute, ec)) {
    return make_error(ErrorCode::not_found, "config file " + file.string() +
                                                " not found; pass --config FILE or set HSD_CONFIG");
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(absolute.string());
  } catch (const YAML::ParserException& e) {
    return make_error(ErrorCode::invalid_argument,
                      absolute.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                          std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::invalid_argument,
                      "config file " + absolute.string() + " cannot be read: " + e.msg);
  }
  ConfigReader reader(absolute, root);
  HSD_TRY(reader.check_shape());
  HSD_TRY(reader.apply(env));
  return reader.read();
}

}  // namespace hsd::engine
