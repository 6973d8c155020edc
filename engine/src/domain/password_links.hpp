// One-time links where a person sets their password: <public_url>/set-password#token=<token>
// (the token rides in the fragment, which browsers never send, so no server log sees it).
// A link is valid 24 hours and once; only the token's SHA-256 is stored. Links come from
// `admin bootstrap`, from adding a member who never set a password, from an owner for such a
// member, and from an operator's `admin reset-password`. Once a password is set, every other
// unused link of that user is spent too, so an older link cannot overwrite it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit.hpp"
#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

inline constexpr std::int64_t kPasswordLinkLifetimeMs = 24LL * 3'600'000;
// Error.reason of a link that was used or has expired; the API answers it with 410 Gone.
inline constexpr const char* kLinkGone = "gone";

struct IssuedLink {
  std::string url;
  std::int64_t expires_at = 0;
  JsonObject row;
};

// Who the link is for and why: purpose is bootstrap, member, owner or reset.
struct LinkRequest {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> workspace_id;
  std::string purpose;
};

// Issues a link and records it in the audit log (as auth.password_link).
Result<IssuedLink> issue_password_link(Session& session, const LinkRequest& request, const std::string& public_url,
                                       const Actor& actor, std::int64_t now);

// {"url", "expires_at"} for API and CLI answers.
JsonObject link_view(const IssuedLink& link);

// The link's row when it can still be used: NOT_FOUND for an unknown token; invalid_argument
// with reason kLinkGone and details {"field":"token","reason":"link_used"|"link_expired"}.
Result<JsonObject> usable_password_link(Session& session, std::string_view token, std::int64_t now);

// Spends the link and stores the new hash in one transaction; the link is taken by a single
// compare-and-set on used_at, so of two concurrent uses only one wins (the other is link_used).
// Returns the user row.
Result<JsonObject> redeem_password_link(Session& session, std::string_view token, const std::string& password_hash,
                                        const Actor& actor, std::int64_t now);

// Whether a password is acceptable for that e-mail: 10 to 256 characters and not the e-mail
// itself; invalid_argument naming the field "password" otherwise.
Status check_new_password(std::string_view password, std::string_view email);

// An owner's new link for a member of their workspace who has never set a password: NOT_FOUND
// when the user is not a member, CONFLICT once the member has ever set one (an account shared by
// several workspaces must not be taken over by another workspace's owner).
Result<IssuedLink> issue_member_link(Session& session, std::int64_t workspace_id, std::int64_t user_id,
                                     const std::string& public_url, const Actor& actor, std::int64_t now);

// The operator's reset: clears the user's password (password_set_at stays), ends their
// sessions, spends their unused links and issues a new one, in one transaction.
Result<IssuedLink> reset_password(Session& session, std::int64_t user_id, const std::string& public_url,
                                  const Actor& actor, std::int64_t now);

// Whether the user ever set a password (an operator's reset does not change that).
bool has_set_password(const JsonObject& user);

}  // namespace hsd::engine
