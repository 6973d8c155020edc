// RFC 6902 operations (add, remove, replace) turning one normalised document into another,
// each with the old value alongside for people, and apply_patch() that performs them.
//
// Objects compare member by member. Keyed arrays (CompareRules::arrays, both sides ordered by
// key by normalise()) compare element by key: an element only on the left is removed, one only
// on the right added, one on both compared inside. Operations are listed in the order they
// apply, so a path's index is the element's place when its operation applies: for an added or
// changed element its index in the right (normalised) array, for a removed one the index it had
// in the array as left by the operations before. Every other array compares by position:
// elements changed index by index, then extra elements removed from the end backwards or added
// at the end.
#pragma once

#include <string>
#include <vector>

#include "hsd/engine/compare_rules.hpp"
#include "json_value.hpp"

namespace hsd::engine::compare {

struct PatchOperation {
  enum class Op { add, remove, replace };
  Op op = Op::replace;
  std::string path;  // RFC 6901
  Json value;        // add, replace: the new value
  Json old_value;    // remove, replace: the value it had (not part of RFC 6902)
};

const char* op_name(PatchOperation::Op op);

// The operations turning left into right (both normalised with rules; neither is changed).
std::vector<PatchOperation> json_patch(const Json& left, const Json& right, const CompareRules& rules);

// document with the operations applied in order (document itself is not changed);
// invalid_argument naming the operation when a path does not resolve.
Result<Json> apply_patch(const Json& document, const std::vector<PatchOperation>& operations);

// {"op", "path", "value"?, "old_value"?} as a JSON object.
JsonObject operation_json(const PatchOperation& operation);

}  // namespace hsd::engine::compare
