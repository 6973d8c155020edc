// HubSpot's burst limit as a rolling window (TEN_SECONDLY_ROLLING) per key, plus the daily
// budget private apps have. Keys: one per portal for OAuth calls, one per private app token.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace hsd::fakes::detail {

struct RateDecision {
  enum class Verdict { kAllowed, kTenSecondly, kDaily } verdict = Verdict::kAllowed;
  int max = 0;         // 0 = burst limit off, no headers
  int remaining = 0;
  long daily_max = 0;  // 0 = no Daily headers
  long daily_remaining = 0;
};

class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::milliseconds window, long daily_limit);
  /** Admits (and counts) one request; rejected requests do not use up the window. */
  RateDecision admit(const std::string& key, std::chrono::system_clock::time_point now, bool daily_applies);
  std::chrono::milliseconds window() const { return window_; }
  void set_limit(int limit);

 private:
  std::mutex mutex_;
  int limit_;
  std::chrono::milliseconds window_;
  long daily_limit_;
  std::map<std::string, std::deque<std::chrono::system_clock::time_point>> recent_;
  std::map<std::string, std::pair<long, long>> daily_;  // key -> (day number, count)
};

}  // namespace hsd::fakes::detail
