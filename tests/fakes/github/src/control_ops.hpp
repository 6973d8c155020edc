// The operations behind both the control endpoints and FakeGitHub's C++ helpers, so the two
// cannot drift apart. Each takes the lock itself; bad input throws std::invalid_argument.
#pragma once

#include <string>
#include <vector>

#include "state.hpp"

namespace hsd::fakes::github_detail {

std::int64_t create_user(GitHubState& state, const UserSpec& spec);
std::string create_token(GitHubState& state, const TokenSpec& spec);
void revoke_token(GitHubState& state, const std::string& token);
void expire_tokens(GitHubState& state, const std::string& token);
void authorize_sso(GitHubState& state, const std::string& token, const std::string& org);
void set_oauth_client(GitHubState& state, const std::string& id, const std::string& secret,
                      const std::vector<std::string>& redirect_uris);
void set_oauth(GitHubState& state, const OAuthSettings& settings);
void queue_device_answers(GitHubState& state, const std::vector<DeviceAnswer>& answers);

CreatedRepo create_repo(GitHubState& state, const RepoSpec& spec);
void rename_repo(GitHubState& state, std::int64_t id, const std::string& new_full_name);
void delete_repo(GitHubState& state, std::int64_t id);
void archive_repo(GitHubState& state, std::int64_t id, bool archived);
void protect_branch(GitHubState& state, std::int64_t id, const std::string& branch);
void saml_enforce(GitHubState& state, const std::string& org, bool enforced);
void refuse_git_credentials(GitHubState& state, bool refuse);
void rate_limit(GitHubState& state, RateLimitKind kind, int requests, int seconds, int status);
void clear_rate_limits(GitHubState& state);
void reset(GitHubState& state);

}  // namespace hsd::fakes::github_detail
