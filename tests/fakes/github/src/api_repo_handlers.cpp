// One repository and its branches, by owner/name or by id. Branch lists page with next links
// in the /repositories/{id}/branches form, as GitHub's do.
#include "api_handlers.hpp"
#include "paging.hpp"
#include "repo_json.hpp"
#include "repo_lookup.hpp"

namespace hsd::fakes::github_detail {
namespace {

Reply repo_reply(GitHubState& state, const Caller& caller, const std::variant<Repo*, Reply>& found) {
  if (const auto* reply = std::get_if<Reply>(&found)) return *reply;
  common::JsonWriter w;
  write_repo(w, state, *std::get<Repo*>(found), *caller.user);
  return Reply::json(200, w.take());
}

Reply branches_reply(GitHubState& state, Request& request, const std::variant<Repo*, Reply>& found) {
  if (const auto* reply = std::get_if<Reply>(&found)) return *reply;
  const Repo& repo = *std::get<Repo*>(found);
  const auto branches = read_branches(repo.dir);
  const Page page = paginate(request, branches.size());
  common::JsonWriter w;
  w.begin_array();
  for (std::size_t i = page.begin; i < page.end; ++i) write_branch(w, state, repo, branches[i]);
  w.end_array();
  Reply reply = Reply::json(200, w.take());
  add_link_header(reply, request, page, state.api_url() + "/repositories/" + std::to_string(repo.id) + "/branches");
  return reply;
}

}  // namespace

void add_repo_routes(Router& router) {
  router.add("GET", "/api/v3/repos/{owner}/{repo}", [](GitHubState& state, Request& request, const Caller* caller) {
    return repo_reply(state, *caller, repo_by_path(state, *caller, request.captures["owner"], request.captures["repo"], ""));
  });
  router.add("GET", "/api/v3/repositories/{id}", [](GitHubState& state, Request& request, const Caller* caller) {
    return repo_reply(state, *caller, repo_by_id_text(state, *caller, request.captures["id"]));
  });
  router.add("GET", "/api/v3/repos/{owner}/{repo}/branches",
             [](GitHubState& state, Request& request, const Caller* caller) {
               return branches_reply(state, request,
                                     repo_by_path(state, *caller, request.captures["owner"], request.captures["repo"],
                                                  "/branches"));
             });
  router.add("GET", "/api/v3/repositories/{id}/branches", [](GitHubState& state, Request& request, const Caller* caller) {
    return branches_reply(state, request, repo_by_id_text(state, *caller, request.captures["id"]));
  });
}

}  // namespace hsd::fakes::github_detail
