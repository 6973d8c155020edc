#include "task_group.hpp"

#include <gtest/gtest.h>

#include <atomic>

namespace hsd::plugins::hubspot {
namespace {

TEST(TaskGroup, RunsEveryTaskIncludingTasksAddedByTasks) {
  support::CancelSignal stop;
  std::atomic<int> done{0};
  {
    TaskGroup group(3, stop);
    for (int i = 0; i < 5; ++i) {
      group.run([&]() -> hsd::sdk::Status {
        for (int j = 0; j < 4; ++j) {
          group.run([&]() -> hsd::sdk::Status {
            ++done;
            return {};
          });
        }
        ++done;
        return {};
      });
    }
    EXPECT_TRUE(group.wait().ok());
    EXPECT_EQ(done.load(), 25);
  }
  EXPECT_FALSE(stop.stop_requested());
}

TEST(TaskGroup, NeverRunsMoreThanItsThreads) {
  support::CancelSignal stop;
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  TaskGroup group(2, stop);
  for (int i = 0; i < 50; ++i) {
    group.run([&]() -> hsd::sdk::Status {
      const int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      volatile long spin = 0;
      for (int k = 0; k < 20000; ++k) spin = spin + k;
      --running;
      return {};
    });
  }
  EXPECT_TRUE(group.wait().ok());
  EXPECT_GE(peak.load(), 1);
  EXPECT_LE(peak.load(), 2);
}

TEST(TaskGroup, FirstFailureStopsTheRest) {
  support::CancelSignal stop;
  std::atomic<int> ran{0};
  TaskGroup group(1, stop);  // one worker: tasks run in order
  group.run([&]() -> hsd::sdk::Status {
    ++ran;
    return hsd::sdk::fail(HSD_ERR_UNAVAILABLE, "first");
  });
  group.run([&]() -> hsd::sdk::Status {
    ++ran;
    return hsd::sdk::fail(HSD_ERR_INTERNAL, "second");
  });
  auto status = group.wait();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().message, "first");
  EXPECT_EQ(ran.load(), 1);
  EXPECT_TRUE(stop.stop_requested());
}

TEST(TaskGroup, AnExceptionBecomesAFailure) {
  support::CancelSignal stop;
  TaskGroup group(2, stop);
  group.run([]() -> hsd::sdk::Status { throw std::runtime_error("boom"); });
  auto status = group.wait();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INTERNAL);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
