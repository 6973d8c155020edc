// Conversion of free-form YAML (connectors.<id> blocks) to JSON, resolving plain scalars the
// way YAML's core schema does so that `true`, `42` and `"42"` keep their meaning.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace hsd::engine::detail {

// A plain (unquoted) scalar: null, bool, integer, float or string by YAML core schema rules.
// A quoted or explicitly tagged scalar stays a string.
Poco::Dynamic::Var yaml_scalar_to_json(const YAML::Node& scalar);

// Mappings become objects (key order kept), sequences arrays, scalars as above.
Poco::Dynamic::Var yaml_to_json(const YAML::Node& node);

// Compact JSON text of a converted value.
std::string json_text(const Poco::Dynamic::Var& value);

// True for a scalar written without quotes or an explicit tag (yaml-cpp tags those "?").
bool is_plain_scalar(const YAML::Node& node);

}  // namespace hsd::engine::detail
