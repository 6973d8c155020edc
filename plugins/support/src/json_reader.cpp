#include <hsd/plugins/support/json_reader.hpp>

#include <hsd/sdk.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <charconv>

namespace hsd::plugins::support {

Poco::JSON::Object::Ptr parse_json_object(std::string_view text) {
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(std::string(text));
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
    return value.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  }
}

std::optional<std::string> json_string_field(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
  const auto value = object->get(key);
  if (value.isString()) return value.extract<std::string>();
  if (value.isNumeric() || value.isBoolean()) return value.convert<std::string>();
  return std::nullopt;
}

std::vector<std::string> json_string_list(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  std::vector<std::string> out;
  if (!object) return out;
  auto array = object->getArray(key);
  if (!array) return out;
  for (size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (value.isString()) out.push_back(value.extract<std::string>());
  }
  return out;
}

std::optional<long long> json_integer_field(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
  const auto value = object->get(key);
  try {
    if (value.isInteger()) return value.convert<long long>();
    if (value.isString()) {
      const auto text = value.extract<std::string>();
      long long out = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
      if (ec == std::errc() && end == text.data() + text.size()) return out;
    }
  } catch (const Poco::Exception&) {
  }
  return std::nullopt;
}

std::optional<bool> json_bool_field(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
  const auto value = object->get(key);
  if (!value.isBoolean()) return std::nullopt;
  return value.extract<bool>();
}

Poco::JSON::Array::Ptr parse_json_array(std::string_view text) {
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(std::string(text));
    if (value.type() != typeid(Poco::JSON::Array::Ptr)) return nullptr;
    return value.extract<Poco::JSON::Array::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  }
}

Poco::JSON::Object::Ptr json_child(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  auto child = object ? object->getObject(key) : nullptr;
  return child ? child : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
}

std::string json_string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    hsd::sdk::append_json_string(out, values[i]);
  }
  return out + "]";
}

}  // namespace hsd::plugins::support
