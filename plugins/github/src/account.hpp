// GET /user: who a token belongs to, and (X-OAuth-Scopes) what it may do. Called after every
// sign-in, because the user may switch accounts on GitHub's consent page, and as the cheap
// "is this token still valid" probe behind a 404.
#pragma once

#include "api_client.hpp"

#include <hsd/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hsd::plugins::github {

struct Account {
  std::string login;
  std::string id;    // numeric, as a string
  std::string type;  // User | Organization
  /** X-OAuth-Scopes; nullopt when absent (fine-grained tokens and GitHub App user tokens). */
  std::optional<std::vector<std::string>> scopes;
};

/**
 * GET {api}/user. A 401 is HSD_ERR_UNAUTHENTICATED, code ACCESS_REVOKED, "GitHub refused the
 * token (401 Bad credentials)"; other non-2xx answers become failures by status.
 */
hsd::sdk::Result<Account> fetch_account(ApiClient& api);

/** The Failure for a token GitHub answered 401 to. */
hsd::sdk::Failure token_refused();

}  // namespace hsd::plugins::github
