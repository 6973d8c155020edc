// Recognising GitHub's rate-limit answers. Primary and secondary limits both come as 403 or
// 429; GitHub's documented order is: retry-after (seconds) first, else x-ratelimit-remaining 0
// with x-ratelimit-reset (epoch seconds), else a secondary limit with no hint of when it ends
// (GitHub says wait at least a minute). A 403 that is none of these is a permission problem,
// not a rate limit, and is left to the caller.
#pragma once

#include <hsd/sdk.hpp>

#include <cstdint>
#include <optional>

namespace hsd::plugins::github {

struct RateLimitHit {
  enum class Kind { kRetryAfter, kPrimary, kSecondary };
  Kind kind = Kind::kSecondary;
  int64_t wait_ms = 0;     // how long until a retry may succeed (kSecondary: GitHub's one-minute floor)
  int64_t reset_at_ms = 0; // now + wait_ms
  bool known = false;      // false for kSecondary: GitHub gave no time
};

/** The rate limit a 403/429 response reports, or nullopt when it is not one. */
std::optional<RateLimitHit> classify_rate_limit(const hsd::sdk::HttpResponse& response, int64_t now_ms);

}  // namespace hsd::plugins::github
