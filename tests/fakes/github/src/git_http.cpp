#include "git_http.hpp"

#include "access.hpp"
#include "cgi.hpp"
#include "router.hpp"

namespace hsd::fakes::github_detail {
namespace {

Reply ask_for_credentials() {
  Reply reply = Reply::text(401, "Authentication required.\n");
  reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"GitHub\"");
  return reply;
}

Reply repository_not_found() { return Reply::text(404, "Repository not found.\n"); }

/** The decision taken under the lock: a refusal, or what to run git-http-backend with. */
struct Admission {
  std::optional<Reply> refusal;
  CgiCall call;
};

Admission admit(GitHubState& state, const Request& request, const GitTarget& target, bool push) {
  std::lock_guard lock(state.mutex);
  const std::string full_name = target.owner + "/" + target.name;
  const auto credentials = basic_credentials(request.header("Authorization"));
  Token* token = credentials && !state.git_refuses_credentials ? state.valid_token(credentials->second) : nullptr;
  User* user = token ? state.find_user(token->login) : nullptr;
  if (!user) {
    state.stats.git_auth_failure(full_name, credentials.has_value());
    return {ask_for_credentials(), {}};
  }
  Repo* repo = state.repo_by_name(target.owner, target.name);
  if (!repo) {
    if (state.old_names.count(lower(full_name))) state.stats.git_old_name(full_name);
    return {repository_not_found(), {}};
  }
  if (!token_sees(*token, *user, *repo)) return {repository_not_found(), {}};
  if (saml_blocks(state, *token, *repo))
    return {Reply::text(403, "The '" + repo->owner + "' organization has enabled or enforced SAML SSO. To access\n"
                             "this repository, you must re-authorize the token.\n"),
            {}};
  if (push && repo->archived) return {Reply::text(403, "This repository was archived so it is read-only.\n"), {}};
  if (push && !token_can_push(*token, *user, *repo))
    return {Reply::text(403, "Permission to " + repo->full_name() + ".git denied to " + user->login + ".\n"), {}};
  return {std::nullopt, CgiCall{state.root, "/repos/" + std::to_string(repo->id) + ".git/" + target.rest, user->login}};
}

}  // namespace

std::optional<GitTarget> git_target(const std::string& path) {
  const auto segments = split_path(path);
  if (segments.size() < 3) return std::nullopt;
  std::string rest;
  for (std::size_t i = 2; i < segments.size(); ++i) rest += (rest.empty() ? "" : "/") + segments[i];
  if (rest != "info/refs" && rest != "git-upload-pack" && rest != "git-receive-pack") return std::nullopt;
  std::string name = segments[1];
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".git") == 0) name.resize(name.size() - 4);
  return GitTarget{segments[0], name, rest};
}

Reply handle_git(GitHubState& state, const Request& request, const GitTarget& target) {
  std::string service = target.rest;
  if (target.rest == "info/refs") {
    service = request.param("service").value_or("");
    if (service != "git-upload-pack" && service != "git-receive-pack")
      return Reply::text(403, "The dumb HTTP protocol is not supported.\n");
  }
  if ((target.rest == "info/refs") != (request.method == "GET"))
    return Reply::text(405, "Method not allowed.\n");
  Admission admission = admit(state, request, target, service == "git-receive-pack");
  if (admission.refusal) return std::move(*admission.refusal);
  return run_git_http_backend(admission.call, request);  // no lock: git may take a while
}

}  // namespace hsd::fakes::github_detail
