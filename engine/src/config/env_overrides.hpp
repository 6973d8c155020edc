// HSD_* environment overrides applied to the parsed engine.yaml before its values are read.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

#include "hsd/engine/config.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

// Key path ("service.workers") -> the variable that set it, so errors can name the variable.
using OverrideSources = std::map<std::string, std::string>;

// Sets each HSD_* variable's value at the key path it names. Keys contain underscores, so a
// variable is matched against the schema's keys and, under connectors.<id>, against the keys
// present in that block; a connector key that is not present is added, lower-cased. A variable
// that names no key is an error naming the variable. root must be a mapping.
Result<OverrideSources> apply_env_overrides(YAML::Node& root, const Environment& env);

}  // namespace hsd::engine::detail
