// engine.yaml's compare.rules name plugins and object types that the config reader cannot
// check (plugins load later). Once they have loaded, a rule for a plugin that is not a loaded
// source, or for a type its source does not emit, is an operator's typo that would silently do
// nothing: the engine refuses to start, naming the file, line and key.
#pragma once

#include <set>
#include <string>

#include "hsd/engine/config.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

// refused: ids of plugins that failed to load (already reported); their rules are not checked.
Status check_compare_rules(const EngineConfig& config, const PluginHost& plugins, const std::set<std::string>& refused);

}  // namespace hsd::engine
