// Tokens and scopes: what kind of token the user pasted (by GitHub's documented prefixes),
// the granted scopes from X-OAuth-Scopes, and what each missing scope disables. Fine-grained
// tokens and GitHub App user tokens have no scopes at all (the header is absent): their
// access is per repository and shows when a repository is checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::github {

enum class TokenKind {
  kClassic,      // ghp_: a classic personal access token
  kOAuth,        // gho_: an OAuth App token
  kFineGrained,  // github_pat_
  kAppUser,      // ghu_: a GitHub App user-to-server token
  kOther,        // a legacy 40-hex token or an unknown prefix: treated like a classic one
};

TokenKind token_kind(std::string_view token);

/** Why token cannot be a GitHub access token (empty, spaces, a refresh token...), or nullopt. */
std::optional<std::string> token_problem(std::string_view token);

/** The comma-separated X-OAuth-Scopes value as a list ("" gives an empty list). */
std::vector<std::string> parse_scopes_header(std::string_view value);

/** True when granted holds scope or one that includes it (write:org/admin:org include read:org). */
bool scope_granted(const std::string& scope, const std::vector<std::string>& granted);

/** One warning per requested scope not granted, saying what it disables. */
std::vector<std::string> missing_scope_warnings(const std::vector<std::string>& requested,
                                                const std::vector<std::string>& granted);

}  // namespace hsd::plugins::github
