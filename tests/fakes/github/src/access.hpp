// Who may see and change what: the user's role on a repository, what the token lets through
// (OAuth scopes for classic, OAuth and app-user tokens; repository ids for fine-grained ones),
// and SAML enforcement. Callers hold GitHubState::mutex.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

bool has_scope(const Token& token, const std::string& scope);  // "repo" implies its sub-scopes
/** The user's own role, as the repo JSON's `permissions` shows it (tokens do not narrow it). */
Permissions user_permissions(const User& user, const Repo& repo);
/** The repo exists for this token: public, or private and both the user and the token reach it. */
bool token_sees(const Token& token, const User& user, const Repo& repo);
/** The token may write (git push) to the repo. */
bool token_can_push(const Token& token, const User& user, const Repo& repo);
/** The repo's org enforces SAML and the token was not authorised for it. */
bool saml_blocks(const GitHubState& state, const Token& token, const Repo& repo);
std::string join(const std::vector<std::string>& items, const std::string& separator);

}  // namespace hsd::fakes::github_detail
