#include "compare_rules_check.hpp"

#include <algorithm>

namespace hsd::engine {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none" : text;
}

std::string location(const EngineConfig& config, const std::string& key) {
  auto it = config.compare_rule_locations.find(key);
  return it != config.compare_rule_locations.end() ? it->second : config.file.string();
}

}  // namespace

Status check_compare_rules(const EngineConfig& config, const PluginHost& plugins, const std::set<std::string>& refused) {
  std::vector<std::string> sources;
  for (const Plugin* plugin : plugins.plugins()) {
    if (plugin->kind() == "source") sources.push_back(plugin->id());
  }
  for (const auto& [id, types] : config.compare_rules) {
    if (refused.count(id)) continue;
    const Plugin* plugin = plugins.find(id);
    if (!plugin || plugin->kind() != "source") {
      return make_error(ErrorCode::invalid_argument,
                        location(config, id) + ": key path 'compare.rules." + id + "': no source plugin '" + id +
                            "' is loaded from " + config.plugins_dir.string() + "; sources: " + joined(sources));
    }
    const auto& known = plugin->object_types();
    for (const auto& entry : types) {
      const std::string& type = entry.first;
      if (std::find(known.begin(), known.end(), type) != known.end()) continue;
      return make_error(ErrorCode::invalid_argument,
                        location(config, id + "." + type) + ": key path 'compare.rules." + id + "." + type +
                            "': plugin '" + id + "' has no object type '" + type + "'; its types: " + joined(known));
    }
  }
  return {};
}

}  // namespace hsd::engine
