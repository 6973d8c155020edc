#include "rate_limit_headers.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

TEST(RateLimitHeaders, ReadsAllCaseInsensitively) {
  const auto h = parse_rate_limit_headers({{"x-hubspot-ratelimit-max", "110"},
                                           {"X-HUBSPOT-RATELIMIT-REMAINING", " 42 "},
                                           {"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"},
                                           {"X-HubSpot-RateLimit-Daily", "250000"},
                                           {"x-HubSpot-ratelimit-daily-remaining", "249000"},
                                           {"Content-Type", "application/json"}});
  EXPECT_EQ(h.max, 110);
  EXPECT_EQ(h.remaining, 42);
  EXPECT_EQ(h.interval_ms, 10000);
  EXPECT_EQ(h.daily, 250000);
  EXPECT_EQ(h.daily_remaining, 249000);
  EXPECT_FALSE(h.empty());
}

TEST(RateLimitHeaders, MissingOrMalformedAreAbsent) {
  EXPECT_TRUE(parse_rate_limit_headers({}).empty());
  const auto h = parse_rate_limit_headers({{"X-HubSpot-RateLimit-Max", "lots"},
                                           {"X-HubSpot-RateLimit-Remaining", "-1"},
                                           {"X-HubSpot-RateLimit-Interval-Milliseconds", ""},
                                           {"X-HubSpot-RateLimit-Secondly", "10"}});
  EXPECT_FALSE(h.max);
  EXPECT_FALSE(h.remaining);
  EXPECT_FALSE(h.interval_ms);
  EXPECT_TRUE(h.empty());
}

TEST(RateLimitHeaders, FirstOccurrenceWins) {
  const auto h = parse_rate_limit_headers({{"X-HubSpot-RateLimit-Remaining", "5"},
                                           {"x-hubspot-ratelimit-remaining", "9"}});
  EXPECT_EQ(h.remaining, 5);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
