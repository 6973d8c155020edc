// A sliding-window limiter for one portal, shared by every concurrent call of the instance
// that talks to that portal. HubSpot counts requests per app and portal over a rolling 10 s
// window, so the limiter keeps the times of the last window's requests and grants a slot only
// while fewer than the limit lie inside it. A slot is booked when granted and re-stamped when
// the response arrives: the server counted the request somewhere in between, so a stamp at
// the response never leaves our window before the server's record leaves its window (a stamp
// at the grant did, by the few milliseconds a connection takes, and drew a 429 at every
// window edge). Response headers tune it: Max and Interval replace the
// assumed limit and window (never raising the configured limit), and a Remaining lower than
// what we think is left means someone else spends the same budget, so the difference is
// booked as phantom sends. A 429 pauses every caller until the window rolls.
#pragma once

#include "error_body.hpp"
#include "rate_limit_headers.hpp"

#include <hsd/plugins/support/clock.hpp>

#include <chrono>
#include <set>
#include <mutex>
#include <optional>

namespace hsd::plugins::hubspot {

class RateLimiter {
 public:
  using time_point = support::Clock::time_point;

  /** limit: requests per window; 0 turns proactive limiting off (429 pauses still apply). */
  explicit RateLimiter(int limit, std::chrono::milliseconds window = std::chrono::milliseconds(10000));

  /** A granted slot, to hand back to complete(). */
  struct Ticket {
    time_point granted;
  };

  /** Takes a slot at now (then nullopt), or returns the earliest time worth trying again. */
  std::optional<time_point> try_acquire(time_point now);
  /** Blocks (through clock) until a slot is free. Nothing when stop was requested meanwhile. */
  std::optional<Ticket> acquire(support::Clock& clock, const support::CancelSignal& stop);
  /** The request of a ticket got its answer (or failed) at now: its slot counts from now. */
  void complete(const Ticket& ticket, time_point now);
  /** Learns from a response's rate-limit headers. */
  void observe(const RateLimitHeaders& headers, time_point now);
  /**
   * After a 429: pauses every caller. TEN_SECONDLY_ROLLING (and unknown policies) wait until
   * our oldest booked request leaves the window (at most one window), SECONDLY one second;
   * retry_after, when given, wins if it is longer.
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
  std::multiset<time_point> sent_;  // sorted: the oldest first
  time_point paused_until_{};
};

}  // namespace hsd::plugins::hubspot
