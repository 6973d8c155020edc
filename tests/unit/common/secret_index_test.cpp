#include "common/secret_index.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hsd::engine::log::detail {
namespace {

TEST(SecretIndex, ReplacesEveryOccurrenceOfEachSecret) {
  SecretIndex index(100);
  index.add("alpha-secret-1");
  index.add("beta-secret-2");
  EXPECT_EQ(index.redact("a alpha-secret-1 b beta-secret-2 c alpha-secret-1", "#"), "a # b # c #");
  EXPECT_EQ(index.redact("nothing to hide here", "#"), "nothing to hide here");
}

TEST(SecretIndex, TheLongestSecretAtAPlaceGoesWhole) {
  SecretIndex index(100);
  index.add("token-abc");
  index.add("token-abcdef-and-more");
  // Were the shorter one taken first, "def-and-more" would show.
  EXPECT_EQ(index.redact("x token-abcdef-and-more y token-abc z", "#"), "x # y # z");
}

TEST(SecretIndex, IgnoresValuesTooShortToBeSafe) {
  SecretIndex index(100);
  index.add("abc");
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.redact("abc abc", "#"), "abc abc");
}

TEST(SecretIndex, ForgetsTheOldestPastItsCapacity) {
  SecretIndex index(3);
  for (const char* secret : {"secret-one", "secret-two", "secret-three", "secret-four"}) index.add(secret);
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.redact("secret-one secret-four", "#"), "secret-one #");
}

TEST(SecretIndex, AddingTheSameSecretTwiceKeepsOne) {
  SecretIndex index(2);
  index.add("repeated-secret");
  index.add("repeated-secret");
  index.add("another-secret");
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.redact("repeated-secret another-secret", "#"), "# #");
}

TEST(SecretIndex, RedactsWhileOtherThreadsAdd) {
  SecretIndex index(100'000);
  index.add("the-first-secret");
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&index, t] {
      for (int i = 0; i < 2000; ++i) index.add("secret-" + std::to_string(t) + "-" + std::to_string(i));
    });
  }
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(index.redact("[the-first-secret]", "#"), "[#]");
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(index.size(), 8001u);
  EXPECT_EQ(index.redact("secret-3-1999 and secret-0-0", "#"), "# and #");
}

}  // namespace
}  // namespace hsd::engine::log::detail
