#include "rate_limiter.hpp"

#include <algorithm>

namespace hsd::plugins::hubspot {

RateLimiter::RateLimiter(int limit, std::chrono::milliseconds window)
    : configured_limit_(std::max(0, limit)), limit_(std::max(0, limit)), window_(window) {}

void RateLimiter::prune(time_point now) {
  while (!sent_.empty() && *sent_.begin() + window_ <= now) sent_.erase(sent_.begin());
}

std::optional<RateLimiter::time_point> RateLimiter::try_acquire(time_point now) {
  std::lock_guard lock(mutex_);
  if (now < paused_until_) return paused_until_;
  prune(now);
  if (limit_ > 0 && sent_.size() >= static_cast<size_t>(limit_)) {
    // The oldest send leaving the window frees the next slot.
    return *std::next(sent_.begin(), static_cast<long>(sent_.size() - static_cast<size_t>(limit_))) + window_;
  }
  if (limit_ > 0) sent_.insert(now);
  return std::nullopt;
}

std::optional<RateLimiter::Ticket> RateLimiter::acquire(support::Clock& clock, const support::CancelSignal& stop) {
  for (;;) {
    if (stop.stop_requested()) return std::nullopt;
    const auto now = clock.now();
    auto retry_at = try_acquire(now);
    if (!retry_at) return Ticket{now};
    if (!clock.sleep_until(*retry_at, stop)) return std::nullopt;
  }
}

void RateLimiter::complete(const Ticket& ticket, time_point now) {
  std::lock_guard lock(mutex_);
  auto booked = sent_.find(ticket.granted);
  // Gone when the limiter is off, or when the slot already left the window.
  if (booked == sent_.end()) return;
  sent_.erase(booked);
  sent_.insert(std::max(now, ticket.granted));
}

void RateLimiter::observe(const RateLimitHeaders& headers, time_point now) {
  std::lock_guard lock(mutex_);
  if (configured_limit_ == 0) return;
  if (headers.interval_ms && *headers.interval_ms >= 100 && *headers.interval_ms <= 600000) {
    window_ = std::chrono::milliseconds(*headers.interval_ms);
  }
  if (headers.max && *headers.max > 0) {
    limit_ = static_cast<int>(std::min<long long>(configured_limit_, *headers.max));
  }
  prune(now);
  if (headers.remaining) {
    const long long server_max = headers.max.value_or(limit_);
    const long long server_used = std::max(0LL, server_max - *headers.remaining);
    const long long local_used = static_cast<long long>(sent_.size());
    // Never book more than the limit: the window is full at that point anyway.
    const long long phantom = std::min(server_used - local_used, static_cast<long long>(limit_) - local_used);
    for (long long i = 0; i < phantom; ++i) sent_.insert(now);
  }
}

void RateLimiter::penalize(RateLimitPolicy policy, time_point now,
                           std::optional<std::chrono::milliseconds> retry_after) {
  std::lock_guard lock(mutex_);
  std::chrono::milliseconds pause =
      policy == RateLimitPolicy::kSecondly ? std::chrono::milliseconds(1000) : window_;
  if (policy != RateLimitPolicy::kSecondly && !sent_.empty() && *sent_.begin() + window_ > now) {
    // The server's window is full; its first slot frees when our oldest request leaves it.
    pause = std::min(pause, std::chrono::duration_cast<std::chrono::milliseconds>(*sent_.begin() + window_ - now) +
                                std::chrono::milliseconds(1));
  }
  if (retry_after && *retry_after > pause) pause = *retry_after;
  paused_until_ = std::max(paused_until_, now + pause);
}

int RateLimiter::limit() const {
  std::lock_guard lock(mutex_);
  return limit_;
}

std::chrono::milliseconds RateLimiter::window() const {
  std::lock_guard lock(mutex_);
  return window_;
}

size_t RateLimiter::in_window(time_point now) {
  std::lock_guard lock(mutex_);
  prune(now);
  return sent_.size();
}

}  // namespace hsd::plugins::hubspot
