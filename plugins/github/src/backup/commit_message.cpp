#include "commit_message.hpp"

#include <algorithm>

namespace hsd::plugins::github::backup {

std::string commit_message(const std::string& account, std::size_t added, std::size_t changed, std::size_t removed,
                           std::vector<FileChange> changes, std::size_t max_listed) {
  std::string title;
  for (char c : account) title += (c == '\n' || c == '\r') ? ' ' : c;
  std::string out = "Backup of " + title + ": ";
  if (added == 0 && changed == 0 && removed == 0) {
    out += "index updated";
  } else {
    out += std::to_string(added) + " added, " + std::to_string(changed) + " changed, " +
           std::to_string(removed) + " removed";
  }
  out += '\n';
  if (changes.empty()) return out;
  std::sort(changes.begin(), changes.end(),
            [](const FileChange& a, const FileChange& b) { return a.path != b.path ? a.path < b.path : a.kind < b.kind; });
  out += '\n';
  const std::size_t listed = std::min(changes.size(), max_listed);
  for (std::size_t i = 0; i < listed; ++i) {
    out += changes[i].kind;
    out += "  ";
    out += changes[i].path;
    out += '\n';
  }
  if (changes.size() > listed) out += "and " + std::to_string(changes.size() - listed) + " more\n";
  return out;
}

}  // namespace hsd::plugins::github::backup
