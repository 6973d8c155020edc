// Time for the rate limiter and the backoff, behind an interface so that unit tests drive a
// virtual clock and never sleep.
#pragma once

#include "cancel_signal.hpp"

#include <chrono>

namespace hsd::plugins::hubspot {

class Clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  virtual ~Clock() = default;
  virtual time_point now() const = 0;
  /**
   * Waits until deadline. Returns false as soon as stop.stop_requested() holds (the wait is
   * cut short), true when the deadline was reached.
   */
  virtual bool sleep_until(time_point deadline, const CancelSignal& stop) = 0;
  bool sleep_for(duration delay, const CancelSignal& stop) { return sleep_until(now() + delay, stop); }
};

/**
 * The production clock: steady_clock, with waits on the cancel signal's condition variable.
 * The host's cancellation is a flag the plugin must poll, so waits also wake every 200 ms to
 * look at it.
 */
class SteadyClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  bool sleep_until(time_point deadline, const CancelSignal& stop) override;
};

}  // namespace hsd::plugins::hubspot
