#include "json_value.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <sstream>

namespace hsd::engine::compare {
namespace {

// Numbers compared exactly: long double holds every 64-bit integer.
long double number_of(const Json& value) {
  if (value.isInteger()) {
    if (value.isSigned()) return static_cast<long double>(value.convert<Poco::Int64>());
    return static_cast<long double>(value.convert<Poco::UInt64>());
  }
  return static_cast<long double>(value.convert<double>());
}

bool is_number(const Json& value) { return value.isNumeric() && !value.isBoolean(); }

}  // namespace

Result<Json> parse_json(std::string_view text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(std::string(text));
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::invalid_argument, "not valid JSON: " + e.displayText());
  }
}

std::string json_text(const Json& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

JsonObject as_object(const Json& value) {
  return value.type() == typeid(JsonObject) ? value.extract<JsonObject>() : JsonObject();
}

JsonArray as_array(const Json& value) {
  return value.type() == typeid(JsonArray) ? value.extract<JsonArray>() : JsonArray();
}

Json deep_copy(const Json& value) {
  if (JsonObject object = as_object(value)) {
    JsonObject copy = new Poco::JSON::Object();
    for (const auto& [name, member] : *object) copy->set(name, deep_copy(member));
    return copy;
  }
  if (JsonArray array = as_array(value)) {
    JsonArray copy = new Poco::JSON::Array();
    for (const auto& element : *array) copy->add(deep_copy(element));
    return copy;
  }
  return value;
}

bool json_equal(const Json& left, const Json& right) {
  JsonObject lo = as_object(left), ro = as_object(right);
  if (lo || ro) {
    if (!lo || !ro || lo->size() != ro->size()) return false;
    for (const auto& [name, member] : *lo) {
      if (!ro->has(name) || !json_equal(member, ro->get(name))) return false;
    }
    return true;
  }
  JsonArray la = as_array(left), ra = as_array(right);
  if (la || ra) {
    if (!la || !ra || la->size() != ra->size()) return false;
    for (unsigned i = 0; i < la->size(); ++i) {
      if (!json_equal(la->get(i), ra->get(i))) return false;
    }
    return true;
  }
  if (left.isEmpty() || right.isEmpty()) return left.isEmpty() && right.isEmpty();
  if (left.isBoolean() || right.isBoolean()) {
    return left.isBoolean() && right.isBoolean() && left.convert<bool>() == right.convert<bool>();
  }
  if (is_number(left) || is_number(right)) {
    return is_number(left) && is_number(right) && number_of(left) == number_of(right);
  }
  if (left.isString() && right.isString()) return left.extract<std::string>() == right.extract<std::string>();
  return json_text(left) == json_text(right);
}

Segments pointer_segments(std::string_view pointer) {
  Segments out;
  if (pointer.empty()) return out;
  std::size_t start = 1;
  while (true) {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    std::string segment;
    for (std::size_t i = start; i < end; ++i) {
      if (pointer[i] == '~' && i + 1 < end) {
        segment += pointer[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        segment += pointer[i];
      }
    }
    out.push_back(std::move(segment));
    if (end >= pointer.size()) break;
    start = end + 1;
  }
  return out;
}

std::string pointer_text(const Segments& segments) {
  std::string out;
  for (const auto& segment : segments) {
    out += '/';
    for (char c : segment) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

bool pattern_matches(const Segments& pattern, const Segments& path) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != "*" && pattern[i] != path[i]) return false;
  }
  return true;
}

std::optional<Json> value_at(const Json& value, const Segments& pointer) {
  Json current = value;
  for (const auto& segment : pointer) {
    if (JsonObject object = as_object(current)) {
      if (!object->has(segment)) return std::nullopt;
      current = object->get(segment);
    } else if (JsonArray array = as_array(current)) {
      unsigned index = 0;
      auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (ec != std::errc() || end != segment.data() + segment.size() || index >= array->size()) return std::nullopt;
      current = array->get(index);
    } else {
      return std::nullopt;
    }
  }
  return current;
}

}  // namespace hsd::engine::compare
