// Writing a connection's metadata snapshot to a git branch as one commit per run.
//
// The commit is built in memory with libgit2 on a persistent local bare mirror of the
// repository (fetched incrementally: Debian's libgit2 1.5 has no shallow clone), then pushed.
// Only the files under path_prefix/<plugin>/<account_id>/ and the generated README.md index
// belong to a backup; everything else on the branch is kept as others committed it.
#pragma once

#include <hsd/sdk.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace hsd::plugins::github::backup {

// One stored metadata object: the provider's exact JSON and the storage's content hash.
struct Object {
  std::string_view type;
  std::string_view id;
  std::string_view name;
  std::string_view data_json;
  std::string_view hash;
};

using ObjectVisitor = std::function<sdk::Status(const Object&)>;
// Calls the visitor once per object of the snapshot, ordered by (type, id).
using ObjectSource = std::function<sdk::Status(const ObjectVisitor&)>;

// The connection whose snapshot is backed up; names the folder its files live in.
struct Source {
  std::string plugin;      // e.g. the source plugin's id
  std::string account_id;  // the source account's id
  std::string account_name;
  std::string label;
};

struct Target {
  std::string remote_url;    // e.g. https://github.com/OWNER/NAME.git; never carries credentials
  std::string allowed_host;  // host[:port] the token may be sent to (the configured git host)
  std::string token;         // sent as the password of user "x-access-token", to allowed_host only
  std::string branch;        // created on the first push when the repository or branch is empty
  std::string path_prefix;   // folder in the repository this backup writes under; "" = the root
  std::string mirror_dir;    // the persistent local bare mirror of this repository
  std::string full_name;     // OWNER/NAME, for messages and the README
  std::string author_name;   // commit author and committer
  std::string author_email;
  // Reading back only: never contact the remote. A full commit sha the mirror holds is read;
  // anything else fails NOT_IN_MIRROR before an object is read (resolve_ref.hpp).
  bool mirror_only = false;
};

struct Outcome {
  std::string commit;  // the branch tip after the run: the new commit, or the unchanged tip
  std::string parent;  // the tip the commit was built on; empty for a branch's first commit
  bool committed = false;
  std::size_t added = 0;    // object files new in this commit
  std::size_t changed = 0;  // object files whose content changed
  std::size_t removed = 0;  // object files deleted
  std::size_t files = 0;    // object files in the backup after the run
};

struct Hooks {
  std::function<bool()> cancelled;                                // may be empty
  std::function<void(hsd_log_level, std::string_view)> log;       // may be empty; never given secrets
  // Reading back only: whether objects of a type are wanted (empty: every type). The others'
  // files are never read, so reading one type of a large backup costs that type's files.
  std::function<bool(std::string_view type)> wants_type;
};

// Fetches the branch into the mirror, writes the snapshot's files on top of its tip, commits
// when the tree changed, and pushes without forcing. A non-fast-forward push is retried once
// after fetching and rebuilding on the new tip. Failure codes: AUTH_FAILED (unauthenticated),
// PUSH_REFUSED (permission denied: the server refused the ref, e.g. a protected branch),
// NOT_FAST_FORWARD (conflict, retryable), GIT_UNAVAILABLE (network or TLS, retryable),
// CANCELLED, GIT_FAILED (internal).
sdk::Result<Outcome> write_backup(const Target& target, const Source& source, const ObjectSource& objects,
                                  const Hooks& hooks);

}  // namespace hsd::plugins::github::backup
