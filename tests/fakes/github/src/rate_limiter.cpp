#include "rate_limiter.hpp"

#include <algorithm>

#include "github_errors.hpp"

namespace hsd::fakes::github_detail {
namespace {
std::int64_t epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
}  // namespace

RateLimiter::Budget& RateLimiter::budget(const std::string& key, TimePoint now) {
  Budget& b = budgets_[key];
  if (b.reset_at <= now) {  // a new hour window starts with the first call after the old one
    b.used = 0;
    b.reset_at = now + std::chrono::hours(1);
  }
  return b;
}

void RateLimiter::add_headers(Reply& reply, int remaining, int used, TimePoint reset_at) const {
  reply.headers.emplace_back("x-ratelimit-limit", std::to_string(limit_));
  reply.headers.emplace_back("x-ratelimit-remaining", std::to_string(std::max(remaining, 0)));
  reply.headers.emplace_back("x-ratelimit-used", std::to_string(used));
  reply.headers.emplace_back("x-ratelimit-reset", std::to_string(epoch_seconds(reset_at)));
  reply.headers.emplace_back("x-ratelimit-resource", "core");
}

std::optional<Reply> RateLimiter::admit(const std::string& key, std::int64_t user_id, TimePoint now) {
  Budget& b = budget(key, now);
  if (!injected_.empty()) {
    Injected& next = injected_.front();
    const Injected taken = next;
    if (--next.requests <= 0) injected_.pop_front();
    if (taken.kind == RateLimitKind::kPrimary) {
      Reply reply = primary_rate_limited(taken.status, user_id);
      add_headers(reply, 0, limit_, now + std::chrono::seconds(taken.seconds));
      return reply;
    }
    Reply reply = secondary_rate_limited(taken.status, taken.seconds);
    add_headers(reply, limit_ - b.used, b.used, b.reset_at);
    return reply;
  }
  if (b.used >= limit_) {
    Reply reply = primary_rate_limited(403, user_id);
    add_headers(reply, 0, b.used, b.reset_at);
    return reply;
  }
  return std::nullopt;
}

void RateLimiter::finish(Reply& reply, const std::string& key, TimePoint now, bool count) {
  Budget& b = budget(key, now);
  if (count) ++b.used;
  add_headers(reply, limit_ - b.used, b.used, b.reset_at);
}

void RateLimiter::inject(RateLimitKind kind, int requests, int seconds, int status) {
  if (requests > 0) injected_.push_back(Injected{kind, requests, seconds, status});
}

void RateLimiter::reset() {
  budgets_.clear();
  injected_.clear();
}

}  // namespace hsd::fakes::github_detail
