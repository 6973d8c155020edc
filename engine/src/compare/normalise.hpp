// normalise(): an object's raw JSON as compared. The ignored paths are dropped and every keyed
// array is ordered by its key, so that reordering it is no change. An array whose elements do
// not all carry a distinct key keeps its order and is reported, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/compare_rules.hpp"
#include "json_value.hpp"

namespace hsd::engine::compare {

struct Normalised {
  Json document;
  std::vector<std::string> warnings;  // "/options: element 2 has no key /value; it keeps its order"
};

// raw: the object's bytes as the source sent them (invalid_argument when not JSON).
Result<Normalised> normalise(std::string_view raw, const CompareRules& rules);

// The same on a parsed document, which is changed in place.
std::vector<std::string> normalise_in_place(Json& document, const CompareRules& rules);

}  // namespace hsd::engine::compare
