// compare_objects(): counts and per-object differences for one type.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/compare_objects.hpp"

namespace {

using namespace hsd::engine::compare;
using hsd::engine::CompareRules;
using ::testing::HasSubstr;

CompareRules rules() {
  CompareRules out;
  out.key = "/name";
  out.ignore = {"/id", "/updatedAt"};
  out.arrays = {{"/options", "/value"}};
  return out;
}

SideObject prop(const std::string& id, const std::string& name, const std::string& label,
                const std::string& options = R"([{"value": "a"}, {"value": "b"}])") {
  return {id, name,
          R"({"id": ")" + id + R"(", "updatedAt": ")" + id + R"(", "name": ")" + name + R"(", "label": ")" + label +
              R"(", "options": )" + options + "}"};
}

TEST(CompareObjects, ASetAgainstItselfHasNoChange) {
  std::vector<SideObject> side = {prop("1", "a", "A"), prop("2", "b", "B"), prop("3", "c", "C")};
  std::vector<ObjectDifference> differences;
  auto result = compare_objects(side, side, rules(), differences);
  EXPECT_EQ(result.unchanged, 3u);
  EXPECT_EQ(result.added + result.removed + result.changed + result.ambiguous + result.unmatchable, 0u);
  EXPECT_TRUE(differences.empty());
  EXPECT_TRUE(result.warnings.empty());
}

TEST(CompareObjects, CountsAndDifferences) {
  std::vector<SideObject> left = {prop("1", "same", "S"), prop("2", "changed", "Old"), prop("3", "gone", "G"),
                                  prop("4", "dup", "D"), prop("5", "dup", "D2"), prop("6", "reordered", "R")};
  std::vector<SideObject> right = {prop("11", "same", "S"), prop("12", "changed", "New"), prop("13", "new", "N"),
                                   prop("14", "dup", "D"),
                                   prop("16", "reordered", "R", R"([{"value": "b"}, {"value": "a"}])")};
  std::vector<ObjectDifference> differences;
  auto result = compare_objects(left, right, rules(), differences);
  EXPECT_EQ(result.unchanged, 2u);
  EXPECT_EQ(result.changed, 1u);
  EXPECT_EQ(result.added, 1u);
  EXPECT_EQ(result.removed, 1u);
  EXPECT_EQ(result.ambiguous, 3u);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("key \"dup\" is used by 2 left and 1 right objects"));
  ASSERT_EQ(differences.size(), 3u);
  EXPECT_EQ(differences[0].kind, ObjectDifference::Kind::changed);
  EXPECT_EQ(differences[0].left_id, "2");
  EXPECT_EQ(differences[0].right_id, "12");
  ASSERT_EQ(differences[0].operations.size(), 1u);
  EXPECT_EQ(json_text(operation_json(differences[0].operations[0])),
            R"({"op":"replace","path":"/label","value":"New","old_value":"Old"})");
  EXPECT_EQ(differences[0].left_json, R"({"label":"Old","name":"changed","options":[{"value":"a"},{"value":"b"}]})");
  EXPECT_EQ(differences[0].right_json, R"({"label":"New","name":"changed","options":[{"value":"a"},{"value":"b"}]})");
  EXPECT_EQ(differences[1].kind, ObjectDifference::Kind::removed);
  EXPECT_EQ(differences[1].name, "gone");
  EXPECT_TRUE(differences[1].right_json.empty());
  EXPECT_EQ(differences[2].kind, ObjectDifference::Kind::added);
  EXPECT_EQ(differences[2].right_id, "13");
  EXPECT_TRUE(differences[2].left_json.empty());
}

TEST(CompareObjects, UnparsableObjectsAndBadKeyedArraysAreReported) {
  std::vector<SideObject> left = {{"1", "broken", "{"}, prop("2", "x", "X", R"([{"value": "a"}, {"value": "a"}])")};
  std::vector<SideObject> right = {prop("3", "x", "X", R"([{"value": "a"}, {"value": "a"}])")};
  std::vector<ObjectDifference> differences;
  auto result = compare_objects(left, right, rules(), differences);
  EXPECT_EQ(result.unmatchable, 1u);
  EXPECT_EQ(result.unchanged, 1u);
  EXPECT_EQ(result.warnings.size(), 3u);
  EXPECT_THAT(result.warnings[0], HasSubstr("left object 1 'broken' cannot be matched"));
  EXPECT_THAT(result.warnings[1], HasSubstr("left object 2 'x': /options: key \"a\" appears twice"));
}

}  // namespace
