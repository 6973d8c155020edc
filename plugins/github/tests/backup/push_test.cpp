#include "backup/push.hpp"

#include <gtest/gtest.h>

namespace hsd::plugins::github::backup {
namespace {

TEST(PushRefusal, RecognisesAMovedBranch) {
  EXPECT_TRUE(refusal_is_not_fast_forward("non-fast-forward"));
  EXPECT_TRUE(refusal_is_not_fast_forward("rejected: Non-Fast-Forward"));
  EXPECT_TRUE(refusal_is_not_fast_forward("fetch first"));
  EXPECT_TRUE(refusal_is_not_fast_forward("stale info"));
}

TEST(PushRefusal, TreatsOtherRefusalsAsFinal) {
  EXPECT_FALSE(refusal_is_not_fast_forward("pre-receive hook declined"));
  EXPECT_FALSE(refusal_is_not_fast_forward("protected branch hook declined"));
  EXPECT_FALSE(refusal_is_not_fast_forward("deny updating a hidden ref"));
}

}  // namespace
}  // namespace hsd::plugins::github::backup
