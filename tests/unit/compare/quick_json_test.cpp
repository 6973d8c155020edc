// quick_json: the simdjson shortcuts answer exactly what the Poco path would (the same key
// text, "equal" only for equal JSON) and step aside (nullopt, false) whenever unsure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/compare_objects.hpp"
#include "compare/json_value.hpp"
#include "compare/quick_json.hpp"

namespace {

using namespace hsd::engine::compare;
using ::testing::HasSubstr;

// What match() read before the shortcut: the key through Poco.
std::string poco_key(const std::string& raw, const std::string& pointer) {
  auto parsed = parse_json(raw);
  EXPECT_TRUE(parsed.ok()) << raw;
  auto value = value_at(*parsed, pointer_segments(pointer));
  EXPECT_TRUE(value && !value->isEmpty()) << raw;
  return json_text(*value);
}

TEST(QuickKey, GivesThePocoPathsTextForStringKeys) {
  for (const std::string raw : {R"({"id": 1, "name": "email"})", R"({"name":"a\"b\\c\/d"})",
                                R"({"name": "Gr\u00f6\u00dfe \ud83e\uddea \u0001"})", R"({"name": "Größe </script>"})",
                                R"({"x": {"name": "inner"}, "name": "outer"})"}) {
    const auto quick = quick_key(raw, "/name");
    ASSERT_TRUE(quick.has_value()) << raw;
    ASSERT_TRUE(quick->found) << raw;
    EXPECT_EQ(quick->text, poco_key(raw, "/name")) << raw;
  }
  const auto escaped = quick_key(R"({"a/b": "x", "a~b": "y"})", "/a~1b");
  ASSERT_TRUE(escaped && escaped->found);
  EXPECT_EQ(escaped->text, "\"x\"");
}

TEST(QuickKey, MissingOrNullIsNoKey) {
  for (const std::string raw : {R"({"id": 1})", R"({"name": null})", "{}"}) {
    const auto quick = quick_key(raw, "/name");
    ASSERT_TRUE(quick.has_value()) << raw;
    EXPECT_FALSE(quick->found) << raw;
  }
}

TEST(QuickKey, StepsAsideWhenUnsure) {
  EXPECT_FALSE(quick_key("{", "/name"));                               // not JSON: Poco says why
  EXPECT_FALSE(quick_key(R"(["name"])", "/name"));                     // not an object
  EXPECT_FALSE(quick_key(R"({"name": 12})", "/name"));                 // a number's canonical text
  EXPECT_FALSE(quick_key(R"({"name": {"a": 1}})", "/name"));           // an object key
  EXPECT_FALSE(quick_key(R"({"name": "a", "name": "b"})", "/name"));   // named twice
  EXPECT_FALSE(quick_key(R"({"a": {"name": "x"}})", "/a/name"));       // deeper pointers
  EXPECT_FALSE(quick_key("{\"name\": \"\xff\"}", "/name"));            // not UTF-8
}

TEST(SameJson, LayoutAndMemberOrderAreNoDifference) {
  EXPECT_TRUE(same_json(R"({"b":1,"a":[1,2,{"y":true,"x":null}],"c":"s"})",
                        "{\n  \"a\": [\n    1,\n    2,\n    {\"x\": null, \"y\": true}\n  ],\n  \"b\": 1,\n  \"c\": \"s\"\n}\n"));
  EXPECT_TRUE(same_json(R"({"a":"\u00e9"})", R"({"a":"é"})"));
  EXPECT_TRUE(same_json(R"({"a":1,"a":2})", R"({"a":1,"a":2})"));  // the same repeats, in order
}

TEST(SameJson, AnyOtherValueIsNotShownEqual) {
  EXPECT_FALSE(same_json(R"({"a":[1,2]})", R"({"a":[2,1]})"));        // arrays keep their order here
  EXPECT_FALSE(same_json(R"({"a":1})", R"({"a":1,"b":1})"));
  EXPECT_FALSE(same_json(R"({"a":1})", R"({"b":1})"));
  EXPECT_FALSE(same_json(R"({"a":"1"})", R"({"a":1})"));
  EXPECT_FALSE(same_json(R"({"a":1})", R"({"a":1.0})"));               // equal for Poco: left to it
  EXPECT_FALSE(same_json(R"({"a":true})", R"({"a":false})"));
  EXPECT_FALSE(same_json(R"({"a":null})", R"({"a":false})"));
  EXPECT_FALSE(same_json(R"({"a":1,"a":2})", R"({"a":2,"a":1})"));    // repeated names, other order
  EXPECT_FALSE(same_json("{", "{"));
  EXPECT_FALSE(same_json(R"({"a":1})", "{"));
}

TEST(CompareObjects, APrettyPrintedReorderedCopyIsUnchanged) {
  hsd::engine::CompareRules rules;
  rules.key = "/name";
  rules.ignore = {"/id"};
  rules.arrays = {{"/options", "/value"}};
  std::vector<SideObject> left = {{"1", "p", R"({"id":"1","name":"p","options":[{"value":"a"}],"label":"L"})"},
                                  {"2", "q", R"({"id":"2","name":"q","label":"Q"})"},
                                  {"3", "broken", "{\"name\": \"broken\", "}};
  std::vector<SideObject> right = {
      {"1", "p", "{\n  \"id\": \"1\",\n  \"label\": \"L\",\n  \"name\": \"p\",\n  \"options\": [{\"value\": \"a\"}]\n}\n"},
      {"2", "q", R"({"id":"2","label":"Q2","name":"q"})"},
      {"4", "", R"({"id":"4"})"}};
  std::vector<ObjectDifference> differences;
  const auto result = compare_objects(left, right, rules, differences);
  EXPECT_EQ(result.unchanged, 1u);
  EXPECT_EQ(result.changed, 1u);
  EXPECT_EQ(result.unmatchable, 2u);  // the broken one and the one without a name, as before
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].key, "\"q\"");
  ASSERT_EQ(result.warnings.size(), 2u);
  EXPECT_THAT(result.warnings[0], HasSubstr("left object 3 'broken' cannot be matched: not valid JSON"));
  EXPECT_THAT(result.warnings[1], HasSubstr("right object 4 cannot be matched: it has no key /name"));
}

}  // namespace
