// normalise(): ignored paths dropped, keyed arrays ordered by key, bad keyed arrays reported.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/normalise.hpp"

namespace {

using namespace hsd::engine::compare;
using hsd::engine::CompareRules;
using ::testing::HasSubstr;

std::string normalised(const std::string& raw, const CompareRules& rules) {
  auto out = normalise(raw, rules);
  EXPECT_TRUE(out.ok());
  EXPECT_TRUE(out->warnings.empty()) << out->warnings.front();
  return json_text(out->document);
}

TEST(Normalise, DropsIgnoredPathsWithWildcards) {
  CompareRules rules;
  rules.ignore = {"/id", "/createdAt", "/groups/*/fields/*/objectTypeId", "/a~1b", "/meta/*"};
  EXPECT_EQ(normalised(R"({"id": "1", "createdAt": "x", "name": "n", "a/b": 1, "meta": {"x": 1, "y": 2},
      "groups": [{"fields": [{"name": "f", "objectTypeId": "0-1"}, {"objectTypeId": "0-2"}]}, {"fields": []}]})",
                       rules),
            R"({"groups":[{"fields":[{"name":"f"},{}]},{"fields":[]}],"meta":{},"name":"n"})");
}

TEST(Normalise, OrdersKeyedArraysByKeyNested) {
  CompareRules rules;
  rules.arrays = {{"/options", "/value"}, {"/groups/*/fields", "/name"}, {"/tags", ""}};
  EXPECT_EQ(normalised(R"({"options": [{"value": "b"}, {"value": "a"}], "tags": ["y", "x"],
      "positional": [2, 1], "groups": [{"fields": [{"name": "z"}, {"name": "m"}]}]})",
                       rules),
            R"({"groups":[{"fields":[{"name":"m"},{"name":"z"}]}],"options":[{"value":"a"},{"value":"b"}],)"
            R"("positional":[2,1],"tags":["x","y"]})");
}

TEST(Normalise, KeepsAndReportsArraysWithoutDistinctKeys) {
  CompareRules rules;
  rules.arrays = {{"/options", "/value"}};
  auto missing = normalise(R"({"options": [{"value": "b"}, {"label": "no value"}, {"value": "a"}]})", rules);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(json_text(missing->document), R"({"options":[{"value":"b"},{"label":"no value"},{"value":"a"}]})");
  ASSERT_EQ(missing->warnings.size(), 1u);
  EXPECT_THAT(missing->warnings[0], HasSubstr("/options: element 1 has no key /value; the array keeps its order"));
  auto twice = normalise(R"({"options": [{"value": "b"}, {"value": "a"}, {"value": "b"}]})", rules);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(json_text(twice->document), R"({"options":[{"value":"b"},{"value":"a"},{"value":"b"}]})");
  ASSERT_EQ(twice->warnings.size(), 1u);
  EXPECT_THAT(twice->warnings[0], HasSubstr("/options: key \"b\" appears twice; the array keeps its order"));
}

TEST(Normalise, IgnoredFieldsNoLongerCountAsKeys) {
  // The key is looked up after the ignored paths are gone.
  CompareRules rules;
  rules.ignore = {"/options/*/id"};
  rules.arrays = {{"/options", "/id"}};
  auto out = normalise(R"({"options": [{"id": 1}, {"id": 2}]})", rules);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->warnings.size(), 1u);
}

TEST(Normalise, RefusesInvalidJson) {
  auto out = normalise("{", {});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.error().message, HasSubstr("not valid JSON"));
}

}  // namespace
