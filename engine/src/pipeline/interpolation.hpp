// Run-time resolution of ${...} references and interpolation of `with` values.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/result.hpp"
#include "json_value.hpp"
#include "reference.hpp"

namespace hsd::engine::detail {

// What references can see while one step runs.
struct Scope {
  Json connection;
  Json params;
  const std::map<std::string, Json>* outputs = nullptr;  // by step id; absent: not run/skipped
  const Error* error = nullptr;                           // set inside on_error steps
  std::string error_step;
};

// The referenced value, or null when it does not exist (a skipped step, a missing field).
Json resolve_reference(const Reference& reference, const Scope& scope);

// A `with` value with its references replaced. A scalar that is exactly one reference keeps
// the referenced JSON type; references inside longer text are stringified. `type_hint` is the
// parameter's type: it decides whether a plain scalar such as 5 is read as text or a number.
Result<Json> interpolate(const WithValue& value, std::string_view type_hint, const Scope& scope);

}  // namespace hsd::engine::detail
