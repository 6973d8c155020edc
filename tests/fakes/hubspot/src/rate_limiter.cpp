#include "rate_limiter.hpp"

namespace hsd::fakes::detail {

RateLimiter::RateLimiter(int limit, std::chrono::milliseconds window, long daily_limit)
    : limit_(limit), window_(window), daily_limit_(daily_limit) {}

void RateLimiter::set_limit(int limit) {
  std::lock_guard lock(mutex_);
  limit_ = limit;
}

RateDecision RateLimiter::admit(const std::string& key, std::chrono::system_clock::time_point now,
                                bool daily_applies) {
  std::lock_guard lock(mutex_);
  RateDecision d;
  d.max = limit_;
  // The daily budget resets at midnight; UTC stands in for the account's time zone.
  const long today = static_cast<long>(std::chrono::floor<std::chrono::days>(now).time_since_epoch().count());
  auto& [day, used] = daily_[key];
  if (day != today) {
    day = today;
    used = 0;
  }
  const bool daily = daily_applies && daily_limit_ > 0;
  if (daily) d.daily_max = daily_limit_;

  auto& recent = recent_[key];
  while (!recent.empty() && recent.front() <= now - window_) recent.pop_front();

  if (daily && used >= daily_limit_) {
    d.verdict = RateDecision::Verdict::kDaily;
    d.remaining = limit_ > 0 ? limit_ - static_cast<int>(recent.size()) : 0;
    d.daily_remaining = 0;
    return d;
  }
  if (limit_ > 0 && static_cast<int>(recent.size()) >= limit_) {
    d.verdict = RateDecision::Verdict::kTenSecondly;
    d.remaining = 0;
    d.daily_remaining = daily ? daily_limit_ - used : 0;
    return d;
  }
  if (limit_ > 0) recent.push_back(now);
  ++used;
  d.remaining = limit_ > 0 ? limit_ - static_cast<int>(recent.size()) : 0;
  d.daily_remaining = daily ? daily_limit_ - used : 0;
  return d;
}

}  // namespace hsd::fakes::detail
