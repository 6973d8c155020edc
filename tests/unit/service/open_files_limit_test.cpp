// The service raises its soft open-files limit to the hard one at start: each connection is a
// descriptor, and a fresh Debian 12 session starts at a soft limit of 1,024.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include "service/open_files_limit.hpp"

namespace hsd::engine::service {
namespace {

TEST(OpenFilesLimit, RaisesTheSoftLimitToTheHardOne) {
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &before), 0);
  if (before.rlim_max == RLIM_INFINITY || before.rlim_max <= 256) GTEST_SKIP() << "no finite hard limit to raise to";
  // Start low, as a fresh session does, then raise.
  rlimit lowered = before;
  lowered.rlim_cur = 256;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);

  const std::uint64_t now = raise_open_files_limit();

  rlimit after{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_max);
  EXPECT_EQ(now, static_cast<std::uint64_t>(after.rlim_cur));
  EXPECT_EQ(after.rlim_max, before.rlim_max) << "the hard limit must not change";
  // Raising again changes nothing and reports the same.
  EXPECT_EQ(raise_open_files_limit(), now);
}

}  // namespace
}  // namespace hsd::engine::service
