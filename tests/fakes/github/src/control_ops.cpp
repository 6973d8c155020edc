#include "control_ops.hpp"

#include <stdexcept>

#include "bare_repo.hpp"

namespace hsd::fakes::github_detail {
namespace {

Repo& live_repo(GitHubState& state, std::int64_t id) {
  Repo* repo = state.repo_by_id(id);
  if (!repo) throw std::invalid_argument("no such repository: " + std::to_string(id));
  return *repo;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

}  // namespace

std::int64_t create_user(GitHubState& state, const UserSpec& spec) {
  std::lock_guard lock(state.mutex);
  return state.add_user(spec);
}

std::string create_token(GitHubState& state, const TokenSpec& spec) {
  std::lock_guard lock(state.mutex);
  return state.add_token(spec);
}

void revoke_token(GitHubState& state, const std::string& token) {
  std::lock_guard lock(state.mutex);
  if (auto it = state.tokens.find(token); it != state.tokens.end()) {
    it->second.revoked = true;
    if (auto r = state.refresh_tokens.find(it->second.refresh_token); r != state.refresh_tokens.end()) r->second.dead = true;
    return;
  }
  if (auto it = state.refresh_tokens.find(token); it != state.refresh_tokens.end()) {
    it->second.dead = true;
    return;
  }
  throw std::invalid_argument("unknown token");
}

void expire_tokens(GitHubState& state, const std::string& token) {
  std::lock_guard lock(state.mutex);
  const TimePoint now = state.now();
  if (token.empty()) {
    for (auto& [value, t] : state.tokens) t.expires_at = std::min(t.expires_at, now);
    return;
  }
  const auto it = state.tokens.find(token);
  if (it == state.tokens.end()) throw std::invalid_argument("unknown token");
  it->second.expires_at = now;
}

void authorize_sso(GitHubState& state, const std::string& token, const std::string& org) {
  std::lock_guard lock(state.mutex);
  const auto it = state.tokens.find(token);
  if (it == state.tokens.end()) throw std::invalid_argument("unknown token");
  it->second.sso_orgs.insert(lower(org));
}

void set_oauth_client(GitHubState& state, const std::string& id, const std::string& secret,
                      const std::vector<std::string>& redirect_uris) {
  if (id.empty()) throw std::invalid_argument("client_id must not be empty");
  std::lock_guard lock(state.mutex);
  state.oauth.client_id = id;
  state.oauth.client_secret = secret;
  state.oauth.redirect_uris = redirect_uris;
}

void set_oauth(GitHubState& state, const OAuthSettings& settings) {
  std::lock_guard lock(state.mutex);
  if (settings.default_user) {
    if (!settings.default_user->empty() && !state.find_user(*settings.default_user))
      throw std::invalid_argument("no such user: " + *settings.default_user);
    state.oauth.default_user = lower(*settings.default_user);
  }
  if (settings.deny) state.oauth.deny = *settings.deny;
  if (settings.expiring_tokens) state.oauth.expiring_tokens = *settings.expiring_tokens;
  if (settings.token_lifetime) state.oauth.token_lifetime = *settings.token_lifetime;
  if (settings.device_interval) state.oauth.device_interval = *settings.device_interval;
}

void queue_device_answers(GitHubState& state, const std::vector<DeviceAnswer>& answers) {
  std::lock_guard lock(state.mutex);
  state.device_answers.insert(state.device_answers.end(), answers.begin(), answers.end());
}

CreatedRepo create_repo(GitHubState& state, const RepoSpec& spec) {
  if (!valid_name(spec.name)) throw std::invalid_argument("bad repository name: " + spec.name);
  if (spec.default_branch.empty()) throw std::invalid_argument("default_branch must not be empty");
  Repo repo;
  {
    std::lock_guard lock(state.mutex);
    const User* owner = state.find_user(spec.owner);
    if (!owner) throw std::invalid_argument("no such owner: " + spec.owner);
    if (state.repo_by_name(spec.owner, spec.name)) throw std::invalid_argument("repository exists: " + spec.name);
    repo.id = state.next_repo_id++;
    repo.owner = owner->login;
    for (const auto& [login, role] : spec.collaborators) repo.collaborators[lower(login)] = role;
  }
  repo.name = spec.name;
  repo.is_private = spec.is_private;
  repo.archived = spec.archived;
  repo.default_branch = spec.default_branch;
  repo.dir = state.root / "repos" / (std::to_string(repo.id) + ".git");
  repo.created_at = repo.updated_at = state.now();
  // The git work runs unlocked: the id is reserved, nobody else can see the repo yet.
  init_bare_repo(repo.dir, spec.default_branch);
  if (!spec.empty) {
    add_initial_commit(repo.dir, spec.default_branch, spec.name);
    for (const auto& branch : spec.branches)
      if (branch != spec.default_branch) add_initial_commit(repo.dir, branch, spec.name);
  }
  std::lock_guard lock(state.mutex);
  if (state.repo_by_name(repo.owner, repo.name)) throw std::invalid_argument("repository exists: " + spec.name);
  const std::string key = lower(repo.full_name());
  state.old_names.erase(key);
  state.repo_names[key] = repo.id;
  state.repos[repo.id] = repo;
  return CreatedRepo{repo.id, repo.full_name(), repo.dir.string()};
}

void rename_repo(GitHubState& state, std::int64_t id, const std::string& new_full_name) {
  const auto slash = new_full_name.find('/');
  if (slash == std::string::npos) throw std::invalid_argument("full_name must be OWNER/NAME");
  const std::string owner_login = new_full_name.substr(0, slash);
  const std::string name = new_full_name.substr(slash + 1);
  if (!valid_name(name)) throw std::invalid_argument("bad repository name: " + name);
  std::lock_guard lock(state.mutex);
  Repo& repo = live_repo(state, id);
  const User* owner = state.find_user(owner_login);
  if (!owner) throw std::invalid_argument("no such owner: " + owner_login);
  const std::string new_key = lower(owner->login + "/" + name);
  const std::string old_key = lower(repo.full_name());
  if (new_key != old_key && state.repo_names.count(new_key)) throw std::invalid_argument("repository exists: " + new_full_name);
  state.repo_names.erase(old_key);
  state.old_names[old_key] = id;
  state.old_names.erase(new_key);
  repo.owner = owner->login;
  repo.name = name;
  repo.updated_at = state.now();
  state.repo_names[new_key] = id;
}

void delete_repo(GitHubState& state, std::int64_t id) {
  std::lock_guard lock(state.mutex);
  Repo& repo = live_repo(state, id);
  state.repo_names.erase(lower(repo.full_name()));
  repo.deleted = true;
}

void archive_repo(GitHubState& state, std::int64_t id, bool archived) {
  std::lock_guard lock(state.mutex);
  Repo& repo = live_repo(state, id);
  repo.archived = archived;
  repo.updated_at = state.now();
}

void protect_branch(GitHubState& state, std::int64_t id, const std::string& branch) {
  if (branch.empty()) throw std::invalid_argument("branch must not be empty");
  std::lock_guard lock(state.mutex);
  Repo& repo = live_repo(state, id);
  repo.protected_branches.insert(branch);
  write_protection_hook(repo.dir, repo.protected_branches);
}

void refuse_git_credentials(GitHubState& state, bool refuse) {
  std::lock_guard lock(state.mutex);
  state.git_refuses_credentials = refuse;
}

void saml_enforce(GitHubState& state, const std::string& org, bool enforced) {
  std::lock_guard lock(state.mutex);
  const User* user = state.find_user(org);
  if (!user || !user->is_org()) throw std::invalid_argument("no such organization: " + org);
  if (enforced)
    state.saml_orgs.insert(lower(org));
  else
    state.saml_orgs.erase(lower(org));
}

void rate_limit(GitHubState& state, RateLimitKind kind, int requests, int seconds, int status) {
  if (status != 403 && status != 429) throw std::invalid_argument("status must be 403 or 429");
  std::lock_guard lock(state.mutex);
  state.limiter.inject(kind, requests, seconds, status);
}

void clear_rate_limits(GitHubState& state) {
  std::lock_guard lock(state.mutex);
  state.limiter.clear_injected();
}

void reset(GitHubState& state) {
  state.stats.reset();
  std::lock_guard lock(state.mutex);
  state.limiter.reset();
  state.device_answers.clear();
}

}  // namespace hsd::fakes::github_detail
