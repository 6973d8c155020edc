#include "hsd/engine/duration.hpp"

#include <gtest/gtest.h>

namespace hsd::engine::detail {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(parse_duration("30s"), milliseconds(30'000));
  EXPECT_EQ(parse_duration("5m"), milliseconds(300'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(parse_duration("45"), milliseconds(45'000));  // bare integers are seconds
  EXPECT_EQ(parse_duration("1d"), milliseconds(86'400'000));
}

// The default maximum is 24 hours; a caller may allow longer (a session's 30-day lifetime).
TEST(Duration, AllowsLongerDurationsOnlyUpToTheGivenMaximum) {
  EXPECT_FALSE(parse_duration("30d").has_value());
  EXPECT_FALSE(parse_duration("2d").has_value());
  EXPECT_EQ(parse_duration("30d", milliseconds(365LL * 86'400'000)), milliseconds(30LL * 86'400'000));
  EXPECT_EQ(parse_duration("720h", milliseconds(365LL * 86'400'000)), milliseconds(720LL * 3'600'000));
  EXPECT_FALSE(parse_duration("366d", milliseconds(365LL * 86'400'000)).has_value());
}

TEST(Duration, RejectsBadText) {
  for (const char* text : {"", "0", "-5s", "5 m", "5min", "1.5s", "s", "abc", "25h", "ms", "1w"}) {
    EXPECT_FALSE(parse_duration(text).has_value()) << text;
  }
}

TEST(Duration, FormatsTheShortestExactSpelling) {
  EXPECT_EQ(format_duration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(2000)), "2s");
  EXPECT_EQ(format_duration(milliseconds(120'000)), "2m");
  EXPECT_EQ(format_duration(milliseconds(7'200'000)), "2h");
}

}  // namespace
}  // namespace hsd::engine::detail
