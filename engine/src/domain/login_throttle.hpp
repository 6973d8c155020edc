// Slowing repeated sign-in failures, per account and per client address. The numbers:
//  - an account (its normalised e-mail, whether or not such a user exists) gets 5 failures, an
//    address 20 (several people may share one), before any delay;
//  - from then on each failure blocks further attempts for a delay that doubles: 1 s after the
//    5th (20th) failure, 2 s after the next, 4 s ... up to 15 minutes;
//  - failures are forgotten 15 minutes after the last failure or the end of the last block,
//    whichever is later, and a successful sign-in clears its account's count at once.
// A blocked attempt answers 429 with Retry-After without checking the password. The state is a
// row per key in storage (login_throttles), so every engine on one database sees it.
#pragma once

#include <cstdint>
#include <string>

#include "hsd/engine/storage.hpp"

namespace hsd::engine {

struct ThrottlePolicy {
  std::int64_t free_failures;  // failures allowed before the first delay
  std::int64_t window_ms;      // quiet time after which failures are forgotten
  std::int64_t base_delay_ms;  // the first delay; each further failure doubles it
  std::int64_t max_delay_ms;
};

inline constexpr ThrottlePolicy kAccountThrottle{5, 15 * 60'000, 1'000, 15 * 60'000};
inline constexpr ThrottlePolicy kAddressThrottle{20, 15 * 60'000, 1'000, 15 * 60'000};

// One key's counters, as the login_throttles row holds them.
struct ThrottleState {
  std::int64_t failures = 0;
  std::int64_t first_failure_at = 0;
  std::int64_t blocked_until = 0;
  std::int64_t updated_at = 0;  // the last failure
};

// Milliseconds the key must still wait at now (0: an attempt may go ahead).
std::int64_t throttle_wait_ms(const ThrottleState& state, std::int64_t now);
// The state after one more failure at now.
ThrottleState after_failure(ThrottleState state, const ThrottlePolicy& policy, std::int64_t now);

std::string account_throttle_key(const std::string& email);  // "account:<normalised e-mail>"
std::string address_throttle_key(const std::string& address);  // "address:<ip>"

// Storage side. The wait for a key (0 when it has no row).
Result<std::int64_t> stored_throttle_wait(Session& session, const std::string& key, std::int64_t now);
// Counts one failure for the key (compare-and-set, retried when another engine counted at once).
Status record_throttle_failure(Session& session, const std::string& key, const ThrottlePolicy& policy,
                               std::int64_t now);
// Forgets the key's failures.
Status clear_throttle(Session& session, const std::string& key);

}  // namespace hsd::engine
