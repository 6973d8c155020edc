// Browser sessions: the hsd_session cookie carries a 256-bit random token; storage keeps only
// its SHA-256, with the session's CSRF token, its last request and its absolute end. A session
// ends after `idle` without a request, at `lifetime` after sign-in, or when signed out or
// revoked (an operator's password reset revokes all of a user's sessions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

struct SessionTimes {
  std::int64_t idle_ms = 12LL * 3'600'000;
  std::int64_t lifetime_ms = 30LL * 24 * 3'600'000;
};

struct IssuedSession {
  JsonObject row;     // the web_sessions row (its hash, never the token)
  std::string token;  // for the cookie only
};

Result<IssuedSession> create_web_session(Session& session, std::int64_t user_id, const std::string& remote_addr,
                                         const SessionTimes& times, std::int64_t now);

// The live session row for a cookie token. UNAUTHENTICATED for an unknown, revoked or expired
// one (the message asks to sign in again). Records the request in last_seen_at at most once a
// minute, so that reads do not each cost a write.
Result<JsonObject> authenticate_web_session(Session& session, std::string_view token, const SessionTimes& times,
                                            std::int64_t now);

// When the session ends if no request comes first (ms since the epoch).
std::int64_t web_session_ends_at(const JsonObject& row, const SessionTimes& times);

// Revoking twice is fine.
Status revoke_web_session(Session& session, std::int64_t session_id, std::int64_t now);
// Ends every live session of the user; the number ended.
Result<std::int64_t> revoke_user_sessions(Session& session, std::int64_t user_id, std::int64_t now);

}  // namespace hsd::engine
