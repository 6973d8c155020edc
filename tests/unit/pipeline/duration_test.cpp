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
}

TEST(Duration, RejectsBadText) {
  for (const char* text : {"", "0", "-5s", "5 m", "5min", "1.5s", "s", "abc", "25h", "ms"}) {
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
