#include "manifest_object_types.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "plugin_manifest.hpp"

namespace hsd::engine {
namespace {

using Object = Poco::JSON::Object::Ptr;
using Array = Poco::JSON::Array::Ptr;

Object as_object(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(Object) ? value.extract<Object>() : Object();
}

Array as_array(const Poco::Dynamic::Var& value) {
  return value.type() == typeid(Array) ? value.extract<Array>() : Array();
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

Status only_keys(const Object& object, const std::vector<std::string>& allowed, const std::string& field,
                 const std::string& who) {
  for (const auto& [key, value] : *object) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return manifest_error(who, field + "." + key, "is an unknown key; allowed: " + joined(allowed));
    }
  }
  return {};
}

// A JSON pointer member, present: "" or "/..." (RFC 6901).
Result<std::string> pointer_at(const Object& object, const std::string& key, const std::string& field,
                               const std::string& who) {
  const auto value = object->get(key);
  if (!value.isString()) return manifest_error(who, field, "must be a JSON pointer string");
  std::string s = value.toString();
  if (!is_json_pointer(s)) {
    return manifest_error(who, field,
                          "'" + s + "' is not a JSON pointer (RFC 6901: \"\" or starting with \"/\", \"~\" only as ~0 or ~1)");
  }
  return s;
}

Result<SummaryField> summary_field(const Poco::Dynamic::Var& value, const std::string& field, const std::string& who) {
  Object object = as_object(value);
  if (!object) return manifest_error(who, field, "must be an object {label, pointer, item?}");
  HSD_TRY(only_keys(object, {"label", "pointer", "item"}, field, who));
  SummaryField out;
  auto label = manifest_text(object, "label", field + ".label", who, true);
  if (!label) return label.error();
  out.label = *label;
  if (!object->has("pointer")) return manifest_error(who, field + ".pointer", "is missing");
  auto pointer = pointer_at(object, "pointer", field + ".pointer", who);
  if (!pointer) return pointer.error();
  out.pointer = *pointer;
  if (object->has("item")) {
    auto item = pointer_at(object, "item", field + ".item", who);
    if (!item) return item.error();
    out.item = *item;
    out.has_item = true;
  }
  return out;
}

// A compare pattern member: a JSON pointer string, "*" segments only where wildcards.
Result<std::string> pattern_at(const Poco::Dynamic::Var& value, const std::string& field, const std::string& who,
                               bool wildcards, bool allow_empty) {
  if (!value.isString()) return manifest_error(who, field, "must be a JSON pointer string");
  std::string text = value.toString();
  if (auto problem = compare_pattern_problem(text, wildcards, allow_empty); !problem.empty()) {
    return manifest_error(who, field, problem);
  }
  return text;
}

// compare: {key?, ignore?, arrays?} (ABI 1.3), see CompareRules.
Status read_compare(const Poco::Dynamic::Var& value, const std::string& field, const std::string& who,
                    CompareRules& rules) {
  Object object = as_object(value);
  if (!object) return manifest_error(who, field, "must be an object {key?, ignore?, arrays?}");
  HSD_TRY(only_keys(object, {"key", "ignore", "arrays"}, field, who));
  if (object->has("key")) {
    auto key = pattern_at(object->get("key"), field + ".key", who, false, false);
    if (!key) return key.error();
    rules.key = *key;
  }
  if (object->has("ignore")) {
    Array ignore = as_array(object->get("ignore"));
    if (!ignore) return manifest_error(who, field + ".ignore", "must be an array of JSON pointers");
    for (std::size_t i = 0; i < ignore->size(); ++i) {
      auto pattern = pattern_at(ignore->get(static_cast<unsigned>(i)), field + ".ignore[" + std::to_string(i) + "]",
                                who, true, false);
      if (!pattern) return pattern.error();
      rules.ignore.push_back(*pattern);
    }
  }
  if (object->has("arrays")) {
    Array arrays = as_array(object->get("arrays"));
    if (!arrays) return manifest_error(who, field + ".arrays", "must be an array of {at, key}");
    for (std::size_t i = 0; i < arrays->size(); ++i) {
      const std::string item_field = field + ".arrays[" + std::to_string(i) + "]";
      Object item = as_object(arrays->get(static_cast<unsigned>(i)));
      if (!item) return manifest_error(who, item_field, "must be an object {at, key}");
      HSD_TRY(only_keys(item, {"at", "key"}, item_field, who));
      CompareArrayRule rule;
      for (const char* name : {"at", "key"}) {
        if (!item->has(name)) return manifest_error(who, item_field + "." + name, "is missing");
      }
      auto at = pattern_at(item->get("at"), item_field + ".at", who, true, true);
      if (!at) return at.error();
      auto key = pattern_at(item->get("key"), item_field + ".key", who, false, true);
      if (!key) return key.error();
      for (const auto& earlier : rules.arrays) {
        if (earlier.at == *at) return manifest_error(who, item_field + ".at", "repeats '" + *at + "'");
      }
      rules.arrays.push_back({*at, *key});
    }
  }
  return {};
}

Status read_type(const Object& object, const std::string& field, const std::string& who, ObjectTypeInfo& info) {
  HSD_TRY(only_keys(object, {"label", "summary", "compare"}, field, who));
  if (object->has("compare")) HSD_TRY(read_compare(object->get("compare"), field + ".compare", who, info.compare));
  auto label = manifest_text(object, "label", field + ".label", who, false);
  if (!label) return label.error();
  if (!label->empty()) info.label = *label;
  if (!object->has("summary")) return {};
  Array summary = as_array(object->get("summary"));
  if (!summary) return manifest_error(who, field + ".summary", "must be an array");
  for (std::size_t i = 0; i < summary->size(); ++i) {
    auto item = summary_field(summary->get(static_cast<unsigned>(i)), field + ".summary[" + std::to_string(i) + "]", who);
    if (!item) return item.error();
    info.summary.push_back(std::move(*item));
  }
  return {};
}

}  // namespace

bool is_json_pointer(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() != '/') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '~') continue;
    if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) return false;
  }
  return true;
}

Result<std::vector<ObjectTypeInfo>> parse_object_types(const Poco::JSON::Object::Ptr& manifest,
                                                       const std::vector<std::string>& declared,
                                                       const std::string& who) {
  std::vector<ObjectTypeInfo> out;
  for (const auto& type : declared) out.push_back({type, type, {}, {}});
  if (!manifest || !manifest->has("object_types")) return out;
  Object object = as_object(manifest->get("object_types"));
  if (!object) return manifest_error(who, "object_types", "must be an object keyed by object type");
  for (const auto& [type, value] : *object) {
    const std::string field = "object_types." + type;
    auto found = std::find_if(out.begin(), out.end(), [&](const ObjectTypeInfo& info) { return info.type == type; });
    if (found == out.end()) {
      return manifest_error(who, field,
                            "names a type the plugin does not declare; declared: " +
                                (declared.empty() ? std::string("none") : joined(declared)));
    }
    Object body = as_object(value);
    if (!body) return manifest_error(who, field, "must be an object {label?, summary?, compare?}");
    HSD_TRY(read_type(body, field, who, *found));
  }
  return out;
}

}  // namespace hsd::engine
