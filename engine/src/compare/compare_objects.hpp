// compare_objects(): one object type's objects on two sides, matched (match()), normalised
// (normalise()) and diffed (json_patch()) object by object. Each difference goes to a sink as it
// is found, so a caller can store it and let it go; only the two sides' object lists are held.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hsd/engine/compare_rules.hpp"
#include "json_patch.hpp"
#include "match.hpp"

namespace hsd::engine::compare {

struct ObjectDifference {
  enum class Kind { added, removed, changed };
  Kind kind = Kind::changed;
  std::string key;       // the natural key (or the id when the type has none)
  std::string left_id;   // empty when added
  std::string right_id;  // empty when removed
  std::string name;      // the right side's name, else the left's
  std::vector<PatchOperation> operations;  // changed only: left into right
  std::string left_json;   // normalised, compact; empty when added
  std::string right_json;  // normalised, compact; empty when removed
};

const char* kind_name(ObjectDifference::Kind kind);

struct TypeComparison {
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
  std::size_t unchanged = 0;
  std::size_t ambiguous = 0;    // objects (on either side) whose key is used twice on a side
  std::size_t unmatchable = 0;  // objects without the key or whose JSON does not parse
  std::vector<AmbiguousKey> ambiguous_keys;
  // For people: ambiguous keys, unmatchable objects, arrays that could not match by key.
  std::vector<std::string> warnings;
};

using DifferenceSink = std::function<void(ObjectDifference&&)>;

TypeComparison compare_objects(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                               const CompareRules& rules, const DifferenceSink& sink);

// The same, collecting the differences (tests, small sets).
TypeComparison compare_objects(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                               const CompareRules& rules, std::vector<ObjectDifference>& differences);

}  // namespace hsd::engine::compare
