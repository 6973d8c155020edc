#include "plugin_manifest.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <regex>

#include "manifest_object_types.hpp"

namespace hsd::engine {
namespace {

using Object = Poco::JSON::Object::Ptr;
using Array = Poco::JSON::Array::Ptr;

Error refuse(const std::string& who, const std::string& field, const std::string& why) {
  return manifest_error(who, field, why);
}

Result<Array> array_of(const Object& object, const std::string& key, const std::string& who) {
  if (!object->has(key)) return Array(new Poco::JSON::Array);
  Array array = object->getArray(key);
  if (!array) return refuse(who, key, "must be an array");
  return array;
}

Result<Object> element(const Array& array, std::size_t i, const std::string& field, const std::string& who) {
  Object object = array->getObject(static_cast<unsigned>(i));
  if (!object) return refuse(who, field + "[" + std::to_string(i) + "]", "must be an object");
  return object;
}

}  // namespace

Error manifest_error(const std::string& who, const std::string& field, const std::string& why) {
  return make_error(ErrorCode::invalid_argument, who + " rejected: its manifest's " + field + " " + why);
}

Result<std::string> manifest_text(const Object& object, const std::string& key, const std::string& field,
                                  const std::string& who, bool required) {
  if (!object->has(key)) {
    if (required) return refuse(who, field, "is missing");
    return std::string();
  }
  const auto value = object->get(key);
  if (!value.isString() || value.toString().empty()) return refuse(who, field, "must be a non-empty string");
  return value.toString();
}

Result<PluginManifest> parse_manifest(const char* manifest_json, const std::string& id, const std::string& who,
                                      const std::vector<std::string>& object_types) {
  PluginManifest manifest;
  manifest.display_name = id;
  if (!manifest_json || !*manifest_json) {
    auto types = parse_object_types(Object(), object_types, who);
    if (!types) return types.error();
    manifest.object_types = std::move(*types);
    return manifest;
  }
  Object root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(manifest_json).extract<Object>();
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::invalid_argument, who + " rejected: its manifest is not a JSON object: " + e.message());
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, who + " rejected: its manifest is not a JSON object");
  }
  static const std::vector<std::string> kKeys = {"display_name", "noun", "auth_types", "secret_outputs", "token_patterns",
                                                 "object_types"};
  for (const auto& [key, value] : *root) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      return refuse(who, "key '" + key + "'",
                    "is unknown; allowed: display_name, noun, auth_types, secret_outputs, token_patterns, object_types");
    }
  }
  auto display_name = manifest_text(root, "display_name", "display_name", who, false);
  if (!display_name) return display_name.error();
  if (!display_name->empty()) manifest.display_name = *display_name;
  auto noun = manifest_text(root, "noun", "noun", who, false);
  if (!noun) return noun.error();
  if (!noun->empty()) manifest.noun = *noun;

  auto auth_types = array_of(root, "auth_types", who);
  if (!auth_types) return auth_types.error();
  for (std::size_t i = 0; i < (*auth_types)->size(); ++i) {
    const std::string field = "auth_types[" + std::to_string(i) + "]";
    auto item = element(*auth_types, i, "auth_types", who);
    if (!item) return item.error();
    auto value = manifest_text(*item, "value", field + ".value", who, true);
    if (!value) return value.error();
    auto label = manifest_text(*item, "label", field + ".label", who, true);
    if (!label) return label.error();
    if (manifest.find_auth_type(*value)) return refuse(who, field + ".value", "repeats '" + *value + "'");
    manifest.auth_types.push_back({*value, *label});
  }

  auto secret_outputs = array_of(root, "secret_outputs", who);
  if (!secret_outputs) return secret_outputs.error();
  for (std::size_t i = 0; i < (*secret_outputs)->size(); ++i) {
    const auto value = (*secret_outputs)->get(static_cast<unsigned>(i));
    if (!value.isString() || value.toString().empty()) {
      return refuse(who, "secret_outputs[" + std::to_string(i) + "]", "must be a non-empty string");
    }
    manifest.secret_outputs.push_back(value.toString());
  }

  auto patterns = array_of(root, "token_patterns", who);
  if (!patterns) return patterns.error();
  for (std::size_t i = 0; i < (*patterns)->size(); ++i) {
    const std::string field = "token_patterns[" + std::to_string(i) + "]";
    auto item = element(*patterns, i, "token_patterns", who);
    if (!item) return item.error();
    auto prefix = manifest_text(*item, "prefix", field + ".prefix", who, true);
    if (!prefix) return prefix.error();
    auto regex = manifest_text(*item, "regex", field + ".regex", who, true);
    if (!regex) return regex.error();
    // A short prefix would send every line through the regex; the prefix is the cheap look.
    if (prefix->size() < 3) return refuse(who, field + ".prefix", "needs at least 3 characters");
    if (regex->rfind(*prefix, 0) != 0) return refuse(who, field + ".regex", "must start with its prefix '" + *prefix + "'");
    try {
      std::regex compiled(*regex);
    } catch (const std::regex_error& e) {
      return refuse(who, field + ".regex", std::string("is not a valid regular expression: ") + e.what());
    }
    manifest.token_patterns.push_back({*prefix, *regex});
  }

  auto types = parse_object_types(root, object_types, who);
  if (!types) return types.error();
  manifest.object_types = std::move(*types);
  return manifest;
}

}  // namespace hsd::engine
