#include "access.hpp"

#include <algorithm>

namespace hsd::fakes::github_detail {
namespace {

Permissions role_permissions(const std::string& role) {
  Permissions p;
  p.pull = true;
  p.triage = role != "pull";
  p.push = role == "push" || role == "maintain" || role == "admin";
  p.maintain = role == "maintain" || role == "admin";
  p.admin = role == "admin";
  return p;
}

Permissions merge(Permissions a, const Permissions& b) {
  a.admin |= b.admin;
  a.maintain |= b.maintain;
  a.push |= b.push;
  a.triage |= b.triage;
  a.pull |= b.pull;
  return a;
}

bool listed(const Token& token, const Repo& repo) {
  return token.all_repositories ||
         std::find(token.repository_ids.begin(), token.repository_ids.end(), repo.id) != token.repository_ids.end();
}

}  // namespace

bool has_scope(const Token& token, const std::string& scope) {
  for (const auto& s : token.scopes) {
    if (s == scope) return true;
    if (s == "repo" && (scope == "public_repo" || scope == "repo:status" || scope == "repo_deployment")) return true;
    if ((s == "admin:org" || s == "write:org") && scope == "read:org") return true;
  }
  return false;
}

Permissions user_permissions(const User& user, const Repo& repo) {
  Permissions p;
  const std::string owner = lower(repo.owner);
  const std::string login = lower(user.login);
  if (owner == login || user.admin_of.count(owner)) {
    p = role_permissions("admin");
  } else if (user.orgs.count(owner)) {
    p = role_permissions("push");  // the fake's org base permission: members write
  }
  if (const auto it = repo.collaborators.find(login); it != repo.collaborators.end())
    p = merge(p, role_permissions(it->second));
  if (!repo.is_private) p.pull = true;
  return p;
}

bool token_sees(const Token& token, const User& user, const Repo& repo) {
  if (!repo.is_private) return true;
  if (!user_permissions(user, repo).pull) return false;
  return token.scoped() ? has_scope(token, "repo") : listed(token, repo);
}

bool token_can_push(const Token& token, const User& user, const Repo& repo) {
  if (!user_permissions(user, repo).push) return false;
  if (token.scoped()) return has_scope(token, "repo") || (!repo.is_private && has_scope(token, "public_repo"));
  return listed(token, repo);
}

bool saml_blocks(const GitHubState& state, const Token& token, const Repo& repo) {
  const std::string owner = lower(repo.owner);
  return state.saml_orgs.count(owner) && !token.sso_orgs.count(owner);
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace hsd::fakes::github_detail
