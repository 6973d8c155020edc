// A virtual clock: sleeping advances time instantly and is recorded, so tests of waits (rate
// limits, backoff, device-flow polling) never wait. Monotonic and epoch time advance together;
// set() moves only the epoch, as a wall-clock change would.
#pragma once

#include <hsd/plugins/support/clock.hpp>

#include <mutex>
#include <vector>

namespace hsd::plugins::support::testing {

class FakeClock final : public Clock {
 public:
  time_point now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  int64_t now_ms() const override {
    std::lock_guard lock(mutex_);
    return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch_).count();
  }
  bool sleep_until(time_point deadline, const CancelSignal& stop) override {
    if (stop.stop_requested()) return false;
    std::lock_guard lock(mutex_);
    const duration step = deadline > now_ ? deadline - now_ : duration::zero();
    sleeps_.push_back(step);
    now_ += step;
    since_epoch_ += step;
    return true;
  }
  /** Lets d pass without a sleep (not recorded). */
  void advance(duration d) {
    std::lock_guard lock(mutex_);
    now_ += d;
    since_epoch_ += d;
  }
  /** Sets the wall clock to epoch_ms. */
  void set(int64_t epoch_ms) {
    std::lock_guard lock(mutex_);
    since_epoch_ = std::chrono::milliseconds(epoch_ms);
  }
  std::vector<duration> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }
  duration slept() const {
    std::lock_guard lock(mutex_);
    duration total{};
    for (auto d : sleeps_) total += d;
    return total;
  }

 private:
  mutable std::mutex mutex_;
  time_point now_ = time_point(std::chrono::hours(1000));
  duration since_epoch_ = std::chrono::milliseconds(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  std::vector<duration> sleeps_;
};

}  // namespace hsd::plugins::support::testing
