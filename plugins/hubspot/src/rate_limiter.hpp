// A sliding-window limiter for one portal, shared by every concurrent call of the instance
// that talks to that portal. HubSpot counts requests per app and portal over a rolling 10 s
// window, so the limiter keeps the send times of the last window and grants a slot only while
// fewer than the limit lie inside it. Response headers tune it: Max and Interval replace the
// assumed limit and window (never raising the configured limit), and a Remaining lower than
// what we think is left means someone else spends the same budget, so the difference is
// booked as phantom sends. A 429 pauses every caller until the window rolls.
#pragma once

#include "clock.hpp"
#include "error_body.hpp"
#include "rate_limit_headers.hpp"

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>

namespace hsd::plugins::hubspot {

class RateLimiter {
 public:
  using time_point = Clock::time_point;

  /** limit: requests per window; 0 turns proactive limiting off (429 pauses still apply). */
  explicit RateLimiter(int limit, std::chrono::milliseconds window = std::chrono::milliseconds(10000));

  /** Takes a slot at now, or returns the earliest time worth trying again. */
  std::optional<time_point> try_acquire(time_point now);
  /** Blocks (through clock) until a slot is free. False when stop was requested meanwhile. */
  bool acquire(Clock& clock, const CancelSignal& stop);
  /** Learns from a response's rate-limit headers. */
  void observe(const RateLimitHeaders& headers, time_point now);
  /**
   * After a 429: pauses every caller. TEN_SECONDLY_ROLLING (and unknown policies) wait one
   * window, SECONDLY one second; retry_after, when given, wins if it is longer.
   */
  void penalize(RateLimitPolicy policy, time_point now, std::optional<std::chrono::milliseconds> retry_after);

  int limit() const;
  std::chrono::milliseconds window() const;
  /** Sends (real and phantom) inside the window ending at now. */
  size_t in_window(time_point now);

 private:
  void prune(time_point now);

  mutable std::mutex mutex_;
  const int configured_limit_;
  int limit_;
  std::chrono::milliseconds window_;
  std::deque<time_point> sent_;
  time_point paused_until_{};
};

}  // namespace hsd::plugins::hubspot
