// Where a backup's files live in the repository:
//   <path_prefix>/<plugin>/<account_id>/<type>/<safe id>.json
//   <path_prefix>/<plugin>/<account_id>/README.md
//   <path_prefix>/<plugin>/<account_id>/.hsdeploy/index.json (since layout 2; backup_index.hpp)
// The prefix is the user's folder (normalised, checked); every other component is a safe
// name (safe_name.hpp).
#pragma once

#include "backup.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::github::backup {

// Bumped whenever the rendering of a file or the layout changes: part of the blob cache's key.
// 2: the index file (.hsdeploy/index.json) names every object file's type, id, name and hash.
inline constexpr int kLayoutVersion = 2;

inline constexpr std::string_view kReadmeName = "README.md";
inline constexpr std::string_view kObjectExtension = ".json";

// "a/b" from "/a//b/"; "" for the root. Refuses (INVALID_ARGUMENT, INVALID_PATH_PREFIX)
// "." / ".." / ".git" components, backslashes, control characters and over-long prefixes.
sdk::Result<std::string> normalize_prefix(std::string_view prefix);

// The backup's folder relative to the repository root, e.g. "backups/hubspot/123"
// (no leading slash). prefix must be normalised.
std::string account_folder(std::string_view normalized_prefix, const Source& source);

// The folder split into its components.
std::vector<std::string> split_path(std::string_view path);

// "<folder>/<name>" or name when folder is empty.
std::string join_path(std::string_view folder, std::string_view name);

}  // namespace hsd::plugins::github::backup
