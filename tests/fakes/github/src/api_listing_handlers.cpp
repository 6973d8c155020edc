// GET /user/repos and GET /orgs/{org}/repos (also /organizations/{id}/repos, the form GitHub's
// next links use for org listings): filters, sorting and paging as GitHub documents them.
#include <algorithm>
#include <set>
#include <sstream>

#include "access.hpp"
#include "api_handlers.hpp"
#include "github_errors.hpp"
#include "paging.hpp"
#include "repo_json.hpp"

namespace hsd::fakes::github_detail {
namespace {

std::set<std::string> comma_list(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.insert(item);
  return out;
}

void sort_repos(std::vector<Repo*>& repos, const Request& request, const std::string& default_sort) {
  const std::string sort = request.param("sort").value_or(default_sort);
  const std::string direction = request.param("direction").value_or(sort == "full_name" ? "asc" : "desc");
  auto key_less = [&](const Repo* a, const Repo* b) {
    if (sort == "full_name") return lower(a->full_name()) < lower(b->full_name());
    if (sort != "created" && a->updated_at != b->updated_at) return a->updated_at < b->updated_at;
    return a->id < b->id;  // created: ids grow with creation time
  };
  std::sort(repos.begin(), repos.end(), key_less);
  if (direction == "desc") std::reverse(repos.begin(), repos.end());
}

Reply repo_page(GitHubState& state, Request& request, const Caller& caller, std::vector<Repo*> repos,
                const std::string& default_sort, const std::string& link_base) {
  sort_repos(repos, request, default_sort);
  const Page page = paginate(request, repos.size());
  common::JsonWriter w;
  w.begin_array();
  for (std::size_t i = page.begin; i < page.end; ++i) write_repo(w, state, *repos[i], *caller.user);
  w.end_array();
  Reply reply = Reply::json(200, w.take());
  add_link_header(reply, request, page, link_base);
  return reply;
}

Reply user_repos(GitHubState& state, Request& request, const Caller* caller) {
  const auto type = request.param("type");
  const auto visibility_param = request.param("visibility");
  const auto affiliation_param = request.param("affiliation");
  if (type && (visibility_param || affiliation_param))
    return validation_failed("If you specify visibility or affiliation, you cannot specify type.");
  std::string visibility = visibility_param.value_or("all");
  std::set<std::string> affiliation = comma_list(affiliation_param.value_or("owner,collaborator,organization_member"));
  if (type == "owner") affiliation = {"owner"};
  if (type == "member") affiliation = {"collaborator", "organization_member"};
  if (type == "public" || type == "private") visibility = *type;

  const User& user = *caller->user;
  const std::string login = lower(user.login);
  std::vector<Repo*> out;
  for (auto& [id, repo] : state.repos) {
    if (repo.deleted || !token_sees(*caller->token, user, repo)) continue;
    if (saml_blocks(state, *caller->token, repo)) continue;  // GitHub leaves them out silently
    if (visibility != "all" && (visibility == "private") != repo.is_private) continue;
    const std::string owner = lower(repo.owner);
    const bool mine = owner == login;
    const bool collaborator = repo.collaborators.count(login) > 0;
    const bool member = user.orgs.count(owner) > 0;
    if ((mine && affiliation.count("owner")) || (collaborator && affiliation.count("collaborator")) ||
        (member && affiliation.count("organization_member")))
      out.push_back(&repo);
  }
  return repo_page(state, request, *caller, std::move(out), "full_name", state.api_url() + "/user/repos");
}

Reply org_repos(GitHubState& state, Request& request, const Caller* caller, const User* org) {
  if (!org || !org->is_org()) return not_found();
  if (state.saml_orgs.count(lower(org->login)) && !caller->token->sso_orgs.count(lower(org->login)))
    return saml_enforced(state.base_url, org->login);
  const std::string type = request.param("type").value_or("all");
  std::vector<Repo*> out;
  for (auto& [id, repo] : state.repos) {
    if (repo.deleted || lower(repo.owner) != lower(org->login)) continue;
    if (!token_sees(*caller->token, *caller->user, repo)) continue;
    if ((type == "public" && repo.is_private) || (type == "private" && !repo.is_private)) continue;
    if (type == "member" && !user_permissions(*caller->user, repo).push) continue;
    if (type == "forks") continue;  // the fake has no forks
    out.push_back(&repo);
  }
  return repo_page(state, request, *caller, std::move(out), "created",
                   state.api_url() + "/organizations/" + std::to_string(org->id) + "/repos");
}

}  // namespace

void add_listing_routes(Router& router) {
  router.add("GET", "/api/v3/user/repos", user_repos);
  router.add("GET", "/api/v3/orgs/{org}/repos", [](GitHubState& state, Request& request, const Caller* caller) {
    return org_repos(state, request, caller, state.find_user(request.captures["org"]));
  });
  router.add("GET", "/api/v3/organizations/{id}/repos", [](GitHubState& state, Request& request, const Caller* caller) {
    for (const auto& [key, user] : state.users)
      if (std::to_string(user.id) == request.captures["id"]) return org_repos(state, request, caller, &user);
    return not_found();
  });
}

}  // namespace hsd::fakes::github_detail
