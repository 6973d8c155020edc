#include "rate_limiter_registry.hpp"

namespace hsd::plugins::hubspot {

std::shared_ptr<RateLimiter> RateLimiterRegistry::for_portal(const std::string& hub_id) {
  std::lock_guard lock(mutex_);
  auto& slot = limiters_[hub_id];
  if (!slot) slot = std::make_shared<RateLimiter>(limit_);
  return slot;
}

}  // namespace hsd::plugins::hubspot
