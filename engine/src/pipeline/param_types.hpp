// Parameter types (string, integer, number, boolean, string_list, object) checked twice: on
// the YAML as written (load time) and on the interpolated JSON (run time). Both accept the
// same spellings, so a value that validates also runs: a plain or quoted 5 is an integer, a
// numeric string from the CLI is too.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "json_value.hpp"

namespace hsd::engine::detail {

// True when a scalar or any nested scalar holds a ${...} reference (checked at run time).
bool contains_reference(const WithValue& value);

// Load time: a message such as "expected integer, got \"abc\"", or nothing when the value fits
// (or contains a reference, or the type is unknown).
std::optional<std::string> check_yaml_value(const WithValue& value, std::string_view type);

// Run time: the value converted to the parameter's type, or an invalid_argument error whose
// message says what was expected and what was found.
Result<Json> coerce_json(const Json& value, std::string_view type);

// A YAML scalar without a parameter type, read with the YAML 1.2 core schema.
Json plain_scalar_to_json(const std::string& text);

}  // namespace hsd::engine::detail
