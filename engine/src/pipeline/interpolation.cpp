#include "interpolation.hpp"

#include "hsd/engine/result.hpp"
#include "param_types.hpp"

namespace hsd::engine::detail {

Json resolve_reference(const Reference& reference, const Scope& scope) {
  const auto& root = reference.root();
  if (root == "connection") return get_path(scope.connection, reference.path, 1);
  if (root == "params") return get_path(scope.params, reference.path, 1);
  if (root == "steps") {
    if (reference.path.size() < 3 || reference.path[2] != "output" || scope.outputs == nullptr) {
      return {};
    }
    const auto found = scope.outputs->find(reference.path[1]);
    if (found == scope.outputs->end()) return {};
    return get_path(found->second, reference.path, 3);
  }
  if (root == "error" && scope.error != nullptr && reference.path.size() == 2) {
    const auto& field = reference.path[1];
    if (field == "message") return Json(scope.error->message);
    // The stable code: the source's own when it gave one, else the engine's kind of error.
    if (field == "code") return Json(error_status_code(*scope.error));
    if (field == "step") return Json(scope.error_step);
  }
  return {};
}

Result<Json> interpolate(const WithValue& value, std::string_view type_hint, const Scope& scope) {
  switch (value.kind) {
    case WithValue::Kind::null:
      return Json();
    case WithValue::Kind::scalar: {
      auto parts = parse_template(value.scalar);
      if (!parts) return parts.error();
      if (is_single_reference(*parts)) return resolve_reference(parts->front().reference, scope);
      bool has_reference = false;
      std::string text;
      for (const auto& part : *parts) {
        has_reference = has_reference || part.is_reference;
        text += part.is_reference ? to_text(resolve_reference(part.reference, scope)) : part.literal;
      }
      if (has_reference || value.quoted || type_hint == "string") return Json(text);
      return plain_scalar_to_json(text);
    }
    case WithValue::Kind::sequence: {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      const std::string_view item_hint = type_hint == "string_list" ? "string" : "";
      for (const auto& item : value.items) {
        auto converted = interpolate(item, item_hint, scope);
        if (!converted) return converted;
        array->add(*converted);
      }
      return Json(array);
    }
    case WithValue::Kind::mapping: {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
      for (const auto& field : value.fields) {
        auto converted = interpolate(field.value, "", scope);
        if (!converted) return converted;
        object->set(field.key, *converted);
      }
      return Json(object);
    }
  }
  return Json();
}

}  // namespace hsd::engine::detail
