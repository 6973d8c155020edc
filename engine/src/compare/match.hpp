// match(): pairs two sides' objects of one type by their natural key (CompareRules::key), or by
// the provider's id when the type declares none. Objects whose key is used twice on one side
// are ambiguous: reported, never paired.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hsd/engine/compare_rules.hpp"

namespace hsd::engine::compare {

// One object of a side as stored: its provider id, its name for people, its raw JSON.
struct SideObject {
  std::string id;
  std::string name;
  std::string raw;
};

enum class Side { left, right };

struct MatchedPair {
  std::string key;                   // the natural key as canonical JSON text ("\"email\""), or the id
  std::optional<std::size_t> left;   // index into the left objects; none: only on the right
  std::optional<std::size_t> right;  // index into the right objects; none: only on the left
};

// A key used by two or more objects on at least one side: every object with it, on both
// sides, is left unpaired.
struct AmbiguousKey {
  std::string key;
  std::vector<std::size_t> left;   // indexes into the left objects with this key
  std::vector<std::size_t> right;  // indexes into the right objects with this key
};

// An object whose raw JSON does not parse or lacks the key: reported, never paired.
struct Unmatchable {
  Side side = Side::left;
  std::size_t object = 0;
  std::string problem;
};

struct MatchResult {
  std::vector<MatchedPair> pairs;  // ordered by key
  std::vector<AmbiguousKey> ambiguous;  // ordered by key
  std::vector<Unmatchable> unmatchable;
};

MatchResult match(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                  const CompareRules& rules);

}  // namespace hsd::engine::compare
