#include "effective_rules.hpp"

namespace hsd::engine::compare {

CompareRules effective_rules(const CompareRules& declared, const EngineConfig& config, const std::string& plugin,
                             const std::string& type) {
  auto by_plugin = config.compare_rules.find(plugin);
  if (by_plugin == config.compare_rules.end()) return declared;
  auto by_type = by_plugin->second.find(type);
  if (by_type == by_plugin->second.end()) return declared;
  return merge_compare_rules(declared, by_type->second);
}

}  // namespace hsd::engine::compare
