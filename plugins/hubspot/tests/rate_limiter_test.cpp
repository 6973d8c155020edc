#include "rate_limiter.hpp"

#include <hsd/plugins/support/testing/fake_clock.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hsd::plugins::hubspot {
namespace {

using namespace std::chrono_literals;
using support::testing::FakeClock;
using time_point = support::Clock::time_point;

// The largest number of grants inside any window of length `window` (sliding).
size_t max_in_any_window(const std::vector<time_point>& grants, support::Clock::duration window) {
  size_t best = 0;
  for (size_t i = 0; i < grants.size(); ++i) {
    size_t n = 0;
    for (size_t j = i; j < grants.size() && grants[j] < grants[i] + window; ++j) ++n;
    best = std::max(best, n);
  }
  return best;
}

std::vector<time_point> acquire_many(RateLimiter& limiter, FakeClock& clock, int n) {
  support::CancelSignal stop;
  std::vector<time_point> grants;
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(limiter.acquire(clock, stop));
    grants.push_back(clock.now());
  }
  return grants;
}

TEST(RateLimiter, NeverExceedsTheLimitInAnyWindow) {
  FakeClock clock;
  RateLimiter limiter(110);
  const auto grants = acquire_many(limiter, clock, 500);
  EXPECT_EQ(max_in_any_window(grants, 10s), 110u);
  // It does not wait longer than needed: 500 requests fit in four full windows plus some.
  EXPECT_LE(grants.back() - grants.front(), 40s);
  EXPECT_GE(grants.back() - grants.front(), 40s - 1ms);
}

TEST(RateLimiter, BurstIsFreeThenWaitsForTheOldestToLeave) {
  FakeClock clock;
  RateLimiter limiter(3);
  const auto start = clock.now();
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.try_acquire(start).has_value());
  auto retry = limiter.try_acquire(start + 4s);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(*retry, start + 10s);
  EXPECT_FALSE(limiter.try_acquire(start + 10s).has_value());
}

TEST(RateLimiter, AdaptsToMaxAndIntervalHeaders) {
  FakeClock clock;
  RateLimiter limiter(110);
  RateLimitHeaders headers;
  headers.max = 20;
  headers.interval_ms = 2000;
  limiter.observe(headers, clock.now());
  EXPECT_EQ(limiter.limit(), 20);
  EXPECT_EQ(limiter.window(), 2000ms);
  const auto grants = acquire_many(limiter, clock, 100);
  EXPECT_EQ(max_in_any_window(grants, 2s), 20u);
}

TEST(RateLimiter, NeverRaisesTheConfiguredLimit) {
  FakeClock clock;
  RateLimiter limiter(110);
  RateLimitHeaders headers;
  headers.max = 190;  // a private app on Professional
  limiter.observe(headers, clock.now());
  EXPECT_EQ(limiter.limit(), 110);
}

TEST(RateLimiter, RemainingBelowOurCountBooksOtherUsers) {
  FakeClock clock;
  RateLimiter limiter(10);
  support::CancelSignal stop;
  ASSERT_TRUE(limiter.acquire(clock, stop));
  RateLimitHeaders headers;
  headers.max = 10;
  headers.remaining = 2;  // someone else spent 7 of the window
  limiter.observe(headers, clock.now());
  EXPECT_EQ(limiter.in_window(clock.now()), 8u);
  const auto start = clock.now();
  ASSERT_TRUE(limiter.acquire(clock, stop));
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now(), start);  // two slots were left
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_GE(clock.now(), start + 10s);  // the third waited for the window
}

TEST(RateLimiter, RemainingZeroBlocksUntilTheWindowRolls) {
  FakeClock clock;
  RateLimiter limiter(110);
  RateLimitHeaders headers;
  headers.remaining = 0;
  headers.max = 110;
  const auto start = clock.now();
  limiter.observe(headers, start);
  support::CancelSignal stop;
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now(), start + 10s);
}

TEST(RateLimiter, WaitsAfterA429ByPolicy) {
  FakeClock clock;
  support::CancelSignal stop;
  RateLimiter limiter(110);
  auto start = clock.now();
  limiter.penalize(RateLimitPolicy::kTenSecondlyRolling, start, std::nullopt);
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now() - start, 10s);

  start = clock.now();
  limiter.penalize(RateLimitPolicy::kSecondly, start, std::nullopt);
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now() - start, 1s);

  start = clock.now();
  limiter.penalize(RateLimitPolicy::kSecondly, start, 3000ms);  // a longer Retry-After wins
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now() - start, 3s);
}

TEST(RateLimiter, OffStillHonoursA429) {
  FakeClock clock;
  support::CancelSignal stop;
  RateLimiter limiter(0);
  const auto grants = acquire_many(limiter, clock, 1000);
  EXPECT_EQ(grants.back(), grants.front());  // no proactive limit
  const auto start = clock.now();
  limiter.penalize(RateLimitPolicy::kTenSecondlyRolling, start, std::nullopt);
  ASSERT_TRUE(limiter.acquire(clock, stop));
  EXPECT_EQ(clock.now() - start, 10s);
}

TEST(RateLimiter, AcquireStopsWhenCancelled) {
  FakeClock clock;
  RateLimiter limiter(1);
  support::CancelSignal stop;
  ASSERT_TRUE(limiter.acquire(clock, stop));
  stop.request_stop();
  EXPECT_FALSE(limiter.acquire(clock, stop));
}

TEST(RateLimiter, SteadyClockWakesOnCancellation) {
  // Proves the production wait is cut short: without the wake-up this would block 60 s.
  support::SystemClock clock;
  support::CancelSignal stop;
  stop.request_stop();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(clock.sleep_for(60s, stop));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace hsd::plugins::hubspot

namespace hsd::plugins::hubspot {
namespace {

using namespace std::chrono_literals;
using support::testing::FakeClock;

// The server counts a request when it arrives, which is after the slot was granted; a slot
// that counted from the grant would free before the server's record does.
TEST(RateLimiter, ASlotCountsFromItsResponse) {
  FakeClock clock;
  support::CancelSignal stop;
  RateLimiter limiter(1);
  const auto start = clock.now();
  const auto ticket = limiter.acquire(clock, stop);
  ASSERT_TRUE(ticket.has_value());
  limiter.complete(*ticket, start + 2s);
  auto retry = limiter.try_acquire(start + 10s);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(*retry, start + 12s);
  EXPECT_FALSE(limiter.try_acquire(start + 12s).has_value());
}

TEST(RateLimiter, AfterA429ItWaitsOnlyUntilTheOldestRequestLeavesTheWindow) {
  FakeClock clock;
  support::CancelSignal stop;
  RateLimiter limiter(3);
  const auto start = clock.now();
  for (int i = 0; i < 3; ++i) {
    auto ticket = limiter.acquire(clock, stop);
    ASSERT_TRUE(ticket.has_value());
    limiter.complete(*ticket, start);
  }
  clock.advance(4s);
  limiter.penalize(RateLimitPolicy::kTenSecondlyRolling, clock.now(), std::nullopt);
  ASSERT_TRUE(limiter.acquire(clock, stop).has_value());
  EXPECT_EQ(clock.now() - start, 10001ms);
}

TEST(RateLimiter, CompletingWithTheLimiterOffChangesNothing) {
  FakeClock clock;
  support::CancelSignal stop;
  RateLimiter limiter(0);
  const auto ticket = limiter.acquire(clock, stop);
  ASSERT_TRUE(ticket.has_value());
  limiter.complete(*ticket, clock.now() + 5s);
  EXPECT_EQ(limiter.in_window(clock.now()), 0u);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
