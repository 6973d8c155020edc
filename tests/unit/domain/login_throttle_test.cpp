// Sign-in throttles: the policy's numbers without a clock (5 free failures per account, 20 per
// address, then 1 s, 2 s, 4 s ... up to 15 minutes, forgotten after 15 quiet minutes), and the
// rows in storage that every engine shares.
#include <gtest/gtest.h>

#include "domain/login_throttle.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;

ThrottleState fail_times(const ThrottlePolicy& policy, int times, std::int64_t at = kT0) {
  ThrottleState state;
  for (int i = 0; i < times; ++i) state = after_failure(state, policy, at);
  return state;
}

TEST(LoginThrottlePolicy, FreeFailuresThenADelayThatDoublesUpToFifteenMinutes) {
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 4), kT0), 0);
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 5), kT0), 1'000);
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 6), kT0), 2'000);
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 7), kT0), 4'000);
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 15), kT0), 15 * 60'000);  // 1 s * 2^10 > 15 min: capped
  EXPECT_EQ(throttle_wait_ms(fail_times(kAccountThrottle, 500), kT0), 15 * 60'000);  // no overflow
  EXPECT_EQ(throttle_wait_ms(fail_times(kAddressThrottle, 19), kT0), 0);
  EXPECT_EQ(throttle_wait_ms(fail_times(kAddressThrottle, 20), kT0), 1'000);
}

TEST(LoginThrottlePolicy, TheWaitShrinksWithTimeAndEnds) {
  const ThrottleState state = fail_times(kAccountThrottle, 6);
  EXPECT_EQ(throttle_wait_ms(state, kT0 + 500), 1'500);
  EXPECT_EQ(throttle_wait_ms(state, kT0 + 2'000), 0);
}

TEST(LoginThrottlePolicy, FailuresAreForgottenFifteenQuietMinutesAfterTheLastFailureOrBlock) {
  ThrottleState state = fail_times(kAccountThrottle, 4);
  // 14 minutes later the count goes on: the 5th failure blocks.
  ThrottleState next = after_failure(state, kAccountThrottle, kT0 + 14 * 60'000);
  EXPECT_EQ(next.failures, 5);
  EXPECT_GT(throttle_wait_ms(next, kT0 + 14 * 60'000), 0);
  // 15 minutes later it starts again from one.
  next = after_failure(state, kAccountThrottle, kT0 + 15 * 60'000);
  EXPECT_EQ(next.failures, 1);
  EXPECT_EQ(next.first_failure_at, kT0 + 15 * 60'000);
  EXPECT_EQ(throttle_wait_ms(next, kT0 + 15 * 60'000), 0);
  // A 15-minute block counts as activity: the quiet time starts when it ends.
  state = fail_times(kAccountThrottle, 15);
  next = after_failure(state, kAccountThrottle, state.blocked_until + 14 * 60'000);
  EXPECT_EQ(next.failures, 16);
}

TEST(LoginThrottlePolicy, KeysNormaliseTheEmail) {
  EXPECT_EQ(account_throttle_key("Ann@Example.TEST"), "account:ann@example.test");
  EXPECT_EQ(address_throttle_key("127.0.0.1"), "address:127.0.0.1");
}

using LoginThrottleStorage = DomainFixture;

TEST_F(LoginThrottleStorage, CountsFailuresInOneRowPerKeyAndClearsThem) {
  const std::string key = account_throttle_key("ann@example.test");
  EXPECT_EQ(*stored_throttle_wait(session(), key, kT0), 0);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(record_throttle_failure(session(), key, kAccountThrottle, kT0).ok());
  EXPECT_EQ(*stored_throttle_wait(session(), key, kT0), 2'000);
  Query query;
  query.where.set("key", key);
  auto rows = session().find("login_throttles", query);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front()->getValue<std::int64_t>("failures"), 6);
  EXPECT_EQ(rows->front()->getValue<std::int64_t>("first_failure_at"), kT0);
  // Another key is untouched.
  EXPECT_EQ(*stored_throttle_wait(session(), account_throttle_key("bob@example.test"), kT0), 0);
  ASSERT_TRUE(clear_throttle(session(), key).ok());
  EXPECT_EQ(*stored_throttle_wait(session(), key, kT0), 0);
  EXPECT_TRUE(session().find("login_throttles", query)->empty());
  ASSERT_TRUE(clear_throttle(session(), key).ok());  // clearing twice is fine
}

}  // namespace
}  // namespace hsd::engine
