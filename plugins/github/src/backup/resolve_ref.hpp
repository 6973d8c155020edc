// A reader's ref (a branch, a tag, or a full or abbreviated commit sha) turned into a commit of
// the mirror, fetching from the remote what the mirror lacks. Branches and tags are looked up
// on the remote (its current tips, not the mirror's possibly stale copies); a sha is looked up
// in the mirror first and, when missing, after fetching every branch and tag.
//
// A full (40-digit) sha the mirror holds as a commit resolves without contacting the remote:
// a commit is addressed by its hash, so the mirror's copy is that commit and nothing remote can
// change it (as git does, a full sha is taken as a sha before a branch or tag of that name).
// A reader that pinned a commit (the engine reading a backup one type at a time) thus pays for
// the remote once. With target.mirror_only, anything else fails NOT_IN_MIRROR.
#pragma once

#include "backup.hpp"
#include "git_util.hpp"

#include <string>

namespace hsd::plugins::github::backup {

struct ResolvedRef {
  git_oid commit;
  std::string kind;  // "branch", "tag" or "commit"
};

// INVALID_ARGUMENT (INVALID_REF) for text git cannot name a ref with; NOT_FOUND REF_NOT_FOUND,
// naming the ref and the repository, when nothing matches (or an abbreviated sha is ambiguous);
// network failures as for a backup (AUTH_FAILED, GIT_UNAVAILABLE, REPOSITORY_NOT_FOUND, CANCELLED);
// NOT_FOUND NOT_IN_MIRROR as above.
sdk::Result<ResolvedRef> resolve_ref(git_repository* repo, const Target& target, const std::string& ref,
                                     const Hooks& hooks);

}  // namespace hsd::plugins::github::backup
