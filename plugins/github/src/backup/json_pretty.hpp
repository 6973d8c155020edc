// Re-prints JSON text for diff-friendly files: object keys sorted by their decoded bytes,
// two-space indentation, UTF-8 kept as is (no \u escapes for non-ASCII), control characters
// escaped, numbers copied exactly as written (no round trip through double), and a final
// newline. Works on the raw text with its own tokenizer.
#pragma once

#include <string>
#include <string_view>

namespace hsd::plugins::github::backup {

// Appends the pretty form of json to out. Returns false (out then holds partial output, to
// be discarded) when json is not valid JSON or nests deeper than 512 levels.
bool pretty_json(std::string_view json, std::string& out);

// The content of an object's file: the pretty form, or, when the text is not valid JSON, the
// text as given plus a final newline (so that a bad object never blocks a backup).
std::string render_object_file(std::string_view data_json, bool* was_valid = nullptr);

}  // namespace hsd::plugins::github::backup
