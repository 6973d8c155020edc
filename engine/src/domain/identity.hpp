// Users, API tokens and roles. A token is 256 random bits shown once; only its SHA-256 is
// stored, and a presented token is checked by hash lookup plus a constant-time compare.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit.hpp"
#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// Ordered: each role may do everything the ones before it may.
enum class Role { member = 0, admin = 1, owner = 2 };

std::optional<Role> parse_role(std::string_view name);
const char* role_name(Role role);

// The user behind an authenticated request.
// Users are never deleted (members leave workspaces), so a token's user always exists.
struct Caller {
  std::int64_t user_id = 0;
  std::int64_t token_id = 0;                // 0 when signed in through a browser session
  std::optional<std::int64_t> session_id;  // the web_sessions row behind the hsd_session cookie
};

struct IssuedToken {
  JsonObject row;     // the api_tokens row (its hash, never the token)
  std::string token;  // shown once
};

struct Bootstrapped {
  JsonObject workspace;
  JsonObject user;
  IssuedToken token;
};

// An e-mail address must look like one: one '@' with text either side, no spaces.
Status check_email(std::string_view email);

// E-mail addresses are kept and compared in lower case: one person, one user.
std::string normal_email(std::string email);
Result<JsonObject> find_user(Session& session, const std::string& email);
// The user with that e-mail, created when missing.
Result<JsonObject> ensure_user(Session& session, const std::string& email);

Result<IssuedToken> issue_token(Session& session, std::int64_t user_id, const std::string& name);
// NOT_FOUND naming the id when there is no such token; revoking twice is fine.
Result<JsonObject> revoke_token(Session& session, std::int64_t token_id);

// The caller for a bearer token; UNAUTHENTICATED for an unknown or revoked one.
Result<Caller> authenticate(Session& session, std::string_view token);

// Creates the workspace (when missing), the user (when missing), makes the user its owner and
// issues a token, in one transaction. A workspace that already has an owner is refused: later
// owners are added by an owner through the API.
Result<Bootstrapped> bootstrap(Session& session, const std::string& workspace, const std::string& email,
                               const Actor& actor);

// The public forms of a user and a token (never the hash).
JsonObject user_view(const JsonObject& row);
JsonObject token_view(const JsonObject& row, const std::string& email);

}  // namespace hsd::engine
