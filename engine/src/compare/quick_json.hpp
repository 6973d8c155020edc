// Shortcuts through simdjson for the two things every object of a comparison needs and that do
// not need Poco's tree: its natural key, and whether two texts are equal once normalised (the
// same object in two accounts, other ids and times; a snapshot's compact bytes against a
// backup's pretty-printed file, members sorted). Poco's parser builds a map per object
// and a heap value per member; on a large portal reading keys that way was half of a comparison.
// Each shortcut answers only when it is sure, and otherwise says "don't know" so that the caller
// takes the Poco path, which keeps the last word on errors and on every unusual document.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hsd/engine/compare_rules.hpp"

namespace hsd::engine::compare {

// A key found at a one-segment pointer ("/name") of a document.
struct QuickKey {
  bool found = false;  // false: the document has no such member, or it is null
  std::string text;    // found: the key as json_text() writes it
};

// The key at `pointer` of the JSON text `raw`, when raw is valid JSON whose top level is an
// object holding that member at most once, and the member is a string, null or missing.
// Anything else (invalid JSON, deeper pointers, other key types): nullopt, ask Poco.
std::optional<QuickKey> quick_key(std::string_view raw, std::string_view pointer);

// True when both texts are valid JSON that normalise() would turn into equal documents without
// a warning: the members the rules ignore may differ, keyed arrays may list their elements in
// any order (string keys, each once), objects their members in any order (no name twice), and
// the layout may differ; all else must be the same JSON, scalars of the same kind. False means
// only "not shown equal this way" (rules whose patterns name an array index are not followed).
bool same_normalised(std::string_view left, std::string_view right, const CompareRules& rules);

namespace detail {
class RuleEquality;
}

// same_normalised for the many pairs of one type: the rules' pointers are read once, not for
// every pair.
class NormalisedEquality {
 public:
  explicit NormalisedEquality(const CompareRules& rules);
  ~NormalisedEquality();
  NormalisedEquality(const NormalisedEquality&) = delete;
  NormalisedEquality& operator=(const NormalisedEquality&) = delete;

  bool operator()(std::string_view left, std::string_view right);

 private:
  std::unique_ptr<detail::RuleEquality> equality_;
};

// The text without the whitespace between its tokens, for holding a side's objects in less
// memory (a backup's pretty-printed files are about half again the size of the same objects'
// compact bytes). Strings are copied as they are; whitespace between two words (numbers,
// literals) becomes one space, so a text that is not JSON stays as invalid as it was.
std::string compact_json(std::string_view text);

}  // namespace hsd::engine::compare
