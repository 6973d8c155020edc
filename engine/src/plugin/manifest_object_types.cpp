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

Status read_type(const Object& object, const std::string& field, const std::string& who, ObjectTypeInfo& info) {
  HSD_TRY(only_keys(object, {"label", "summary"}, field, who));
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
  for (const auto& type : declared) out.push_back({type, type, {}});
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
    if (!body) return manifest_error(who, field, "must be an object {label?, summary?}");
    HSD_TRY(read_type(body, field, who, *found));
  }
  return out;
}

}  // namespace hsd::engine
