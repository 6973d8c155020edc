#include "param_types.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "reference.hpp"

namespace hsd::engine::detail {
namespace {

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos) {
    return std::nullopt;
  }
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<bool> parse_boolean(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

bool is_null_scalar(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::string describe_yaml(const WithValue& value) {
  switch (value.kind) {
    case WithValue::Kind::null: return "null";
    case WithValue::Kind::scalar: return "\"" + value.scalar + "\"";
    case WithValue::Kind::sequence: return "a list";
    case WithValue::Kind::mapping: return "a mapping";
  }
  return "a value";
}

Error type_error(std::string_view type, const Json& found) {
  return make_error(ErrorCode::invalid_argument,
                    "expected " + std::string(type) + ", got " + describe(found));
}

}  // namespace

bool contains_reference(const WithValue& value) {
  switch (value.kind) {
    case WithValue::Kind::null: return false;
    case WithValue::Kind::scalar: {
      auto parts = parse_template(value.scalar);
      if (!parts) return false;
      for (const auto& part : *parts) {
        if (part.is_reference) return true;
      }
      return false;
    }
    case WithValue::Kind::sequence:
      for (const auto& item : value.items) {
        if (contains_reference(item)) return true;
      }
      return false;
    case WithValue::Kind::mapping:
      for (const auto& field : value.fields) {
        if (contains_reference(field.value)) return true;
      }
      return false;
  }
  return false;
}

std::optional<std::string> check_yaml_value(const WithValue& value, std::string_view type) {
  if (contains_reference(value)) return std::nullopt;
  const bool scalar = value.kind == WithValue::Kind::scalar;
  bool fits = true;
  if (type == "string") {
    fits = scalar;
  } else if (type == "integer") {
    fits = scalar && parse_integer(value.scalar).has_value();
  } else if (type == "number") {
    fits = scalar && parse_number(value.scalar).has_value();
  } else if (type == "boolean") {
    fits = scalar && parse_boolean(value.scalar).has_value();
  } else if (type == "string_list") {
    fits = value.kind == WithValue::Kind::sequence;
    for (const auto& item : value.items) fits = fits && item.kind == WithValue::Kind::scalar;
  } else if (type == "object") {
    fits = value.kind == WithValue::Kind::mapping;
  }
  if (fits) return std::nullopt;
  return "expected " + std::string(type) + ", got " + describe_yaml(value);
}

Result<Json> coerce_json(const Json& value, std::string_view type) {
  if (value.isEmpty()) return type_error(type, value);
  if (type == "string") {
    if (value.isString()) return value;
    // Ids and counts from other steps often arrive as numbers; their text is what is meant.
    if (is_number(value) || value.isBoolean()) return Json(to_json(value));
    return type_error(type, value);
  }
  if (type == "integer") {
    if (is_integer(value)) return Json(value.convert<Poco::Int64>());
    if (is_number(value)) {
      const double number = value.convert<double>();
      if (std::trunc(number) == number && std::abs(number) < 9.0e15) {
        return Json(static_cast<Poco::Int64>(number));
      }
    }
    if (value.isString()) {
      if (auto parsed = parse_integer(value.extract<std::string>())) return Json(*parsed);
    }
    return type_error(type, value);
  }
  if (type == "number") {
    if (is_number(value)) return value;
    if (value.isString()) {
      if (auto parsed = parse_number(value.extract<std::string>())) return Json(*parsed);
    }
    return type_error(type, value);
  }
  if (type == "boolean") {
    if (value.isBoolean()) return value;
    if (value.isString()) {
      if (auto parsed = parse_boolean(value.extract<std::string>())) return Json(*parsed);
    }
    return type_error(type, value);
  }
  if (type == "string_list") {
    if (!is_array(value)) return type_error(type, value);
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) {
      if (item.isString()) {
        out->add(item);
      } else if (is_number(item) || item.isBoolean()) {
        out->add(to_json(item));
      } else {
        return make_error(ErrorCode::invalid_argument,
                          "expected string_list, got a list holding " + describe(item));
      }
    }
    return Json(out);
  }
  if (type == "object") {
    if (is_object(value)) return value;
    return type_error(type, value);
  }
  return value;  // an unknown type is the plugin's business
}

Json plain_scalar_to_json(const std::string& text) {
  if (is_null_scalar(text)) return Json();
  if (auto boolean = parse_boolean(text)) return Json(*boolean);
  if (auto integer = parse_integer(text)) return Json(*integer);
  if (text.find_first_of("0123456789") != std::string::npos) {
    if (auto number = parse_number(text)) return Json(*number);
  }
  return Json(text);
}

}  // namespace hsd::engine::detail
