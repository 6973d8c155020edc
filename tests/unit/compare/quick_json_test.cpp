// quick_json: the simdjson shortcuts answer exactly what the Poco path would (the same key
// text, "equal" only for equal JSON) and step aside (nullopt, false) whenever unsure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/compare_objects.hpp"
#include "compare/json_value.hpp"
#include "compare/normalise.hpp"
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

bool same_json_plain(const std::string& left, const std::string& right) {
  return same_normalised(left, right, hsd::engine::CompareRules{});
}

hsd::engine::CompareRules property_rules() {
  hsd::engine::CompareRules rules;
  rules.key = "/name";
  rules.ignore = {"/id", "/updatedAt", "/options/*/displayOrder"};
  rules.arrays = {{"/options", "/value"}};
  return rules;
}

// What the full path says: both normalised, equal, no warning.
bool normalised_equal(const std::string& left, const std::string& right, const hsd::engine::CompareRules& rules) {
  auto l = normalise(left, rules);
  auto r = normalise(right, rules);
  return l.ok() && r.ok() && l->warnings.empty() && r->warnings.empty() && json_equal(l->document, r->document);
}

TEST(SameNormalised, AgreesWithNormaliseOnIgnoredMembersAndKeyedArrays) {
  const auto rules = property_rules();
  const std::string base =
      R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A","displayOrder":0},{"value":"b","label":"B","displayOrder":1}],"tags":[1,2]})";
  const std::vector<std::pair<std::string, bool>> cases = {
      // other ids, times and display orders, options reversed, members reordered: equal
      {R"({"options":[{"label":"B","value":"b","displayOrder":0},{"value":"a","label":"A","displayOrder":1}],"name":"p","id":"9","updatedAt":"t2","tags":[1,2]})", true},
      // no id at all: it is ignored anyway
      {R"({"name":"p","updatedAt":"t1","options":[{"value":"a","label":"A"},{"value":"b","label":"B"}],"tags":[1,2]})", true},
      {R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A2"},{"value":"b","label":"B"}],"tags":[1,2]})", false},
      {R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A"}],"tags":[1,2]})", false},
      {R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A"},{"value":"c","label":"B"}],"tags":[1,2]})", false},
      {R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A"},{"value":"b","label":"B"}],"tags":[2,1]})", false},
      {R"({"id":"1","name":"p","updatedAt":"t1","options":[{"value":"a","label":"A"},{"value":"b","label":"B"}],"tags":[1,2],"x":0})", false},
  };
  for (const auto& [other, equal] : cases) {
    EXPECT_EQ(same_normalised(base, other, rules), equal) << other;
    EXPECT_EQ(normalised_equal(base, other, rules), equal) << "the full path disagrees with the case: " << other;
  }
}

TEST(SameNormalised, LeavesWhatNormaliseWarnsAboutOrCannotFollowToIt) {
  const auto rules = property_rules();
  // Keyed elements without a key or with one twice: normalise() warns and keeps the order.
  const std::string twice = R"({"name":"p","options":[{"value":"a"},{"value":"a"}]})";
  EXPECT_FALSE(same_normalised(twice, twice + " ", rules));
  const std::string keyless = R"({"name":"p","options":[{"label":"x"}]})";
  EXPECT_FALSE(same_normalised(keyless, keyless + " ", rules));
  // A key that is not a string.
  const std::string numeric = R"({"name":"p","options":[{"value":1},{"value":2}]})";
  EXPECT_FALSE(same_normalised(numeric, numeric + " ", rules));
  // Patterns naming an index, and an ignored key inside the elements.
  auto indexed = rules;
  indexed.ignore.push_back("/options/0/label");
  const std::string plain = R"({"name":"p","options":[{"value":"a","label":"A"}]})";
  EXPECT_FALSE(same_normalised(plain, plain + " ", indexed));
  auto key_ignored = rules;
  key_ignored.ignore.push_back("/options/*/value");
  EXPECT_FALSE(same_normalised(plain, plain + " ", key_ignored));
  // Ignored array elements are removed by normalise(): not followed.
  auto elements_ignored = rules;
  elements_ignored.ignore.push_back("/tags/*");
  const std::string tagged = R"({"name":"p","tags":[1]})";
  EXPECT_FALSE(same_normalised(tagged, tagged + " ", elements_ignored));
  // Without any of that the same text is equal, of course.
  EXPECT_TRUE(same_normalised(plain, plain + " ", rules));
}

