#include "compare_objects.hpp"

#include "normalise.hpp"
#include "quick_json.hpp"

namespace hsd::engine::compare {
namespace {

const char* side_name(Side side) { return side == Side::left ? "left" : "right"; }

std::string who(const SideObject& object, Side side) {
  return std::string(side_name(side)) + " object " + object.id + (object.name.empty() ? "" : " '" + object.name + "'");
}

// The normalised document, its warnings added to the comparison's; null when it does not parse.
std::optional<Json> normalised(const SideObject& object, Side side, const CompareRules& rules, TypeComparison& out) {
  auto result = normalise(object.raw, rules);
  if (!result) {
    out.warnings.push_back(who(object, side) + ": " + result.error().message);
    return std::nullopt;
  }
  for (const auto& warning : result->warnings) out.warnings.push_back(who(object, side) + ": " + warning);
  return std::move(result->document);
}

}  // namespace

const char* kind_name(ObjectDifference::Kind kind) {
  switch (kind) {
    case ObjectDifference::Kind::added:
      return "added";
    case ObjectDifference::Kind::removed:
      return "removed";
    case ObjectDifference::Kind::changed:
      break;
  }
  return "changed";
}

TypeComparison compare_objects(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                               const CompareRules& rules, const DifferenceSink& sink) {
  TypeComparison out;
  MatchResult matched = match(left, right, rules);
  for (const auto& entry : matched.ambiguous) {
    out.ambiguous += entry.left.size() + entry.right.size();
    out.warnings.push_back("key " + entry.key + " is used by " + std::to_string(entry.left.size()) + " left and " +
                           std::to_string(entry.right.size()) + " right objects; they are not compared");
  }
  out.ambiguous_keys = std::move(matched.ambiguous);
  for (const auto& entry : matched.unmatchable) {
    ++out.unmatchable;
    const SideObject& object = (entry.side == Side::left ? left : right)[entry.object];
    out.warnings.push_back(who(object, entry.side) + " cannot be matched: " + entry.problem);
  }
  NormalisedEquality normalised_equal(rules);
  for (const auto& pair : matched.pairs) {
    ObjectDifference difference;
    difference.key = pair.key;
    if (pair.left) difference.left_id = left[*pair.left].id;
    if (pair.right) difference.right_id = right[*pair.right].id;
    difference.name = pair.right ? right[*pair.right].name : left[*pair.left].name;
    // The same bytes, or texts that normalise to the same document without a warning (other
    // ids and times, keyed arrays reordered, a backup's pretty-printed file): nothing to
    // normalise or diff, which is most of a comparison's time otherwise.
    if (pair.left && pair.right &&
        (left[*pair.left].raw == right[*pair.right].raw ||
         normalised_equal(left[*pair.left].raw, right[*pair.right].raw))) {
      ++out.unchanged;
      continue;
    }
    std::optional<Json> l, r;
    if (pair.left) {
      l = normalised(left[*pair.left], Side::left, rules, out);
      if (!l) {
        ++out.unmatchable;
        continue;
      }
    }
    if (pair.right) {
      r = normalised(right[*pair.right], Side::right, rules, out);
      if (!r) {
        ++out.unmatchable;
        continue;
      }
    }
    if (l && r) {
      difference.operations = json_patch(*l, *r, rules);
      if (difference.operations.empty()) {
        ++out.unchanged;
        continue;
      }
      difference.kind = ObjectDifference::Kind::changed;
      ++out.changed;
    } else if (r) {
      difference.kind = ObjectDifference::Kind::added;
      ++out.added;
    } else {
      difference.kind = ObjectDifference::Kind::removed;
      ++out.removed;
    }
    if (l) difference.left_json = json_text(*l);
    if (r) difference.right_json = json_text(*r);
    sink(std::move(difference));
  }
  return out;
}

TypeComparison compare_objects(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                               const CompareRules& rules, std::vector<ObjectDifference>& differences) {
  return compare_objects(left, right, rules, [&](ObjectDifference&& d) { differences.push_back(std::move(d)); });
}

}  // namespace hsd::engine::compare
