#include "yaml_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <charconv>
#include <cstdint>
#include <regex>
#include <sstream>

namespace hsd::engine::detail {
namespace {

bool is_null_word(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool is_bool_word(const std::string& s, bool& out) {
  if (s == "true" || s == "True" || s == "TRUE") {
    out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    out = false;
    return true;
  }
  return false;
}

}  // namespace

bool is_plain_scalar(const YAML::Node& node) { return node.IsScalar() && node.Tag() == "?"; }

Poco::Dynamic::Var yaml_scalar_to_json(const YAML::Node& scalar) {
  const std::string& text = scalar.Scalar();
  if (!is_plain_scalar(scalar)) return text;
  if (is_null_word(text)) return Poco::Dynamic::Var();
  bool flag = false;
  if (is_bool_word(text, flag)) return flag;
  static const std::regex kInt(R"([-+]?[0-9]+)");
  static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(text, kInt)) {
    std::int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    // Out-of-range integers stay strings rather than silently losing digits.
    if (ec == std::errc() && end == text.data() + text.size()) return value;
    return text;
  }
  if (std::regex_match(text, kFloat)) return std::stod(text);
  return text;
}

Poco::Dynamic::Var yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (const auto& entry : node) object->set(entry.first.Scalar(), yaml_to_json(entry.second));
      return object;
    }
    case YAML::NodeType::Sequence: {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array();
      for (const auto& item : node) array->add(yaml_to_json(item));
      return array;
    }
    case YAML::NodeType::Scalar:
      return yaml_scalar_to_json(node);
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return Poco::Dynamic::Var();
}

std::string json_text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out, 0, -1,
                                     Poco::JSON_WRAP_STRINGS | Poco::JSON_PRESERVE_KEY_ORDER);
  return out.str();
}

}  // namespace hsd::engine::detail
