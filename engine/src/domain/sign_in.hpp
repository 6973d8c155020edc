// Signing in with e-mail and password. The order matters:
//  1. throttles first (per account and per address, see login_throttle.hpp): a blocked attempt
//     answers at once, without looking at the password;
//  2. a turn at the hash gate, or 503 at once;
//  3. the password checked against the user's hash, or against a dummy hash when there is no
//     such user or the user has no password, so both wrong cases cost the same work and get the
//     same answer;
//  4. a failure counts against both throttles; a success clears the account's and starts a
//     browser session. Both are in the audit log (never the password).
#pragma once

#include <cstdint>
#include <string>

#include "audit.hpp"
#include "hash_gate.hpp"
#include "hsd/engine/storage.hpp"
#include "json_util.hpp"
#include "web_sessions.hpp"

namespace hsd::engine {

inline constexpr const char* kWrongCredentials = "wrong e-mail or password";

struct SignedIn {
  JsonObject user;  // the users row
  IssuedSession session;
};

// Errors: UNAUTHENTICATED kWrongCredentials; RATE_LIMITED (throttled) and UNAVAILABLE (no
// hashing turn) with details {"retry_after": seconds}.
Result<SignedIn> sign_in(Session& session, HashGate& gate, const std::string& email, const std::string& password,
                         const Actor& actor, const SessionTimes& times);

// Error details {"retry_after": seconds} for a wait of ms milliseconds (at least one second).
Error retry_later(ErrorCode code, const std::string& message, std::int64_t wait_ms);

}  // namespace hsd::engine
