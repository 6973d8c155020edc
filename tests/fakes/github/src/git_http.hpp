// The git face: smart HTTP at /OWNER/NAME.git/{info/refs, git-upload-pack, git-receive-pack}.
// Basic auth with the token as password (any user name); the token's user needs pull to fetch
// and push to push. Renamed repos are served at their current name only; requests to an old
// name answer 404 and are counted.
#pragma once

#include <optional>
#include <string>

#include "http_types.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

struct GitTarget {
  std::string owner;
  std::string name;   // without .git
  std::string rest;   // "info/refs", "git-upload-pack" or "git-receive-pack"
};

std::optional<GitTarget> git_target(const std::string& path);
Reply handle_git(GitHubState& state, const Request& request, const GitTarget& target);

}  // namespace hsd::fakes::github_detail
