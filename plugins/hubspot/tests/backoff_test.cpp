#include "backoff.hpp"

#include <gtest/gtest.h>

#include <random>

namespace hsd::plugins::hubspot {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, ExponentialAndCappedWithoutJitter) {
  Backoff backoff(BackoffPolicy{}, [] { return 0.5; });  // factor exactly 1
  EXPECT_EQ(backoff.delay(1), 500ms);
  EXPECT_EQ(backoff.delay(2), 1000ms);
  EXPECT_EQ(backoff.delay(3), 2000ms);
  EXPECT_EQ(backoff.delay(4), 4000ms);
  EXPECT_EQ(backoff.delay(5), 8000ms);
  EXPECT_EQ(backoff.delay(6), 8000ms);
  EXPECT_EQ(backoff.delay(40), 8000ms);
}

TEST(Backoff, JitterStaysWithinBounds) {
  Backoff low(BackoffPolicy{}, [] { return 0.0; });
  Backoff high(BackoffPolicy{}, [] { return 0.999999; });
  EXPECT_EQ(low.delay(1), 375ms);
  EXPECT_EQ(high.delay(1), 625ms);
  EXPECT_EQ(low.delay(9), 6000ms);
  EXPECT_EQ(high.delay(9), 10000ms);

  std::mt19937 engine(7);
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  Backoff random(BackoffPolicy{}, [&] { return dist(engine); });
  bool varied = false;
  for (int retry = 1; retry <= 8; ++retry) {
    const double base = std::min(500.0 * (1 << (retry - 1)), 8000.0);
    std::chrono::milliseconds first{-1};
    for (int i = 0; i < 200; ++i) {
      const auto d = random.delay(retry);
      EXPECT_GE(d.count(), static_cast<long long>(base * 0.75)) << retry;
      EXPECT_LE(d.count(), static_cast<long long>(base * 1.25)) << retry;
      if (first.count() < 0) first = d;
      varied = varied || d != first;
    }
  }
  EXPECT_TRUE(varied);
}

TEST(Backoff, DefaultRandomSourceStaysWithinBounds) {
  Backoff backoff(BackoffPolicy{});
  for (int i = 0; i < 100; ++i) {
    const auto d = backoff.delay(2);
    EXPECT_GE(d, 750ms);
    EXPECT_LE(d, 1250ms);
  }
}

TEST(Backoff, AttemptsAreBounded) {
  BackoffPolicy policy;
  policy.max_attempts = 3;
  Backoff backoff(policy);
  EXPECT_TRUE(backoff.may_retry(1));
  EXPECT_TRUE(backoff.may_retry(2));
  EXPECT_FALSE(backoff.may_retry(3));
  EXPECT_FALSE(backoff.may_retry(4));
  policy.max_attempts = 1;
  EXPECT_FALSE(Backoff(policy).may_retry(1));
}

TEST(Backoff, RetryAfterUnderAMinuteIsHonoured) {
  EXPECT_EQ(parse_retry_after("3"), 3000ms);
  EXPECT_EQ(parse_retry_after(" 1.5 "), 1500ms);
  EXPECT_EQ(parse_retry_after("", "250"), 250ms);
  EXPECT_EQ(parse_retry_after("9", "250"), 250ms);  // the millisecond header is more precise
  EXPECT_FALSE(parse_retry_after("60"));
  EXPECT_FALSE(parse_retry_after("3600"));
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("-1"));
}

}  // namespace
}  // namespace hsd::plugins::hubspot
