// What the fake remembers: users and organisations, tokens, repositories and OAuth grants.
// Plain data; GitHubState owns it behind one mutex.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hsd/fakes/fake_github_types.hpp"

namespace hsd::fakes::github_detail {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;
constexpr TimePoint kNever = TimePoint::max();

struct User {
  std::int64_t id = 0;
  std::string login;
  std::string type = "User";
  std::string name;
  std::set<std::string> orgs;      // lower-case logins
  std::set<std::string> admin_of;  // lower-case logins
  bool is_org() const { return type == "Organization"; }
};

struct Token {
  std::string value;
  std::string login;  // lower-case
  TokenKind kind = TokenKind::kClassic;
  std::vector<std::string> scopes;
  std::vector<std::int64_t> repository_ids;
  bool all_repositories = false;
  TimePoint expires_at = kNever;
  bool revoked = false;
  std::string refresh_token;  // the ghr_ paired with it, if any
  std::string client_id;      // the OAuth app that minted it, if any
  std::set<std::string> sso_orgs;
  bool scoped() const { return kind != TokenKind::kFineGrained; }  // X-OAuth-Scopes and scope checks
};

struct RefreshToken {
  std::string value;
  std::string access_token;
  std::string login;
  std::vector<std::string> scopes;
  std::string client_id;
  bool from_device = false;  // refreshing it needs no client secret
  TimePoint expires_at = kNever;
  bool dead = false;
};

struct Repo {
  std::int64_t id = 0;
  std::string owner;  // as the owner spells it
  std::string name;
  bool is_private = false;
  bool archived = false;
  bool deleted = false;
  std::string default_branch = "main";
  std::filesystem::path dir;  // the bare repository
  std::set<std::string> protected_branches;
  std::map<std::string, std::string> collaborators;  // lower-case login -> role
  TimePoint created_at;
  TimePoint updated_at;
  std::string full_name() const { return owner + "/" + name; }
};

struct Permissions {
  bool admin = false, maintain = false, push = false, triage = false, pull = false;
};

struct AuthCode {
  std::string client_id;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  std::string login;
  std::string code_challenge;
  TimePoint expires_at;
  bool used = false;
};

struct DeviceCode {
  std::string client_id;
  std::string user_code;
  std::vector<std::string> scopes;
  TimePoint expires_at;
  int interval = 5;
  bool done = false;
};

struct OAuthConfig {
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> redirect_uris;
  std::string default_user;  // lower-case; empty: the first user of type User
  bool deny = false;
  bool expiring_tokens = false;
  std::chrono::seconds token_lifetime{28800};
  std::chrono::seconds refresh_token_lifetime{15811200};
  int device_interval = 5;
  std::chrono::seconds device_expires_in{900};
};

}  // namespace hsd::fakes::github_detail
