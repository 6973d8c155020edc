// Small helpers over Poco's JSON values (Poco::Dynamic::Var holding strings, numbers, bools,
// Object::Ptr or Array::Ptr; an empty Var is JSON null), as the runner and `when` use them.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

using Json = Poco::Dynamic::Var;

Result<Json> parse_json(std::string_view text);
std::string to_json(const Json& value);

bool is_null(const Json& value);
bool is_object(const Json& value);
bool is_array(const Json& value);
// Poco reports booleans as integers too; these exclude them.
bool is_number(const Json& value);
bool is_integer(const Json& value);

// How a value reads inside a longer string: strings raw, null empty, objects as JSON.
std::string to_text(const Json& value);

// A short description for error messages: `string "abc"`, `number 5`, `object`.
std::string describe(const Json& value);

// Truthiness for `when`: false, null, 0 and "" are false; everything else is true.
bool truthy(const Json& value);

// Equality for `when`: same JSON type and value; integers and floats compare numerically.
bool json_equal(const Json& a, const Json& b);

// Follows object keys (and array indexes) from path[first] on; null when anything is missing.
Json get_path(const Json& root, const std::vector<std::string>& path, std::size_t first);

}  // namespace hsd::engine::detail
