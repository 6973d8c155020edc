// Time and interruptible waits, behind an interface so that unit tests drive a virtual clock
// and never sleep. The plugins need two kinds of time: monotonic time for deadlines, backoff
// and rate-limit windows (a wall-clock jump must not stretch or cut a wait), and epoch
// milliseconds for what is stored or compared with servers (the engine's checked_at and
// refresh_token_expires_at, GitHub's x-ratelimit-reset in epoch seconds).
#pragma once

#include <hsd/plugins/support/cancel_signal.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace hsd::plugins::support {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  /** Monotonic time, for deadlines and windows. */
  virtual time_point now() const = 0;
  /** Milliseconds since the Unix epoch (UTC), for timestamps. */
  virtual int64_t now_ms() const = 0;
  /**
   * Waits until deadline. Returns false as soon as stop.stop_requested() holds (the wait is
   * cut short), true when the deadline was reached.
   */
  virtual bool sleep_until(time_point deadline, const CancelSignal& stop) = 0;
  /** Waits delay; the same answer as sleep_until. */
  bool sleep_for(duration delay, const CancelSignal& stop) { return sleep_until(now() + delay, stop); }
};

/**
 * The production clock: steady_clock for waits, system_clock for timestamps; waits sleep on
 * the cancel signal's condition variable. The host's cancellation is a flag the plugin must
 * poll, so waits also wake every 200 ms to look at it.
 */
class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  int64_t now_ms() const override;
  bool sleep_until(time_point deadline, const CancelSignal& stop) override;
};

/** epoch_ms as ISO 8601 UTC with second precision: 2026-03-01T12:00:00Z. */
std::string iso8601_utc(int64_t epoch_ms);

}  // namespace hsd::plugins::support
