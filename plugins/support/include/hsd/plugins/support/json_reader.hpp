// Small helpers over Poco JSON for the plugins' small bodies: configuration, params,
// credentials, token and error responses, GitHub pages of at most 100 repositories. (HubSpot's
// large pages go through its raw_json.hpp, simdjson, instead.)
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::support {

/** Parses text as a JSON object; nullptr when it is not valid JSON or not an object. */
Poco::JSON::Object::Ptr parse_json_object(std::string_view text);

/** The string at key; numbers are rendered as their decimal text. nullopt when absent/null. */
std::optional<std::string> json_string_field(const Poco::JSON::Object::Ptr& object, const std::string& key);

/** The strings of the array at key (non-string elements skipped); empty when absent. */
std::vector<std::string> json_string_list(const Poco::JSON::Object::Ptr& object, const std::string& key);

/** The integer at key, also when sent as a numeric string; nullopt otherwise. */
std::optional<long long> json_integer_field(const Poco::JSON::Object::Ptr& object, const std::string& key);

/** The boolean at key; nullopt when absent or not a boolean. */
std::optional<bool> json_bool_field(const Poco::JSON::Object::Ptr& object, const std::string& key);

/** Parses text as a JSON array; nullptr when it is not valid JSON or not an array. */
Poco::JSON::Array::Ptr parse_json_array(std::string_view text);

/** The object at key, or an empty object. */
Poco::JSON::Object::Ptr json_child(const Poco::JSON::Object::Ptr& object, const std::string& key);

/** A JSON array literal of strings. */
std::string json_string_array(const std::vector<std::string>& values);

}  // namespace hsd::plugins::support
