#include "json_value.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <sstream>

namespace hsd::engine::detail {

Result<Json> parse_json(std::string_view text) {
  try {
    Poco::JSON::Parser parser;
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
      return parser.parse(std::string(text));
    }
    // Poco's parser needs an object or array at the top; wrap a lone scalar ("\"connect\"").
    const auto wrapped = parser.parse("[" + std::string(text) + "]");
    const auto array = wrapped.extract<Poco::JSON::Array::Ptr>();
    if (array->size() != 1) return make_error(ErrorCode::invalid_argument, "invalid JSON: one value expected");
    return array->get(0);
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::invalid_argument, "invalid JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, std::string("invalid JSON: ") + e.what());
  }
}

std::string to_json(const Json& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

bool is_null(const Json& value) { return value.isEmpty(); }

bool is_object(const Json& value) {
  return !value.isEmpty() && value.type() == typeid(Poco::JSON::Object::Ptr) &&
         !value.extract<Poco::JSON::Object::Ptr>().isNull();
}

bool is_array(const Json& value) {
  return !value.isEmpty() && value.type() == typeid(Poco::JSON::Array::Ptr) &&
         !value.extract<Poco::JSON::Array::Ptr>().isNull();
}

bool is_number(const Json& value) {
  return !value.isEmpty() && value.isNumeric() && !value.isBoolean();
}

bool is_integer(const Json& value) {
  return !value.isEmpty() && value.isInteger() && !value.isBoolean();
}

std::string to_text(const Json& value) {
  if (value.isEmpty()) return {};
  if (value.isString()) return value.extract<std::string>();
  return to_json(value);
}

std::string describe(const Json& value) {
  if (value.isEmpty()) return "null";
  if (value.isBoolean()) return "boolean " + to_json(value);
  if (is_number(value)) return "number " + to_json(value);
  if (value.isString()) return "string " + to_json(value);
  if (is_object(value)) return "object";
  if (is_array(value)) return "list";
  return "value";
}

bool truthy(const Json& value) {
  if (value.isEmpty()) return false;
  if (value.isBoolean()) return value.convert<bool>();
  if (is_number(value)) return value.convert<double>() != 0.0;
  if (value.isString()) return !value.extract<std::string>().empty();
  return true;
}

bool json_equal(const Json& a, const Json& b) {
  if (a.isEmpty() || b.isEmpty()) return a.isEmpty() && b.isEmpty();
  if (a.isBoolean() || b.isBoolean()) {
    return a.isBoolean() && b.isBoolean() && a.convert<bool>() == b.convert<bool>();
  }
  if (is_number(a) || is_number(b)) {
    if (!is_number(a) || !is_number(b)) return false;
    if (is_integer(a) && is_integer(b)) {
      // Compare as text so large unsigned and signed values never wrap.
      return a.convert<std::string>() == b.convert<std::string>();
    }
    return a.convert<double>() == b.convert<double>();
  }
  if (a.isString() || b.isString()) {
    return a.isString() && b.isString() && a.extract<std::string>() == b.extract<std::string>();
  }
  // Objects and lists: structural equality through their canonical JSON text.
  return to_json(a) == to_json(b);
}

Json get_path(const Json& root, const std::vector<std::string>& path, std::size_t first) {
  Json current = root;
  for (std::size_t i = first; i < path.size(); ++i) {
    if (is_object(current)) {
      const auto object = current.extract<Poco::JSON::Object::Ptr>();
      if (!object->has(path[i])) return {};
      current = object->get(path[i]);
    } else if (is_array(current)) {
      const auto array = current.extract<Poco::JSON::Array::Ptr>();
      std::size_t index = 0;
      const auto& segment = path[i];
      auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (ec != std::errc() || end != segment.data() + segment.size() || index >= array->size()) {
        return {};
      }
      current = array->get(static_cast<unsigned>(index));
    } else {
      return {};
    }
  }
  return current;
}

}  // namespace hsd::engine::detail
