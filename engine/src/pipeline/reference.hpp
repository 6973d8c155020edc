// ${...} references inside pipeline strings. A reference is a dotted path whose first segment
// is its root (connection, params, steps, error); "$${" writes a literal "${".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

struct Reference {
  std::string text;                 // as written between the braces, e.g. "steps.a.output.x"
  std::vector<std::string> path;    // split on '.', path[0] is the root
  const std::string& root() const { return path.front(); }
};

struct TemplatePart {
  bool is_reference = false;
  std::string literal;
  Reference reference;
};

// Splits text into literals and references. Fails on an unterminated "${", an empty
// reference, an empty segment or a character outside [A-Za-z0-9_-].
Result<std::vector<TemplatePart>> parse_template(std::string_view text);

// True when the template is exactly one reference and nothing else (it keeps its JSON type).
bool is_single_reference(const std::vector<TemplatePart>& parts);

// Parses the inside of one "${...}" (used by the `when` tokenizer).
Result<Reference> parse_reference(std::string_view inside);

}  // namespace hsd::engine::detail
