#include "keyed_array.hpp"

#include <unordered_set>

namespace hsd::engine::compare {

std::optional<Segments> array_key_at(const CompareRules& rules, const Segments& path) {
  for (const auto& rule : rules.arrays) {
    if (pattern_matches(pointer_segments(rule.at), path)) return pointer_segments(rule.key);
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> element_keys(const JsonArray& array, const Segments& key,
                                                     std::string& problem) {
  std::vector<std::string> keys;
  keys.reserve(array->size());
  std::unordered_set<std::string> seen;
  for (unsigned i = 0; i < array->size(); ++i) {
    auto value = value_at(array->get(i), key);
    if (!value) {
      problem = "element " + std::to_string(i) + " has no key " + (key.empty() ? "\"\"" : pointer_text(key));
      return std::nullopt;
    }
    std::string text = json_text(*value);
    if (!seen.insert(text).second) {
      problem = "key " + text + " appears twice";
      return std::nullopt;
    }
    keys.push_back(std::move(text));
  }
  return keys;
}

}  // namespace hsd::engine::compare
