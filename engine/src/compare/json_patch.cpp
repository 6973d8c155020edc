#include "json_patch.hpp"

#include <algorithm>
#include <charconv>

#include "keyed_array.hpp"

namespace hsd::engine::compare {
namespace {

using Op = PatchOperation::Op;

class Differ {
 public:
  explicit Differ(const CompareRules& rules) : rules_(rules) {}

  void diff(const Json& left, const Json& right, Segments& path) {
    JsonObject lo = as_object(left), ro = as_object(right);
    if (lo && ro) return diff_objects(lo, ro, path);
    JsonArray la = as_array(left), ra = as_array(right);
    if (la && ra) {
      if (auto key = array_key_at(rules_, path)) {
        if (diff_keyed(la, ra, *key, path)) return;
      }
      return diff_positional(la, ra, path);
    }
    if (!json_equal(left, right)) emit(Op::replace, path, right, left);
  }

  std::vector<PatchOperation> operations;

 private:
  void emit(Op op, const Segments& path, const Json& value, const Json& old_value) {
    operations.push_back({op, pointer_text(path), value, old_value});
  }

  void diff_objects(const JsonObject& left, const JsonObject& right, Segments& path) {
    // Members print sorted by name, so one pass over both in name order is enough.
    for (const auto& [name, member] : *left) {
      path.push_back(name);
      if (!right->has(name)) {
        emit(Op::remove, path, Json(), member);
      } else {
        diff(member, right->get(name), path);
      }
      path.pop_back();
    }
    for (const auto& [name, member] : *right) {
      if (left->has(name)) continue;
      path.push_back(name);
      emit(Op::add, path, member, Json());
      path.pop_back();
    }
  }

  // False when either side cannot match by key (normalise() reported it) or is not in key order.
  bool diff_keyed(const JsonArray& left, const JsonArray& right, const Segments& key, Segments& path) {
    std::string problem;
    auto lk = element_keys(left, key, problem);
    auto rk = element_keys(right, key, problem);
    if (!lk || !rk || !std::is_sorted(lk->begin(), lk->end()) || !std::is_sorted(rk->begin(), rk->end())) {
      return false;
    }
    unsigned l = 0, r = 0, at = 0;
    while (l < lk->size() || r < rk->size()) {
      path.push_back(std::to_string(at));
      if (r >= rk->size() || (l < lk->size() && (*lk)[l] < (*rk)[r])) {
        emit(Op::remove, path, Json(), left->get(l++));
      } else if (l >= lk->size() || (*rk)[r] < (*lk)[l]) {
        emit(Op::add, path, right->get(r++), Json());
        ++at;
      } else {
        diff(left->get(l++), right->get(r++), path);
        ++at;
      }
      path.pop_back();
    }
    return true;
  }

  void diff_positional(const JsonArray& left, const JsonArray& right, Segments& path) {
    const unsigned common = std::min(left->size(), right->size());
    for (unsigned i = 0; i < common; ++i) {
      path.push_back(std::to_string(i));
      diff(left->get(i), right->get(i), path);
      path.pop_back();
    }
    for (unsigned i = left->size(); i-- > common;) {
      path.push_back(std::to_string(i));
      emit(Op::remove, path, Json(), left->get(i));
      path.pop_back();
    }
    for (unsigned i = common; i < right->size(); ++i) {
      path.push_back(std::to_string(i));
      emit(Op::add, path, right->get(i), Json());
      path.pop_back();
    }
  }

  const CompareRules& rules_;
};

std::optional<unsigned> index_of(const std::string& segment, unsigned limit) {
  unsigned index = 0;
  auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  if (ec != std::errc() || end != segment.data() + segment.size() || index > limit) return std::nullopt;
  if (segment.size() > 1 && segment.front() == '0') return std::nullopt;
  return index;
}

// Poco's arrays have no insert or set: they are rebuilt.
void refill(JsonArray array, const std::vector<Json>& elements) {
  array->clear();
  for (const auto& element : elements) array->add(element);
}

Status apply_one(Json& document, const PatchOperation& operation) {
  auto fail = [&](const std::string& why) {
    return make_error(ErrorCode::invalid_argument,
                      std::string(op_name(operation.op)) + " " + operation.path + ": " + why);
  };
  const Segments path = pointer_segments(operation.path);
  if (path.empty()) {
    if (operation.op == Op::remove) return fail("cannot remove the whole document");
    document = deep_copy(operation.value);
    return {};
  }
  const Segments parent_path(path.begin(), path.end() - 1);
  auto parent = value_at(document, parent_path);
  if (!parent) return fail("its parent does not exist");
  const std::string& last = path.back();
  if (JsonObject object = as_object(*parent)) {
    if (operation.op != Op::add && !object->has(last)) return fail("no such member");
    if (operation.op == Op::remove) {
      object->remove(last);
    } else {
      object->set(last, deep_copy(operation.value));
    }
    return {};
  }
  JsonArray array = as_array(*parent);
  if (!array) return fail("its parent is neither an object nor an array");
  const unsigned size = array->size();
  if (operation.op == Op::add) {
    auto index = last == "-" ? std::optional<unsigned>(size) : index_of(last, size);
    if (!index) return fail("no such index");
    std::vector<Json> elements(array->begin(), array->end());
    elements.insert(elements.begin() + *index, deep_copy(operation.value));
    refill(array, elements);
    return {};
  }
  auto index = index_of(last, size == 0 ? 0 : size - 1);
  if (!index || size == 0) return fail("no such index");
  if (operation.op == Op::remove) {
    array->remove(*index);
  } else {
    std::vector<Json> elements(array->begin(), array->end());
    elements[*index] = deep_copy(operation.value);
    refill(array, elements);
  }
  return {};
}

}  // namespace

const char* op_name(PatchOperation::Op op) {
  switch (op) {
    case Op::add:
      return "add";
    case Op::remove:
      return "remove";
    case Op::replace:
      break;
  }
  return "replace";
}

std::vector<PatchOperation> json_patch(const Json& left, const Json& right, const CompareRules& rules) {
  Differ differ(rules);
  Segments path;
  differ.diff(left, right, path);
  return std::move(differ.operations);
}

Result<Json> apply_patch(const Json& document, const std::vector<PatchOperation>& operations) {
  Json out = deep_copy(document);
  for (const auto& operation : operations) HSD_TRY(apply_one(out, operation));
  return out;
}

JsonObject operation_json(const PatchOperation& operation) {
  JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("op", std::string(op_name(operation.op)));
  out->set("path", operation.path);
  if (operation.op != Op::remove) out->set("value", operation.value);
  if (operation.op != Op::add) out->set("old_value", operation.old_value);
  return out;
}

}  // namespace hsd::engine::compare
