#include "request_body.hpp"

#include <Poco/JSON/Parser.h>

#include <charconv>

namespace hsd::engine::service {
namespace {

const char* type_name(FieldType type) {
  switch (type) {
    case FieldType::string: return "a string";
    case FieldType::integer: return "an integer";
    case FieldType::boolean: return "true or false";
    case FieldType::string_array: return "an array of strings";
  }
  return "a value";
}

bool has_type(const Poco::Dynamic::Var& value, FieldType type) {
  switch (type) {
    case FieldType::string: return value.isString();
    case FieldType::integer: return value.isInteger() && value.type() != typeid(bool);  // Poco counts bools
    case FieldType::boolean: return value.isBoolean();
    case FieldType::string_array: return is_string_array(value);
  }
  return false;
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

Result<JsonObject> parse_object_body(const std::string& body) {
  // Poco's parser takes only an object or an array at the top; say what is wrong with a bare
  // value rather than pass on its parser's complaint.
  const auto first = body.find_first_not_of(" \t\r\n");
  const auto last = body.find_last_not_of(" \t\r\n");
  const std::string trimmed = first == std::string::npos ? "" : body.substr(first, last - first + 1);
  const bool scalar = !trimmed.empty() && (std::string("\"-0123456789").find(trimmed.front()) != std::string::npos ||
                                           trimmed == "true" || trimmed == "false" || trimmed == "null");
  if (scalar) {
    Error error = make_error(ErrorCode::invalid_argument, "the request body must be a JSON object");
    error.reason = kMalformedRequest;
    return error;
  }
  Poco::Dynamic::Var parsed;
  try {
    parsed = Poco::JSON::Parser().parse(body.empty() ? std::string("{}") : body);
  } catch (const Poco::Exception& e) {
    Error error = make_error(ErrorCode::invalid_argument, "the request body is not valid JSON: " + e.message());
    error.reason = kMalformedRequest;
    return error;
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    Error error = make_error(ErrorCode::invalid_argument, "the request body must be a JSON object");
    error.reason = kMalformedRequest;
    return error;
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

Result<JsonObject> parse_body(const std::string& body, const std::vector<FieldSpec>& fields) {
  auto parsed = parse_object_body(body);
  if (!parsed) return parsed;
  const JsonObject& object = *parsed;
  for (const auto& [name, value] : *object) {
    const FieldSpec* spec = nullptr;
    for (const auto& field : fields) {
      if (field.name == name) spec = &field;
    }
    if (!spec) {
      std::string allowed;
      for (const auto& field : fields) allowed += (allowed.empty() ? "" : ", ") + field.name;
      return field_error(name, "unknown field; allowed: " + (allowed.empty() ? std::string("none") : allowed));
    }
    if (!has_type(value, spec->type)) return field_error(name, std::string("must be ") + type_name(spec->type));
  }
  for (const auto& field : fields) {
    if (field.required && !object->has(field.name)) return field_error(field.name, "is required");
  }
  return object;
}

Result<std::int64_t> path_id(const ApiRequest& request, const std::string& name, const std::string& what) {
  const auto found = request.params.find(name);
  const std::string text = found == request.params.end() ? "" : found->second;
  auto value = whole_number(text);
  if (!value || *value < 1) return make_error(ErrorCode::not_found, what + " " + text + " not found");
  return *value;
}

Result<std::optional<std::int64_t>> query_int(const ApiRequest& request, const std::string& name, std::int64_t min,
                                              std::int64_t max) {
  const auto found = request.query.find(name);
  if (found == request.query.end()) return std::optional<std::int64_t>();
  auto value = whole_number(found->second);
  if (!value || *value < min || *value > max) {
    return field_error(name, "'" + found->second + "' is not a whole number from " + std::to_string(min) + " to " +
                                 std::to_string(max));
  }
  return std::optional<std::int64_t>(*value);
}

}  // namespace hsd::engine::service
