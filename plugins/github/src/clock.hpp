// Wall-clock time and interruptible waits, behind an interface so that unit tests drive a
// virtual clock and never sleep. GitHub speaks epoch seconds (x-ratelimit-reset) and the
// engine epoch milliseconds (checked_at, refresh_token_expires_at), so one epoch-based time
// serves the rate-limit waits, the device-flow deadline and the timestamps.
#pragma once

#include "cancel_signal.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace hsd::plugins::github {

class Clock {
 public:
  virtual ~Clock() = default;
  /** Milliseconds since the Unix epoch (UTC). */
  virtual int64_t now_ms() const = 0;
  /**
   * Waits delay. Returns false as soon as stop.stop_requested() holds (the wait is cut
   * short), true when the whole delay passed.
   */
  virtual bool sleep_for(std::chrono::milliseconds delay, const CancelSignal& stop) = 0;
};

/**
 * The production clock: system_clock for time, waits on the cancel signal's condition
 * variable. The host's cancellation is a flag the plugin must poll, so waits also wake every
 * 200 ms to look at it.
 */
class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
  bool sleep_for(std::chrono::milliseconds delay, const CancelSignal& stop) override;
};

/** epoch_ms as ISO 8601 UTC with second precision: 2026-03-01T12:00:00Z. */
std::string iso8601_utc(int64_t epoch_ms);

}  // namespace hsd::plugins::github
