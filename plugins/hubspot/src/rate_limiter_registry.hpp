// One RateLimiter per portal (hub id), shared by every call of the plugin instance, since
// HubSpot's burst limit is per app and installing portal whatever the number of workers.
#pragma once

#include "rate_limiter.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace hsd::plugins::hubspot {

class RateLimiterRegistry {
 public:
  explicit RateLimiterRegistry(int limit) : limit_(limit) {}
  /** The limiter of a portal, created on first use. */
  std::shared_ptr<RateLimiter> for_portal(const std::string& hub_id);

 private:
  int limit_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<RateLimiter>> limiters_;
};

}  // namespace hsd::plugins::hubspot
