// Small JSON and time helpers shared by the domain services.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine {

using JsonObject = Poco::JSON::Object::Ptr;

// Parses a JSON object; `what` names the text in the error ("the connect step's output").
Result<JsonObject> parse_object(std::string_view text, std::string_view what);
std::string stringify(const JsonObject& object);
std::string stringify(const Poco::Dynamic::Var& value);

// A string array member, empty when absent or not an array of strings.
std::vector<std::string> string_list(const JsonObject& object, const std::string& key);
Poco::JSON::Array::Ptr to_array(const std::vector<std::string>& values);
// True for a JSON array whose every element is a string.
bool is_string_array(const Poco::Dynamic::Var& value);

// An invalid_argument error about one field of an input: "field: message", with details
// {"field": field} (the REST API answers it as 422 naming the field).
Error field_error(const std::string& field, const std::string& message);

std::int64_t now_ms();
// "2026-11-28T21:03:56Z" for milliseconds since the epoch.
std::string iso8601(std::int64_t ms);
// The row's time column as ISO 8601, or null when absent or NULL.
Poco::Dynamic::Var time_or_null(const JsonObject& row, const std::string& key);

}  // namespace hsd::engine
