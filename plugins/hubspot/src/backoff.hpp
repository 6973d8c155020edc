// Exponential backoff with jitter for transient failures (5xx, 530, timeouts, network):
// 0.5 s x 2^n capped at 8 s, then +-25 % jitter so that parallel workers do not retry in
// lockstep, as HubSpot's own generated SDKs do. A Retry-After under 60 s wins.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace hsd::plugins::hubspot {

struct BackoffPolicy {
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{8000};
  double jitter = 0.25;  // the delay is scaled by a factor in [1 - jitter, 1 + jitter]
  int max_attempts = 5;  // total attempts, the first one included
};

class Backoff {
 public:
  /** uniform returns numbers in [0, 1); empty means a thread-local Mersenne Twister. */
  explicit Backoff(BackoffPolicy policy, std::function<double()> uniform = {});

  /** True when another attempt may follow attempts_made attempts. */
  bool may_retry(int attempts_made) const { return attempts_made < policy_.max_attempts; }
  /** The delay before retry number retry (1 = the first retry). */
  std::chrono::milliseconds delay(int retry) const;
  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  std::function<double()> uniform_;
};

/**
 * A Retry-After (delta seconds, possibly fractional) or retry-after-ms value, honoured only
 * when it is under 60 s; nullopt otherwise (absent, an HTTP date, or too long).
 */
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view retry_after,
                                                           std::string_view retry_after_ms = {});

}  // namespace hsd::plugins::hubspot
