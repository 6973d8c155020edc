// Lookups over ActionInfo that the validator and the runner share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine::detail {

// Same as ActionInfo::find_param, kept here so the pipeline library does not need the plugin
// host's library to link.
const ParamInfo* find_param(const ActionInfo& action, std::string_view name);

std::vector<std::string> param_names(const ActionInfo& action);

}  // namespace hsd::engine::detail
