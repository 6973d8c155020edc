// GET /user and GET /user/orgs.
#include "access.hpp"
#include "api_handlers.hpp"
#include "github_errors.hpp"
#include "paging.hpp"
#include "repo_json.hpp"

namespace hsd::fakes::github_detail {
namespace {

Reply get_user(GitHubState& state, Request&, const Caller* caller) {
  const User& user = *caller->user;
  common::JsonWriter w;
  w.begin_object().str("login", user.login).num("id", user.id).str("node_id", "U_fake" + std::to_string(user.id));
  w.str("url", state.api_url() + "/users/" + user.login).str("html_url", state.base_url + "/" + user.login);
  w.str("type", user.type).flag("site_admin", false).str("name", user.name).key("email").null();
  w.end_object();
  return Reply::json(200, w.take());
}

Reply get_user_orgs(GitHubState& state, Request& request, const Caller* caller) {
  const Token& token = *caller->token;
  if (token.scoped() && !has_scope(token, "read:org") && !has_scope(token, "user")) {
    Reply reply = insufficient_scope("read:org");
    reply.headers.emplace_back("X-Accepted-OAuth-Scopes", "admin:org, read:org, repo, user, write:org");
    return reply;
  }
  std::vector<const User*> orgs;
  for (const auto& [key, user] : state.users)
    if (user.is_org() && caller->user->orgs.count(key)) orgs.push_back(&user);
  const Page page = paginate(request, orgs.size());
  common::JsonWriter w;
  w.begin_array();
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const User& org = *orgs[i];
    w.begin_object().str("login", org.login).num("id", org.id).str("node_id", "O_fake" + std::to_string(org.id));
    w.str("url", state.api_url() + "/orgs/" + org.login);
    w.str("repos_url", state.api_url() + "/orgs/" + org.login + "/repos").key("description").null().end_object();
  }
  w.end_array();
  Reply reply = Reply::json(200, w.take());
  add_link_header(reply, request, page, state.api_url() + "/user/orgs");
  reply.headers.emplace_back("X-Accepted-OAuth-Scopes", "admin:org, read:org, repo, user, write:org");
  return reply;
}

}  // namespace

void add_user_routes(Router& router) {
  router.add("GET", "/api/v3/user", get_user);
  router.add("GET", "/api/v3/user/orgs", get_user_orgs);
}

}  // namespace hsd::fakes::github_detail
