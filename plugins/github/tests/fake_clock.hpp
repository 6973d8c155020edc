// A virtual clock: sleeping advances time instantly and is recorded, so tests of waits
// (rate limits, device-flow polling) never wait.
#pragma once

#include "clock.hpp"

#include <mutex>
#include <vector>

namespace hsd::plugins::github::testing {

class FakeClock final : public Clock {
 public:
  int64_t now_ms() const override {
    std::lock_guard lock(mutex_);
    return now_ms_;
  }
  bool sleep_for(std::chrono::milliseconds delay, const CancelSignal& stop) override {
    if (stop.stop_requested()) return false;
    std::lock_guard lock(mutex_);
    sleeps_.push_back(delay);
    now_ms_ += delay.count();
    return true;
  }
  void set(int64_t epoch_ms) {
    std::lock_guard lock(mutex_);
    now_ms_ = epoch_ms;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  mutable std::mutex mutex_;
  int64_t now_ms_ = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace hsd::plugins::github::testing
