#include "env_overrides.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "config_schema.hpp"
#include "yaml_json.hpp"

namespace hsd::engine::detail {
namespace {

constexpr std::string_view kPrefix = "HSD_";

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::replace(out.begin(), out.end(), '.', '_');
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ".") + part;
  return out;
}

Error names_no_key(const std::string& variable, std::string_view why) {
  return make_error(ErrorCode::invalid_argument,
                    "environment variable " + variable + " names no configuration key" +
                        std::string(why) +
                        "; use HSD_ + the key path in upper case with _ for . "
                        "(e.g. HSD_SERVICE_WORKERS, HSD_CONNECTORS_<ID>_<KEY>)");
}

// Returns the mapping at parent[key], replacing an absent or null value by an empty mapping.
YAML::Node child_map(YAML::Node parent, const std::string& key) {
  if (!parent[key] || parent[key].IsNull()) parent[key] = YAML::Node(YAML::NodeType::Map);
  return parent[key];
}

// Every key path inside a connector block (nested mappings included), by key chain.
void collect_paths(const YAML::Node& node, std::vector<std::string>& chain,
                   std::vector<std::vector<std::string>>& out) {
  if (!node.IsMap()) return;
  for (const auto& entry : node) {
    chain.push_back(entry.first.Scalar());
    out.push_back(chain);
    collect_paths(entry.second, chain, out);
    chain.pop_back();
  }
}

// A plain override value is resolved like YAML would resolve it; where the file quoted the
// value it replaces, the override stays a string ("client_id: '123'" keeps being text).
YAML::Node scalar_value(const std::string& value, bool quoted) {
  YAML::Node node(value);
  node.SetTag(quoted ? "!" : "?");
  return node;
}

// An override for a list accepts YAML flow syntax ("[a, b]") or a comma-separated list.
Result<YAML::Node> sequence_value(const std::string& variable, const std::string& value) {
  if (!value.empty() && value.front() == '[') {
    try {
      YAML::Node parsed = YAML::Load(value);
      if (parsed.IsSequence()) return parsed;
    } catch (const YAML::Exception&) {
    }
    return make_error(ErrorCode::invalid_argument, "environment variable " + variable +
                                                       ": expected a list such as [a, b] or a, b");
  }
  YAML::Node list(YAML::NodeType::Sequence);
  std::size_t start = 0;
  while (start <= value.size() && !value.empty()) {
    auto comma = value.find(',', start);
    auto item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto first = item.find_first_not_of(" \t");
    auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos)
      list.push_back(scalar_value(item.substr(first, last - first + 1), true));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return list;
}

Result<std::string> apply_connector(YAML::Node& root, const std::string& variable,
                                    const std::string& value, std::string_view rest) {
  YAML::Node connectors = child_map(root, std::string(kConnectorsSection));
  // The id is the longest existing connector whose upper-cased id prefixes the rest, so ids
  // with underscores work; otherwise the next segment names a new connector.
  std::optional<std::string> id;
  for (const auto& entry : connectors) {
    const std::string candidate = entry.first.Scalar();
    const std::string prefix = upper(candidate) + "_";
    if (rest.starts_with(prefix) && (!id || candidate.size() > id->size())) id = candidate;
  }
  if (!id) {
    auto underscore = rest.find('_');
    if (underscore == std::string_view::npos || underscore == 0)
      return names_no_key(variable, " (expected HSD_CONNECTORS_<ID>_<KEY>)");
    id = lower(rest.substr(0, underscore));
  }
  const std::string key_part(rest.substr(upper(*id).size() + 1));
  if (key_part.empty()) return names_no_key(variable, " (expected HSD_CONNECTORS_<ID>_<KEY>)");

  YAML::Node block = child_map(connectors, *id);
  if (!block.IsMap()) return names_no_key(variable, " (connectors." + *id + " is not a mapping)");
  std::vector<std::vector<std::string>> paths;
  std::vector<std::string> chain;
  collect_paths(block, chain, paths);
  std::vector<std::string> target{lower(key_part)};
  for (const auto& path : paths) {
    std::string joined;
    for (const auto& part : path) joined += (joined.empty() ? "" : "_") + upper(part);
    if (joined == key_part) {
      target = path;
      break;
    }
  }

  // reset() rebinds the handle; assigning a yaml-cpp node would overwrite the node it refers to.
  YAML::Node parent = block;
  for (std::size_t i = 0; i + 1 < target.size(); ++i) parent.reset(parent[target[i]]);
  const std::string& key = target.back();
  const std::string path = std::string(kConnectorsSection) + "." + *id + "." + join(target);
  YAML::Node existing = parent[key];
  if (existing && existing.IsMap()) {
    return make_error(ErrorCode::invalid_argument,
                      "environment variable " + variable + ": key path '" + path +
                          "' is a mapping; override its keys one by one");
  }
  if (existing && existing.IsSequence()) {
    auto list = sequence_value(variable, value);
    if (!list) return list.error();
    parent[key] = *list;
  } else {
    const bool quoted = existing && existing.IsScalar() && !is_plain_scalar(existing);
    parent[key] = scalar_value(value, quoted);
  }
  return path;
}

}  // namespace

Result<OverrideSources> apply_env_overrides(YAML::Node& root, const Environment& env) {
  OverrideSources sources;
  const std::string connectors_prefix = upper(kConnectorsSection) + "_";
  for (const auto& [variable, value] : env) {
    if (!variable.starts_with(kPrefix)) continue;
    if (std::find(kNonConfigVariables.begin(), kNonConfigVariables.end(), variable) !=
        kNonConfigVariables.end()) {
      continue;
    }
    const std::string_view rest = std::string_view(variable).substr(kPrefix.size());
    if (rest.starts_with(connectors_prefix)) {
      auto path = apply_connector(root, variable, value, rest.substr(connectors_prefix.size()));
      if (!path) return path.error();
      sources[*path] = variable;
      continue;
    }
    bool matched = false;
    for (const auto& section : config_sections()) {
      for (const auto& key : section.keys) {
        if (upper(section.name) + "_" + upper(key) != rest) continue;
        // A section of the wrong type is left alone: reading it reports the file's error.
        matched = true;
        const std::string name(section.name);
        if (root[name] && !root[name].IsMap() && !root[name].IsNull()) continue;
        child_map(root, name)[std::string(key)] = scalar_value(value, false);
        sources[name + "." + std::string(key)] = variable;
      }
    }
    if (!matched) return names_no_key(variable, "");
  }
  return sources;
}

}  // namespace hsd::engine::detail
