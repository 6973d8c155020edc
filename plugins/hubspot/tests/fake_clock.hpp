// A virtual clock: sleeping advances time instantly, so tests of waits never wait.
#pragma once

#include "clock.hpp"

#include <mutex>
#include <vector>

namespace hsd::plugins::hubspot::testing {

class FakeClock final : public Clock {
 public:
  time_point now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  bool sleep_until(time_point deadline, const CancelSignal& stop) override {
    if (stop.stop_requested()) return false;
    std::lock_guard lock(mutex_);
    sleeps_.push_back(deadline > now_ ? deadline - now_ : duration::zero());
    if (deadline > now_) now_ = deadline;
    return true;
  }
  void advance(duration d) {
    std::lock_guard lock(mutex_);
    now_ += d;
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
  std::vector<duration> sleeps_;
};

}  // namespace hsd::plugins::hubspot::testing
