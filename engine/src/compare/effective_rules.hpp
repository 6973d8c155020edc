// The rules a comparison uses for one plugin's object type: what the plugin's manifest declares,
// with the operator's additions from engine.yaml (compare.rules.<plugin>.<type>) merged on.
#pragma once

#include <string>

#include "hsd/engine/compare_rules.hpp"
#include "hsd/engine/config.hpp"

namespace hsd::engine::compare {

CompareRules effective_rules(const CompareRules& declared, const EngineConfig& config, const std::string& plugin,
                             const std::string& type);

}  // namespace hsd::engine::compare
