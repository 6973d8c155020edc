// YAML text -> Pipeline, collecting every structural error (see pipeline_loader.hpp).
#pragma once

#include <filesystem>
#include <string_view>

#include "hsd/engine/pipeline/pipeline_loader.hpp"

namespace hsd::engine::detail {

// Step ids and plugin/action names: [a-z][a-z0-9_]*.
bool is_identifier(std::string_view text);

// The prefix of `uses` that takes the plugin from the connection.
inline constexpr std::string_view kConnectionPluginPrefix = "${connection.plugin}.";

}  // namespace hsd::engine::detail
