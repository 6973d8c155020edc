#include "state.hpp"

#include <Poco/TemporaryFile.h>

#include <cctype>
#include <stdexcept>

namespace hsd::fakes::github_detail {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

GitHubState::GitHubState(FakeGitHubOptions opts)
    : options(std::move(opts)), stats(options.recent_requests), limiter(options.rate_limit) {
  root = options.root;
  if (root.empty()) {
    root = Poco::TemporaryFile::tempName() + "-fake-github";
    owns_root_ = true;
  }
  std::filesystem::create_directories(root / "repos");
  oauth.client_id = options.client_id;
  oauth.client_secret = options.client_secret;
  oauth.redirect_uris = options.redirect_uris;
  oauth.expiring_tokens = options.expiring_tokens;
  oauth.token_lifetime = options.token_lifetime;
  oauth.refresh_token_lifetime = options.refresh_token_lifetime;
  oauth.device_interval = options.device_interval;
  oauth.device_expires_in = options.device_expires_in;
}

GitHubState::~GitHubState() {
  if (!owns_root_) return;
  std::error_code ignored;  // a leftover temp dir must not turn a passing test into a crash
  std::filesystem::remove_all(root, ignored);
}

User* GitHubState::find_user(std::string_view login) {
  const auto it = users.find(lower(login));
  return it == users.end() ? nullptr : &it->second;
}

Repo* GitHubState::repo_by_name(std::string_view owner, std::string_view name) {
  const auto it = repo_names.find(lower(owner) + "/" + lower(name));
  return it == repo_names.end() ? nullptr : repo_by_id(it->second);
}

Repo* GitHubState::repo_by_id(std::int64_t id) {
  const auto it = repos.find(id);
  return it == repos.end() || it->second.deleted ? nullptr : &it->second;
}

Token* GitHubState::valid_token(const std::string& value) {
  const auto it = tokens.find(value);
  if (it == tokens.end() || it->second.revoked || now() >= it->second.expires_at) return nullptr;
  return &it->second;
}

std::string GitHubState::mint(std::string_view prefix, std::size_t length) {
  // splitmix64 over a counter: looks random, repeats run for run.
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  auto mix = [](std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  // Each value starts from a mixed counter, so consecutive values share no run of characters.
  std::uint64_t x = mix(++mint_counter_ * 0x9E3779B97F4A7C15ull);
  std::string out(prefix);
  for (std::size_t i = 0; i < length; ++i) {
    x += 0x9E3779B97F4A7C15ull;
    out += kAlphabet[mix(x) % 62];
  }
  return out;
}

std::int64_t GitHubState::add_user(const UserSpec& spec) {
  if (spec.login.empty()) throw std::invalid_argument("a user needs a login");
  if (spec.type != "User" && spec.type != "Organization")
    throw std::invalid_argument("type must be User or Organization");
  if (find_user(spec.login)) throw std::invalid_argument("login already exists: " + spec.login);
  User user;
  user.id = spec.id ? spec.id : next_user_id++;
  if (spec.id >= next_user_id) next_user_id = spec.id + 1;
  user.login = spec.login;
  user.type = spec.type;
  user.name = spec.name.empty() ? spec.login : spec.name;
  for (const auto& org : spec.orgs) user.orgs.insert(lower(org));
  for (const auto& org : spec.admin_of) {
    user.orgs.insert(lower(org));
    user.admin_of.insert(lower(org));
  }
  users[lower(spec.login)] = user;
  return user.id;
}

std::string GitHubState::add_token(const TokenSpec& spec) {
  const User* user = find_user(spec.login);
  if (!user) throw std::invalid_argument("no such user: " + spec.login);
  Token token;
  switch (spec.kind) {
    case TokenKind::kClassic: token.value = mint("ghp_", 36); break;
    case TokenKind::kOAuth: token.value = mint("gho_", 36); break;
    case TokenKind::kAppUser: token.value = mint("ghu_", 36); break;
    case TokenKind::kFineGrained: token.value = mint("github_pat_", 22) + mint("_", 59); break;
  }
  token.login = lower(user->login);
  token.kind = spec.kind;
  token.scopes = spec.scopes;
  token.repository_ids = spec.repository_ids;
  token.all_repositories = spec.all_repositories;
  if (spec.expires_in) token.expires_at = now() + *spec.expires_in;
  tokens[token.value] = token;
  return token.value;
}

TokenGrant GitHubState::grant_tokens(const std::string& login, const std::vector<std::string>& scopes,
                                     const std::string& client_id, bool from_device, bool expiring) {
  TokenGrant grant;
  grant.scopes = scopes;
  Token token;
  token.login = lower(login);
  token.scopes = scopes;
  token.client_id = client_id;
  if (expiring) {
    token.kind = TokenKind::kAppUser;
    token.value = mint("ghu_", 36);
    token.expires_at = now() + oauth.token_lifetime;
    RefreshToken refresh;
    refresh.value = mint("ghr_", 76);
    refresh.access_token = token.value;
    refresh.login = token.login;
    refresh.scopes = scopes;
    refresh.client_id = client_id;
    refresh.from_device = from_device;
    refresh.expires_at = now() + oauth.refresh_token_lifetime;
    token.refresh_token = refresh.value;
    grant.expires_in = oauth.token_lifetime;
    grant.refresh_token = refresh.value;
    grant.refresh_expires_in = oauth.refresh_token_lifetime;
    refresh_tokens[refresh.value] = refresh;
  } else {
    token.kind = TokenKind::kOAuth;
    token.value = mint("gho_", 36);
  }
  grant.access_token = token.value;
  tokens[token.value] = token;
  return grant;
}

const User* GitHubState::approving_user() {
  if (!oauth.default_user.empty()) return find_user(oauth.default_user);
  const User* first = nullptr;
  for (const auto& [key, user] : users)
    if (!user.is_org() && (!first || user.id < first->id)) first = &user;
  return first;
}

}  // namespace hsd::fakes::github_detail
