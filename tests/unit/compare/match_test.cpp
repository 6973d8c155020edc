// match(): pairs by natural key, falls back to the provider id, never pairs an ambiguous key.
#include <gtest/gtest.h>

#include "compare/match.hpp"

namespace {

using namespace hsd::engine::compare;
using hsd::engine::CompareRules;

SideObject object(const std::string& id, const std::string& name) {
  return {id, name, R"({"id": ")" + id + R"(", "name": ")" + name + R"("})"};
}

CompareRules by_name() {
  CompareRules rules;
  rules.key = "/name";
  return rules;
}

TEST(Match, PairsByNaturalKeyWhateverTheIds) {
  std::vector<SideObject> left = {object("1", "a"), object("2", "b"), object("3", "only-left")};
  std::vector<SideObject> right = {object("9", "b"), object("8", "a"), object("7", "only-right")};
  auto result = match(left, right, by_name());
  ASSERT_EQ(result.pairs.size(), 4u);
  EXPECT_EQ(result.pairs[0].key, "\"a\"");
  EXPECT_EQ(result.pairs[0].left, 0u);
  EXPECT_EQ(result.pairs[0].right, 1u);
  EXPECT_EQ(result.pairs[1].key, "\"b\"");
  EXPECT_EQ(result.pairs[2].key, "\"only-left\"");
  EXPECT_EQ(result.pairs[2].left, 2u);
  EXPECT_FALSE(result.pairs[2].right.has_value());
  EXPECT_EQ(result.pairs[3].key, "\"only-right\"");
  EXPECT_FALSE(result.pairs[3].left.has_value());
  EXPECT_TRUE(result.ambiguous.empty());
  EXPECT_TRUE(result.unmatchable.empty());
}

TEST(Match, FallsBackToTheProviderId) {
  std::vector<SideObject> left = {object("1", "a"), object("2", "b")};
  std::vector<SideObject> right = {object("2", "renamed"), object("3", "c")};
  auto result = match(left, right, CompareRules{});
  ASSERT_EQ(result.pairs.size(), 3u);
  EXPECT_EQ(result.pairs[0].key, "1");
  EXPECT_FALSE(result.pairs[0].right.has_value());
  EXPECT_EQ(result.pairs[1].key, "2");
  EXPECT_EQ(result.pairs[1].left, 1u);
  EXPECT_EQ(result.pairs[1].right, 0u);
  EXPECT_EQ(result.pairs[2].key, "3");
}

TEST(Match, AmbiguousKeysAreReportedAndNeverPaired) {
  std::vector<SideObject> left = {object("1", "dup"), object("2", "dup"), object("3", "ok")};
  std::vector<SideObject> right = {object("9", "dup"), object("8", "ok")};
  auto result = match(left, right, by_name());
  ASSERT_EQ(result.pairs.size(), 1u);
  EXPECT_EQ(result.pairs[0].key, "\"ok\"");
  ASSERT_EQ(result.ambiguous.size(), 1u);
  EXPECT_EQ(result.ambiguous[0].key, "\"dup\"");
  EXPECT_EQ(result.ambiguous[0].left, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(result.ambiguous[0].right, (std::vector<std::size_t>{0}));
}

TEST(Match, ObjectsWithoutTheKeyAreUnmatchable) {
  std::vector<SideObject> left = {{"1", "x", R"({"id": "1"})"}, {"2", "y", "not json"}};
  auto result = match(left, {}, by_name());
  EXPECT_TRUE(result.pairs.empty());
  ASSERT_EQ(result.unmatchable.size(), 2u);
  EXPECT_EQ(result.unmatchable[0].problem, "it has no key /name");
}

TEST(Match, NonStringKeysMatchByValue) {
  CompareRules rules;
  rules.key = "/n";
  std::vector<SideObject> left = {{"1", "", R"({"n": 5})"}};
  std::vector<SideObject> right = {{"2", "", R"({"n": 5})"}, {"3", "", R"({"n": "5"})"}};
  auto result = match(left, right, rules);
  ASSERT_EQ(result.pairs.size(), 2u);
  EXPECT_EQ(result.pairs[0].key, "\"5\"");
  EXPECT_EQ(result.pairs[1].key, "5");
  EXPECT_EQ(result.pairs[1].left, 0u);
}

}  // namespace
