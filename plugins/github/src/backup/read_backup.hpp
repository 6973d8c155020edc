// Reading a backup back: every object file a backup wrote in one account's folder at a ref,
// from the plugin's local mirror (fetched when the ref is missing), never through GitHub's
// contents API. Through the folder's index (backup_index.hpp) when it has one; a backup
// written before the index existed (layout 1) is read by its file names, with warnings.
#pragma once

#include "backup.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hsd::plugins::github::backup {

struct ReadObject {
  std::string type;
  std::string id;
  std::string name;
  std::string hash;  // the storage's content hash recorded by the backup; "" when unknown
  std::string data;  // the file's text exactly as written (pretty-printed JSON, json_pretty.hpp)
};

struct ReadResult {
  std::string commit;  // the full sha the ref resolved to
  std::string ref_kind;  // "branch", "tag" or "commit"
  std::string folder;  // the account folder read, relative to the repository root
  std::size_t objects = 0;
  std::vector<std::string> warnings;
};

// Objects are handed over one at a time in the index's (or the folder's) order, so a caller
// can write them out without holding them all.
using ReadVisitor = std::function<sdk::Status(const ReadObject&)>;

// target: remote_url, allowed_host, token, path_prefix, mirror_dir, full_name and mirror_only
// are used (its branch is not); with mirror_only, only path_prefix, mirror_dir and full_name,
// and the ref must be a full sha the mirror holds (else NOT_IN_MIRROR, before any object). Failures: INVALID_REF, REF_NOT_FOUND (resolve_ref.hpp), BACKUP_NOT_FOUND (no
// backup folder at that commit), BACKUP_INDEX_INVALID (the index does not parse, or names a file
// the commit lacks, or another account), INVALID_PATH_PREFIX, MIRROR_BUSY, the network's
// failures as for a backup, and whatever the visitor returns.
sdk::Result<ReadResult> read_backup(const Target& target, const Source& source, const std::string& ref,
                                    const ReadVisitor& visit, const Hooks& hooks);

}  // namespace hsd::plugins::github::backup
