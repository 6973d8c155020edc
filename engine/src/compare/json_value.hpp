// JSON values as Poco holds them (Object::Ptr, Array::Ptr, strings, numbers, booleans, empty for
// null), with what comparing needs: deep copy, deep equality, canonical text, and RFC 6901 paths
// ("*" segments in patterns match every member or element).
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine::compare {

using Json = Poco::Dynamic::Var;
using JsonObject = Poco::JSON::Object::Ptr;
using JsonArray = Poco::JSON::Array::Ptr;
using Segments = std::vector<std::string>;

// Parses JSON text; objects keep no member order (they print sorted by name).
Result<Json> parse_json(std::string_view text);
// Compact JSON text; members sorted by name, so equal values give equal text.
std::string json_text(const Json& value);

JsonObject as_object(const Json& value);  // null unless an object
JsonArray as_array(const Json& value);    // null unless an array

// A copy sharing nothing with value (Poco copies objects and arrays by pointer).
Json deep_copy(const Json& value);
// Same JSON value: numbers by value (1 == 1.0), objects whatever their members' order.
bool json_equal(const Json& left, const Json& right);

// A pointer's unescaped segments ("/a~1b/0" -> {"a/b", "0"}); text must be a JSON pointer.
Segments pointer_segments(std::string_view pointer);
// The pointer for segments, escaping "~" and "/".
std::string pointer_text(const Segments& segments);
// Whether a concrete path matches a pattern (same length; "*" matches any segment).
bool pattern_matches(const Segments& pattern, const Segments& path);
// The value at a (wildcard-free) pointer inside value, if there is one.
std::optional<Json> value_at(const Json& value, const Segments& pointer);

}  // namespace hsd::engine::compare
