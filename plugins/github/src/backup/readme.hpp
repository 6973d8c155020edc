// The README.md index of a backup folder: the account, then per type the number of objects
// and a table of id, name and a relative link to the object's file. The same input always
// gives the same bytes (no dates, sorted rows), so an unchanged snapshot changes nothing.
#pragma once

#include "backup.hpp"

#include <string>
#include <vector>

namespace hsd::plugins::github::backup {

struct ReadmeRow {
  std::string id;
  std::string name;
  std::string file;  // the file name inside the type's folder
};

struct ReadmeType {
  std::string type;
  std::string folder;  // the type's folder name
  std::vector<ReadmeRow> rows;
};

// Types and rows are sorted here (types by name, rows by id, then file).
std::string render_readme(const Source& source, std::vector<ReadmeType> types);

// Markdown-safe inline text: table pipes, backslashes and markup characters escaped,
// line breaks and control characters turned into spaces.
std::string markdown_text(std::string_view text);

// A relative link target: every byte outside [A-Za-z0-9._~/-] percent-encoded.
std::string link_target(std::string_view path);

}  // namespace hsd::plugins::github::backup
