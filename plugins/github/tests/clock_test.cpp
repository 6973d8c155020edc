// The production clock's waits end as soon as the call is stopped, and times print as the
// engine and GitHub's docs write them.
#include <hsd/plugins/support/clock.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace hsd::plugins::github {
namespace {

TEST(SystemClock, AWaitEndsWhenStopped) {
  support::CancelSignal stop;
  support::SystemClock clock;
  // No timing here: the wait itself is what the other thread ends.
  std::thread stopper([&] { stop.request_stop(); });
  EXPECT_FALSE(clock.sleep_for(std::chrono::minutes(10), stop));
  stopper.join();
}

TEST(SystemClock, AWaitEndsWhenTheHostCancels) {
  std::atomic<bool> cancelled{false};
  support::CancelSignal stop([&] { return cancelled.load(); });
  support::SystemClock clock;
  std::thread host([&] { cancelled = true; });
  EXPECT_FALSE(clock.sleep_for(std::chrono::minutes(10), stop));
  host.join();
}

TEST(SystemClock, ZeroIsNoWait) {
  support::CancelSignal stop;
  EXPECT_TRUE(support::SystemClock().sleep_for(std::chrono::milliseconds(0), stop));
}

TEST(Clock, Iso8601) {
  EXPECT_EQ(support::iso8601_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(support::iso8601_utc(1'767'229'201'999), "2026-01-01T01:00:01Z");
}

}  // namespace
}  // namespace hsd::plugins::github
