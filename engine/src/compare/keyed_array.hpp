// Arrays that match by a key inside each element (CompareRules::arrays): which rule holds at a
// concrete path, and each element's key, as long as every element has one and no two share one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "hsd/engine/compare_rules.hpp"
#include "json_value.hpp"

namespace hsd::engine::compare {

// The key pointer (as segments) of the first arrays rule whose pattern matches path, if any.
std::optional<Segments> array_key_at(const CompareRules& rules, const Segments& path);

// Each element's key as canonical JSON text, or nullopt with problem set ("element 3 has no key
// /value", "key \"a\" appears twice") when the array cannot match by key.
std::optional<std::vector<std::string>> element_keys(const JsonArray& array, const Segments& key,
                                                     std::string& problem);

}  // namespace hsd::engine::compare
