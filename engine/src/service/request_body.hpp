// Request bodies: a JSON object whose fields are declared. Bad JSON is 400; an unknown field, a
// wrong type or a missing required field is 422 naming the field. Nothing is changed before a
// body passes.
#pragma once

#include <string>
#include <vector>

#include "api.hpp"

namespace hsd::engine::service {

enum class FieldType { string, integer, boolean, string_array };

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::string;
  bool required = false;
};

Result<JsonObject> parse_body(const std::string& body, const std::vector<FieldSpec>& fields);
// The body as a JSON object whatever its fields (400 when it is not one), for bodies whose
// fields come from elsewhere (a plugin's declared parameters).
Result<JsonObject> parse_object_body(const std::string& body);

// Path and query values: a positive id (NOT_FOUND naming `what` otherwise, as for a missing
// object), and an optional whole number within [min, max] (422 naming the parameter).
Result<std::int64_t> path_id(const ApiRequest& request, const std::string& name, const std::string& what);
Result<std::optional<std::int64_t>> query_int(const ApiRequest& request, const std::string& name, std::int64_t min,
                                              std::int64_t max);

}  // namespace hsd::engine::service
