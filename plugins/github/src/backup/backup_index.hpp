// The backup's index: <account folder>/.hsdeploy/index.json, written in the same commit as the
// object files. File names shorten long ids and add hash suffixes (safe_name.hpp), so only the
// index gives a reader each file's exact type, id and name back. One object per line, so that
// the file diffs object by object.
#pragma once

#include "backup.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::github::backup {

inline constexpr std::string_view kMetaFolder = ".hsdeploy";  // a leading '.' never starts a type folder
inline constexpr std::string_view kIndexName = "index.json";
inline constexpr std::string_view kIndexFormat = "hsdeploy-backup-index";

struct IndexEntry {
  std::string type;
  std::string id;
  std::string name;
  std::string path;  // relative to the account folder, e.g. "forms/a.json"
  std::string hash;  // the storage's content hash of the object ("" when unknown)
};

struct BackupIndex {
  int layout = 0;
  std::string plugin;
  std::string account_id;
  std::vector<IndexEntry> objects;
};

std::string render_index(const BackupIndex& index);

// Which entries a reader keeps, by type; empty: every entry.
using TypeFilter = std::function<bool(std::string_view type)>;

// INVALID_ARGUMENT, BACKUP_INDEX_INVALID naming file (the index's path in the repository) and
// what is wrong: not JSON, another format, a missing or mistyped field, a path that leaves the
// account folder, or a repeated (type, id). Read in one pass straight into IndexEntry (no tree,
// no copy of the text): only the entries wants keeps are copied into the result, so reading
// one type of a large backup holds that type's entries only. Every entry's fields are checked; a repeated (type, id) is
// found among the kept entries (so within each type asked for).
sdk::Result<BackupIndex> parse_index(std::string_view text, const std::string& file, const TypeFilter& wants = {});

}  // namespace hsd::plugins::github::backup
