#include "record_codec.hpp"

#include <hsd/abi.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "storage_errors.hpp"

namespace hsd::plugins::storage {
namespace {

bool is_json_container(const Poco::Dynamic::Var& v) {
  return v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr);
}

const char* type_name(ColumnType t) {
  switch (t) {
    case ColumnType::integer: return "an integer";
    case ColumnType::text: return "a string";
    case ColumnType::json: return "a JSON object or array";
  }
  return "?";
}

}  // namespace

Poco::JSON::Object::Ptr parse_object(std::string_view json, const std::string& what) {
  if (json.empty()) return new Poco::JSON::Object;
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (const Poco::Exception& e) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " is not valid JSON: " + e.message());
  }
  if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " must be a JSON object");
  }
  return parsed.extract<Poco::JSON::Object::Ptr>();
}

Value to_value(const Entity& entity, const Column& column, const Poco::Dynamic::Var& value) {
  const std::string name = entity.name + "." + column.name;
  if (value.isEmpty()) {
    if (!column.nullable) fail(HSD_ERR_INVALID_ARGUMENT, "column " + name + " cannot be null");
    return Value::null();
  }
  switch (column.type) {
    case ColumnType::integer:
      if (value.isInteger() && !value.isBoolean()) {
        try {
          return Value::of(value.convert<std::int64_t>());
        } catch (const Poco::Exception&) {
          fail(HSD_ERR_INVALID_ARGUMENT, "column " + name + " is out of the int64 range");
        }
      }
      break;
    case ColumnType::text:
      if (value.isString()) return Value::of_text(value.convert<std::string>());
      break;
    case ColumnType::json:
      if (is_json_container(value)) {
        std::ostringstream out;
        Poco::JSON::Stringifier::condense(value, out);
        return Value::of_text(out.str());
      }
      break;
  }
  fail(HSD_ERR_INVALID_ARGUMENT,
       "column " + name + " must be " + type_name(column.type) + (column.nullable ? " or null" : ""));
}



std::int64_t int_field(const Poco::JSON::Object& object, const std::string& key,
                       std::int64_t fallback, const std::string& what) {
  if (!object.has(key) || object.isNull(key)) return fallback;
  const Poco::Dynamic::Var v = object.get(key);
  if (!v.isInteger() || v.isBoolean()) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"" + key + "\" must be an integer");
  }
  return v.convert<std::int64_t>();
}

std::string string_field(const Poco::JSON::Object& object, const std::string& key,
                         const std::string& what) {
  if (!object.has(key) || object.isNull(key)) return {};
  const Poco::Dynamic::Var v = object.get(key);
  if (!v.isString()) fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"" + key + "\" must be a string");
  return v.convert<std::string>();
}

}  // namespace hsd::plugins::storage
