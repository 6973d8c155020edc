// A fake GitHub for tests and demos, on one 127.0.0.1 port with three faces:
//   web (OAuth web and device flows) at base_url(),
//   REST at api_url() == base_url() + "/api/v3" (as GitHub Enterprise lays it out),
//   git smart HTTP at base_url() + "/OWNER/NAME.git", backed by real bare repositories.
// Every control endpoint (POST /__fake/...) has a C++ twin here for in-process tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hsd/fakes/fake_github_types.hpp"

namespace hsd::fakes {

namespace github_detail {
struct GitHubState;
class Server;
}  // namespace github_detail

class FakeGitHub {
 public:
  explicit FakeGitHub(FakeGitHubOptions options = {});
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;

  /** Binds host:port and serves. Throws Poco::Exception on failure. */
  void start();
  /** Stops accepting and joins the server threads. Idempotent. */
  void stop();

  std::uint16_t port() const;
  std::string base_url() const;  ///< http://127.0.0.1:PORT: OAuth pages and git
  std::string api_url() const;   ///< base_url() + "/api/v3"
  std::string clone_url(const std::string& full_name) const;  ///< base_url() + "/OWNER/NAME.git"
  std::string root() const;  ///< the directory holding the bare repositories

  // Users and tokens.
  std::int64_t create_user(const UserSpec& spec);
  /** Mints a token (ghp_, gho_, github_pat_ or ghu_ by kind) without any OAuth dance. */
  std::string create_token(const TokenSpec& spec);
  void revoke_token(const std::string& token);  ///< access or refresh token
  /** Expires one token, or with "" every access token issued so far. */
  void expire_tokens(const std::string& token = "");
  /** Lets a token through an org's SAML enforcement (as "Configure SSO" would). */
  void authorize_sso(const std::string& token, const std::string& org);

  // OAuth app and consent.
  void set_oauth_client(const std::string& client_id, const std::string& client_secret,
                        const std::vector<std::string>& redirect_uris);
  void set_oauth(const OAuthSettings& settings);
  /** The answers to the next device-code polls, in order; afterwards polls are approved. */
  void queue_device_answers(const std::vector<DeviceAnswer>& answers);

  // Repositories.
  CreatedRepo create_repo(const RepoSpec& spec);
  /** Renames or transfers ("new-owner/new-name"); old paths answer 301 in the API. */
  void rename_repo(std::int64_t id, const std::string& new_full_name);
  void delete_repo(std::int64_t id);
  void archive_repo(std::int64_t id, bool archived = true);
  /** Installs a pre-receive hook refusing updates of refs/heads/BRANCH. */
  void protect_branch(std::int64_t id, const std::string& branch);
  void saml_enforce(const std::string& org, bool enforced = true);
  /** The git server refuses every token (401) while the API still accepts them. */
  void refuse_git_credentials(bool refuse = true);

  // Rate limits: the next `requests` API calls get the limit answer.
  void rate_limit(RateLimitKind kind, int requests, int seconds, int status = 403);
  void clear_rate_limits();

  // Time: codes, tokens and rate-limit windows see the clock moved on.
  void advance_clock(std::chrono::seconds by);

  FakeGitHubStats stats() const;
  void reset_stats();
  /** Clears stats, injected rate limits, queued device answers and per-user budgets. */
  void reset();

 private:
  std::unique_ptr<github_detail::GitHubState> state_;
  std::unique_ptr<github_detail::Server> server_;
};

}  // namespace hsd::fakes
