// Checking one repository: does it still exist, can this token reach it, may a backup push
// to it. What GitHub says about the repository is the check's OUTPUT (the engine records it
// on the repository): 401 access_revoked, 404 not_found (confirmed with GET /user, because a
// 404 also means "lost access"), archived, SAML SSO, rate limits. Only transport trouble and
// 5xx are failures. Renames and transfers answer 301 to /repositories/{id}; the check follows
// it itself (the host's client does not) and reports the old name.
#pragma once

#include "api_client.hpp"
#include "repository.hpp"

#include <hsd/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hsd::plugins::github {

struct RepoCheck {
  std::string status = "connected";  // connected | error
  std::string reason;                // "" | access_revoked | not_found | archived | sso_required | rate_limited
  std::string detail;                // a sentence a user can act on
  std::optional<Repository> repository;
  std::string renamed_from;  // the previous OWNER/NAME when the repository moved
  std::optional<std::vector<std::string>> branches;
  std::vector<std::string> warnings;
  std::string reset_at;  // rate_limited: ISO 8601 UTC
  int64_t checked_at = 0;

  bool connected() const { return status == "connected"; }
};

/**
 * Checks reference (a numeric id or OWNER/NAME). known_full_name is the name the caller last
 * knew (e.g. the backup's full_name); a different current name is reported as renamed_from.
 * with_branches lists the branch names of a reachable repository.
 */
hsd::sdk::Result<RepoCheck> check_repository(ApiClient& api, const std::string& reference, bool with_branches,
                                             const std::string& known_full_name = "");

/** The repo_status output object. */
std::string repo_check_json(const RepoCheck& check);

/**
 * The Failure a backup refuses with when the check is not connected: code REPO_ARCHIVED,
 * REPO_NOT_FOUND, ACCESS_REVOKED, SSO_REQUIRED or RATE_LIMITED, with the check's detail.
 */
hsd::sdk::Failure check_failure(const RepoCheck& check);

/** The URL in an X-GitHub-SSO header ("required; url=https://..."), or "". */
std::string sso_url(std::string_view header);

}  // namespace hsd::plugins::github
