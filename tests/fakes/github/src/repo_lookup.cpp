#include "repo_lookup.hpp"

#include "access.hpp"
#include "github_errors.hpp"

namespace hsd::fakes::github_detail {
namespace {

std::variant<Repo*, Reply> usable(GitHubState& state, const Caller& caller, Repo* repo) {
  if (!repo || !token_sees(*caller.token, *caller.user, *repo)) return not_found();
  if (saml_blocks(state, *caller.token, *repo)) return saml_enforced(state.base_url, repo->owner);
  return repo;
}

}  // namespace

std::variant<Repo*, Reply> repo_by_path(GitHubState& state, const Caller& caller, const std::string& owner,
                                        const std::string& name, const std::string& rest) {
  if (Repo* repo = state.repo_by_name(owner, name)) return usable(state, caller, repo);
  const auto old = state.old_names.find(lower(owner) + "/" + lower(name));
  if (old == state.old_names.end()) return not_found();
  auto found = usable(state, caller, state.repo_by_id(old->second));
  if (std::holds_alternative<Reply>(found)) return found;
  return moved_permanently(state.api_url(), old->second, rest);
}

std::variant<Repo*, Reply> repo_by_id_text(GitHubState& state, const Caller& caller, const std::string& id) {
  try {
    std::size_t used = 0;
    const long long value = std::stoll(id, &used);
    if (used != id.size()) return not_found();
    return usable(state, caller, state.repo_by_id(value));
  } catch (const std::exception&) {
    return not_found();
  }
}

}  // namespace hsd::fakes::github_detail
