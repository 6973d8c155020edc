// The persistent local bare mirror: opened (or created) per call, and brought up to date with
// the remote branch only (refs/heads/<branch> into refs/remotes/origin/<branch>) through an
// anonymous remote, so the URL never lands in the mirror's config.
#pragma once

#include "backup.hpp"
#include "git_util.hpp"

#include <optional>
#include <string>

namespace hsd::plugins::github::backup {

sdk::Result<RepoPtr> open_mirror(const std::string& dir);

// "refs/heads/<branch>" after checking the name; INVALID_ARGUMENT when git refuses it.
sdk::Result<std::string> branch_ref(const std::string& branch);
std::string tracking_ref(const std::string& branch);  // refs/remotes/origin/<branch>

// The remote tip of the branch, downloaded into the mirror when it is not there yet;
// nullopt when the repository is empty or has no such branch.
sdk::Result<std::optional<git_oid>> fetch_branch(git_repository* repo, const Target& target, const Hooks& hooks);

// Points refs/remotes/origin/<branch> at tip (or deletes it).
sdk::Status set_tracking_ref(git_repository* repo, const std::string& branch, const std::optional<git_oid>& tip);

}  // namespace hsd::plugins::github::backup
