// HubSpot's X-HubSpot-RateLimit-* response headers. They may be missing (HubSpot says so when
// it cannot gather them, and OAuth calls carry no daily ones), so every field is optional.
#pragma once

#include <hsd/sdk.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hsd::plugins::hubspot {

struct RateLimitHeaders {
  std::optional<long long> max;          // X-HubSpot-RateLimit-Max
  std::optional<long long> remaining;    // X-HubSpot-RateLimit-Remaining
  std::optional<long long> interval_ms;  // X-HubSpot-RateLimit-Interval-Milliseconds
  std::optional<long long> daily;            // X-HubSpot-RateLimit-Daily
  std::optional<long long> daily_remaining;  // X-HubSpot-RateLimit-Daily-Remaining

  bool empty() const { return !max && !remaining && !interval_ms && !daily && !daily_remaining; }
};

/** Reads the headers, names compared case-insensitively; malformed values count as absent. */
RateLimitHeaders parse_rate_limit_headers(const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace hsd::plugins::hubspot
