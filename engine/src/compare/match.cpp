#include "match.hpp"

#include <map>

#include "json_value.hpp"
#include "quick_json.hpp"

namespace hsd::engine::compare {
namespace {

struct Keyed {
  std::map<std::string, std::vector<std::size_t>> by_key;
};

Keyed keys_of(const std::vector<SideObject>& objects, Side side, const CompareRules& rules, MatchResult& result) {
  Keyed out;
  const Segments key = rules.key ? pointer_segments(*rules.key) : Segments();
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (!rules.key) {
      out.by_key[objects[i].id].push_back(i);
      continue;
    }
    // Most keys come out of simdjson; whatever it is unsure of goes through Poco as before.
    if (auto quick = quick_key(objects[i].raw, *rules.key)) {
      if (quick->found)
        out.by_key[std::move(quick->text)].push_back(i);
      else
        result.unmatchable.push_back({side, i, "it has no key " + *rules.key});
      continue;
    }
    auto parsed = parse_json(objects[i].raw);
    if (!parsed) {
      result.unmatchable.push_back({side, i, parsed.error().message});
      continue;
    }
    auto value = value_at(*parsed, key);
    if (!value || value->isEmpty()) {
      result.unmatchable.push_back({side, i, "it has no key " + *rules.key});
      continue;
    }
    out.by_key[json_text(*value)].push_back(i);
  }
  return out;
}

}  // namespace

MatchResult match(const std::vector<SideObject>& left, const std::vector<SideObject>& right,
                  const CompareRules& rules) {
  MatchResult result;
  Keyed lk = keys_of(left, Side::left, rules, result);
  Keyed rk = keys_of(right, Side::right, rules, result);
  // A key used twice on one side pairs with nothing, on either side.
  std::map<std::string, AmbiguousKey> ambiguous;
  for (auto* keyed : {&lk, &rk}) {
    for (const auto& [key, indexes] : keyed->by_key) {
      if (indexes.size() > 1) ambiguous[key].key = key;
    }
  }
  for (auto& [key, entry] : ambiguous) {
    if (auto it = lk.by_key.find(key); it != lk.by_key.end()) {
      entry.left = it->second;
      lk.by_key.erase(it);
    }
    if (auto it = rk.by_key.find(key); it != rk.by_key.end()) {
      entry.right = it->second;
      rk.by_key.erase(it);
    }
    result.ambiguous.push_back(std::move(entry));
  }
  auto l = lk.by_key.begin();
  auto r = rk.by_key.begin();
  while (l != lk.by_key.end() || r != rk.by_key.end()) {
    if (r == rk.by_key.end() || (l != lk.by_key.end() && l->first < r->first)) {
      result.pairs.push_back({l->first, l->second.front(), std::nullopt});
      ++l;
    } else if (l == lk.by_key.end() || r->first < l->first) {
      result.pairs.push_back({r->first, std::nullopt, r->second.front()});
      ++r;
    } else {
      result.pairs.push_back({l->first, l->second.front(), r->second.front()});
      ++l;
      ++r;
    }
  }
  return result;
}

}  // namespace hsd::engine::compare
