// Pushes refs/heads/<branch> of the mirror to the remote branch, never forced. The server's
// refusal of the ref (hooks, protected branches) arrives through push_update_reference while
// git_remote_push returns 0; it is a failure here.
#pragma once

#include "backup.hpp"
#include "git_util.hpp"

#include <optional>
#include <string>

namespace hsd::plugins::github::backup {

struct PushResult {
  enum class Kind { kPushed, kNotFastForward } kind = Kind::kPushed;
  std::string message;  // why it was not a fast-forward
};

// Sets refs/heads/<branch> in the mirror to commit, then pushes it. PUSH_REFUSED,
// AUTH_FAILED, GIT_UNAVAILABLE, CANCELLED or GIT_FAILED as failures; a non-fast-forward
// (client-side, or the server's "non-fast-forward"/"fetch first") as kNotFastForward.
sdk::Result<PushResult> push_branch(git_repository* repo, const Target& target, const git_oid& commit,
                                    const Hooks& hooks);

// Whether a server's refusal means the ref moved (the fix is fetch, rebuild, push again).
bool refusal_is_not_fast_forward(std::string_view status);

}  // namespace hsd::plugins::github::backup
