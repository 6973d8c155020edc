#include "backup/mirror_lock.hpp"

#include "git_fixture.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

TEST(MirrorLock, IsExclusiveUntilReleased) {
  testing::TempDir dir;
  const std::string mirror = dir.path() + "/mirror";
  auto first = MirrorLock::try_acquire(mirror);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first.value().has_value());
  auto second = MirrorLock::try_acquire(mirror);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second.value().has_value());
  first.value().reset();
  auto third = MirrorLock::try_acquire(mirror);
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third.value().has_value());
}

TEST(MirrorLock, WaitingStopsWhenCancelled) {
  testing::TempDir dir;
  auto held = MirrorLock::try_acquire(dir.path());
  ASSERT_TRUE(held.ok() && held.value().has_value());
  auto waited = MirrorLock::acquire(dir.path(), [] { return true; });
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.failure().code, "CANCELLED");
}

TEST(MirrorLock, WaitingEndsAsBusyAfterTheTimeout) {
  testing::TempDir dir;
  auto held = MirrorLock::try_acquire(dir.path());
  ASSERT_TRUE(held.ok() && held.value().has_value());
  auto waited = MirrorLock::acquire(dir.path(), {}, std::chrono::milliseconds(0));
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.failure().code, "MIRROR_BUSY");
  EXPECT_TRUE(waited.failure().retryable);
}

}  // namespace
}  // namespace hsd::plugins::github::backup
