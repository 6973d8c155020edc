// Everything the fake knows, behind one mutex. Handlers lock `mutex` for the short time they
// read or change the model; long work (git processes) runs with it released.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "hsd/fakes/fake_github_types.hpp"
#include "model.hpp"
#include "rate_limiter.hpp"
#include "request_stats.hpp"

namespace hsd::fakes::github_detail {

std::string lower(std::string_view text);

/** What the token endpoint hands out for a grant. */
struct TokenGrant {
  std::string access_token;
  std::vector<std::string> scopes;
  std::optional<std::chrono::seconds> expires_in;  // set with a refresh token
  std::string refresh_token;
  std::chrono::seconds refresh_expires_in{0};
};

struct GitHubState {
  explicit GitHubState(FakeGitHubOptions opts);
  ~GitHubState();
  GitHubState(const GitHubState&) = delete;
  GitHubState& operator=(const GitHubState&) = delete;

  const FakeGitHubOptions options;
  std::filesystem::path root;  // bare repositories live in root/repos/ID.git
  RequestStats stats;           // has its own lock

  TimePoint now() const { return Clock::now() + std::chrono::seconds(clock_offset_.load()); }
  void advance_clock(std::chrono::seconds by) { clock_offset_ += by.count(); }

  mutable std::mutex mutex;  // guards every member below
  std::string base_url;
  std::map<std::string, User> users;  // by lower-case login
  std::map<std::string, Token> tokens;
  std::map<std::string, RefreshToken> refresh_tokens;
  std::map<std::int64_t, Repo> repos;              // deleted ones stay, flagged
  std::map<std::string, std::int64_t> repo_names;  // lower-case full_name of live repos
  std::map<std::string, std::int64_t> old_names;   // lower-case full_names before a rename
  std::set<std::string> saml_orgs;                 // lower-case
  // The git server refuses every token while the API still takes them: the case of a token
  // revoked between a client's API check and its push.
  bool git_refuses_credentials = false;
  OAuthConfig oauth;
  std::map<std::string, AuthCode> codes;
  std::map<std::string, DeviceCode> device_codes;
  std::deque<DeviceAnswer> device_answers;
  RateLimiter limiter;
  std::int64_t next_user_id = 1001;
  std::int64_t next_repo_id = 700001;

  std::string api_url() const { return base_url + "/api/v3"; }
  User* find_user(std::string_view login);
  Repo* repo_by_name(std::string_view owner, std::string_view name);
  Repo* repo_by_id(std::int64_t id);  // live repos only
  /** A live, unexpired, unrevoked token; null otherwise. */
  Token* valid_token(const std::string& value);
  /** Deterministic token text: prefix + `length` letters and digits. */
  std::string mint(std::string_view prefix, std::size_t length);

  std::int64_t add_user(const UserSpec& spec);  // throws std::invalid_argument
  std::string add_token(const TokenSpec& spec);  // throws std::invalid_argument
  /** Mints the access (and with expiring tokens the refresh) token of an OAuth grant. */
  TokenGrant grant_tokens(const std::string& login, const std::vector<std::string>& scopes,
                          const std::string& client_id, bool from_device, bool expiring);
  /** The user consent and device approval act as: the default user or the first User. */
  const User* approving_user();

 private:
  std::atomic<std::int64_t> clock_offset_{0};
  std::uint64_t mint_counter_ = 0;
  bool owns_root_ = false;
};

}  // namespace hsd::fakes::github_detail