TEST(SameJson, LayoutAndMemberOrderAreNoDifference) {
  EXPECT_TRUE(same_json_plain(R"({"b":1,"a":[1,2,{"y":true,"x":null}],"c":"s"})",
                        "{\n  \"a\": [\n    1,\n    2,\n    {\"x\": null, \"y\": true}\n  ],\n  \"b\": 1,\n  \"c\": \"s\"\n}\n"));
  EXPECT_TRUE(same_json_plain(R"({"a":"\u00e9"})", R"({"a":"é"})"));
}

TEST(SameJson, AnyOtherValueIsNotShownEqual) {
  EXPECT_FALSE(same_json_plain(R"({"a":[1,2]})", R"({"a":[2,1]})"));        // arrays keep their order here
  EXPECT_FALSE(same_json_plain(R"({"a":1})", R"({"a":1,"b":1})"));
  EXPECT_FALSE(same_json_plain(R"({"a":1})", R"({"b":1})"));
  EXPECT_FALSE(same_json_plain(R"({"a":"1"})", R"({"a":1})"));
  EXPECT_FALSE(same_json_plain(R"({"a":1})", R"({"a":1.0})"));               // equal for Poco: left to it
  EXPECT_FALSE(same_json_plain(R"({"a":true})", R"({"a":false})"));
  EXPECT_FALSE(same_json_plain(R"({"a":null})", R"({"a":false})"));
  EXPECT_FALSE(same_json_plain(R"({"a":1,"a":2})", R"({"a":2,"a":1})"));    // repeated names: Poco's call
  EXPECT_FALSE(same_json_plain(R"({"a":1,"a":2})", R"({"a":1,"a":2})"));
  EXPECT_FALSE(same_json_plain("{", "{"));
  EXPECT_FALSE(same_json_plain(R"({"a":1})", "{"));
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

TEST(CompactJson, DropsTheWhitespaceBetweenTokensAndKeepsStringsAsTheyAre) {
  EXPECT_EQ(compact_json("{\n  \"a\": [\n    1,\n    2.5e3\n  ],\n  \"b c\": \" x \\\" y \",\n  \"d\": {}\n}\n"),
            R"({"a":[1,2.5e3],"b c":" x \" y ","d":{}})");
  EXPECT_EQ(compact_json(" true "), "true");
  EXPECT_EQ(compact_json(""), "");
  // Not JSON: words stay apart, so the text stays as invalid as it was.
  EXPECT_EQ(compact_json("1  2\n"), "1 2");
  EXPECT_EQ(compact_json("{\"a\": tru e}"), R"({"a":tru e})");
  EXPECT_EQ(compact_json("\"open"), "\"open");
  EXPECT_EQ(compact_json("\"open\\\" x"), "\"open\\\" x");
  // Quotes after backslashes: odd runs escape the quote, even runs end the string.
  EXPECT_EQ(compact_json("[ \"a\\\\\" , \"b\\\\\\\" c\" ]"), R"(["a\\","b\\\" c"])");
  // The same document either way.
  const std::string pretty = "{\n  \"name\": \"F\",\n  \"fields\": [\n    {\n      \"n\": \"e\\\\\"\n    }\n  ]\n}\n";
  auto a = parse_json(pretty);
  auto b = parse_json(compact_json(pretty));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(json_text(*a), json_text(*b));
}

}  // namespace
