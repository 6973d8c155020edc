// The commit message of a backup: a title with the counts and a body listing the files
// (capped), e.g.
//   Backup of Acme: 3 added, 2 changed, 1 removed
//
//   A  hubspot/123/forms/a.json
//   ...
//   and 12 more
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hsd::plugins::github::backup {

struct FileChange {
  char kind;         // 'A' added, 'M' changed, 'D' removed
  std::string path;  // relative to the repository root
};

inline constexpr std::size_t kMaxListedChanges = 50;

// changes is sorted by path here.
std::string commit_message(const std::string& account, std::size_t added, std::size_t changed, std::size_t removed,
                           std::vector<FileChange> changes, std::size_t max_listed = kMaxListedChanges);

}  // namespace hsd::plugins::github::backup
