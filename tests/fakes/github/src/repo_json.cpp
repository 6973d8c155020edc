#include "repo_json.hpp"

#include <ctime>

#include "access.hpp"

namespace hsd::fakes::github_detail {

std::string iso8601(TimePoint t) {
  const std::time_t seconds = Clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

void write_user(common::JsonWriter& w, const GitHubState& state, const User& user) {
  w.begin_object().str("login", user.login).num("id", user.id);
  w.str("node_id", (user.is_org() ? "O_fake" : "U_fake") + std::to_string(user.id));
  w.str("url", state.api_url() + (user.is_org() ? "/orgs/" : "/users/") + user.login);
  w.str("html_url", state.base_url + "/" + user.login);
  w.str("type", user.type).flag("site_admin", false).end_object();
}

void write_repo(common::JsonWriter& w, GitHubState& state, const Repo& repo, const User& viewer) {
  const std::string full_name = repo.full_name();
  const std::int64_t size = repo_size_kb(repo.dir);
  const TimePoint pushed = last_push(repo.dir, repo.created_at);
  w.begin_object().num("id", repo.id).str("node_id", "R_fake" + std::to_string(repo.id));
  w.str("name", repo.name).str("full_name", full_name).flag("private", repo.is_private);
  w.key("owner");
  if (const User* owner = state.find_user(repo.owner))
    write_user(w, state, *owner);
  else
    w.null();
  w.str("html_url", state.base_url + "/" + full_name).key("description").null().flag("fork", false);
  w.str("url", state.api_url() + "/repos/" + full_name);
  w.str("branches_url", state.api_url() + "/repos/" + full_name + "/branches{/branch}");
  w.str("created_at", iso8601(repo.created_at)).str("updated_at", iso8601(std::max(repo.updated_at, pushed)));
  w.str("pushed_at", iso8601(pushed));
  w.str("git_url", "git://" + state.base_url.substr(state.base_url.find("//") + 2) + "/" + full_name + ".git");
  w.str("clone_url", state.base_url + "/" + full_name + ".git");
  w.num("size", size).flag("archived", repo.archived).flag("disabled", false);
  w.str("visibility", repo.is_private ? "private" : "public").str("default_branch", repo.default_branch);
  const Permissions p = user_permissions(viewer, repo);
  w.key("permissions").begin_object().flag("admin", p.admin).flag("maintain", p.maintain).flag("push", p.push);
  w.flag("triage", p.triage).flag("pull", p.pull).end_object();
  w.end_object();
}

void write_branch(common::JsonWriter& w, const GitHubState& state, const Repo& repo, const Branch& branch) {
  w.begin_object().str("name", branch.name);
  w.key("commit").begin_object().str("sha", branch.sha);
  w.str("url", state.api_url() + "/repos/" + repo.full_name() + "/commits/" + branch.sha).end_object();
  w.flag("protected", repo.protected_branches.count(branch.name) > 0).end_object();
}

}  // namespace hsd::fakes::github_detail
