// Finding the repository an API path names, with GitHub's answers when it cannot be used:
// 404 for missing, deleted or invisible ones, 301 to /repositories/{id} for a renamed one,
// 403 with X-GitHub-SSO for an org that enforces SAML. Callers hold GitHubState::mutex.
#pragma once

#include <variant>

#include "router.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

/** `rest` is what follows the repo in the path ("" or "/branches"), kept in the 301 Location. */
std::variant<Repo*, Reply> repo_by_path(GitHubState& state, const Caller& caller, const std::string& owner,
                                        const std::string& name, const std::string& rest);
std::variant<Repo*, Reply> repo_by_id_text(GitHubState& state, const Caller& caller, const std::string& id);

}  // namespace hsd::fakes::github_detail
