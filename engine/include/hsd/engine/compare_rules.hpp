// How objects of one type are compared across accounts (issue 13): the natural key that pairs
// them, the fields left out, and the arrays whose elements match by a key inside each element.
// A plugin declares them in its manifest (object_types.<type>.compare, ABI 1.3); operators add
// to them in engine.yaml (compare.rules), merged with merge_compare_rules().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::engine {

// An array (a pattern) whose elements match by the value at key (a JSON pointer inside each
// element; "" is the element itself, for arrays of scalars).
struct CompareArrayRule {
  std::string at;
  std::string key;
};

// Patterns are JSON pointers (RFC 6901) in which a segment "*" matches every element of an
// array or every member of an object.
struct CompareRules {
  std::optional<std::string> key;       // the natural key (no "*"); none: match by provider id
  std::vector<std::string> ignore;      // patterns left out of the comparison
  std::vector<CompareArrayRule> arrays;  // keyed arrays; every other array matches by position
};

// Why text is not a usable pattern, or "" when it is: it must be a JSON pointer, not "" unless
// allow_empty, and without "*" segments unless wildcards.
std::string compare_pattern_problem(std::string_view text, bool wildcards, bool allow_empty);

// base with extra's additions: ignore and arrays appended (an arrays rule for a pattern base
// already has replaces that rule's key), key replaced when extra sets one.
CompareRules merge_compare_rules(const CompareRules& base, const CompareRules& extra);

}  // namespace hsd::engine
