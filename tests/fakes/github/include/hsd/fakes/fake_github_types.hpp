// The values tests hand to and get back from FakeGitHub: options, users, tokens, repositories,
// switches and statistics. Plain structs, so a test reads like the control endpoint it mirrors.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hsd::fakes {

struct FakeGitHubOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  ///< 0: an ephemeral port
  /** Where the bare repositories live. Empty: a fresh temporary directory, removed on destruction. */
  std::filesystem::path root{};
  std::string client_id = "Iv1.fakegithubclient";
  std::string client_secret = "fake-github-client-secret";
  /** Registered callbacks; empty accepts any redirect_uri. Matched with GitHub's OAuth App rules. */
  std::vector<std::string> redirect_uris{};
  /** Token responses carry expires_in/refresh_token and mint ghu_ tokens (GitHub App user tokens). */
  bool expiring_tokens = false;
  std::chrono::seconds token_lifetime{28800};
  std::chrono::seconds refresh_token_lifetime{15811200};
  int device_interval = 5;
  std::chrono::seconds device_expires_in{900};
  int rate_limit = 5000;             ///< core requests per hour and user
  std::size_t recent_requests = 50;  ///< how many requests' headers stats() keeps
  int max_threads = 16;
};

struct UserSpec {
  std::string login{};
  std::int64_t id = 0;          ///< 0: the next deterministic id
  std::string type = "User";    ///< "User" or "Organization"
  std::string name{};             ///< display name; empty: the login
  std::vector<std::string> orgs{};      ///< organisations the user is a member of (push on their repos)
  std::vector<std::string> admin_of{};  ///< organisations the user administers (admin on their repos)
};

enum class TokenKind { kClassic, kOAuth, kFineGrained, kAppUser };

struct TokenSpec {
  std::string login{};
  TokenKind kind = TokenKind::kClassic;
  /** Classic, OAuth and app-user tokens: OAuth scopes (repo, read:org, user, public_repo...). */
  std::vector<std::string> scopes{};
  /** Fine-grained tokens: the repositories it may use (public ones stay readable). */
  std::vector<std::int64_t> repository_ids{};
  bool all_repositories = false;  ///< fine-grained: every repository the user can reach
  std::optional<std::chrono::seconds> expires_in{};  ///< none: never expires
};

struct RepoSpec {
  std::string owner{};  ///< an existing user or organisation
  std::string name{};
  bool is_private = false;
  std::string default_branch = "main";
  /** Branches besides the default one; each gets its own initial commit. */
  std::vector<std::string> branches{};
  bool empty = false;  ///< no commit at all (size 0, no branches)
  bool archived = false;
  /** login -> "admin" | "maintain" | "push" | "triage" | "pull" */
  std::map<std::string, std::string> collaborators{};
};

struct CreatedRepo {
  std::int64_t id = 0;
  std::string full_name{};
  std::string path{};  ///< the bare repository's directory, to push "from elsewhere" with the git CLI
};

enum class DeviceAnswer { kPending, kSlowDown, kExpired, kDenied, kApprove };
enum class RateLimitKind { kPrimary, kSecondary };

struct OAuthSettings {
  std::optional<std::string> default_user{};  ///< who approves consent and device codes
  std::optional<bool> deny{};                 ///< authorize answers error=access_denied
  std::optional<bool> expiring_tokens{};
  std::optional<std::chrono::seconds> token_lifetime{};
  std::optional<int> device_interval{};
};

struct RecordedRequest {
  std::string method{};
  std::string target{};  ///< path and query exactly as sent
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string header(const std::string& name) const;  ///< case-insensitive; "" when absent
};

struct FakeGitHubStats {
  int total = 0;
  std::map<std::string, int> by_route{};  ///< "GET /api/v3/user" (path without query)
  std::map<int, int> by_status{};
  int not_modified = 0;
  std::map<std::string, int> git_auth_failures{};  ///< git 401s by "owner/name" as requested
  int git_auth_failures_total = 0;
  /** The 401s among them that carried credentials (a wrong token), i.e. not the first probe. */
  std::map<std::string, int> git_rejected_credentials{};
  std::map<std::string, int> git_old_name_requests{};  ///< git requests to a renamed repo's old name
  std::vector<RecordedRequest> recent{};               ///< oldest first
};

}  // namespace hsd::fakes
