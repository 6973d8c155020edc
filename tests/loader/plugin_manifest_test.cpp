// Each bad form of a plugin manifest refuses the plugin with a message naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_manifest.hpp"

namespace {

using hsd::engine::parse_manifest;
using ::testing::HasSubstr;

std::string refusal(const char* json) {
  auto parsed = parse_manifest(json, "p", "plugin 'p' (libhsd_p.so)");
  EXPECT_FALSE(parsed.ok()) << json;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(PluginManifest, NoneGivesTheDefaults) {
  auto parsed = parse_manifest(nullptr, "p", "plugin 'p'");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->display_name, "p");
  EXPECT_EQ(parsed->noun, "account");
  EXPECT_TRUE(parsed->auth_types.empty());
}

TEST(PluginManifest, BadFormsNameTheField) {
  EXPECT_THAT(refusal("[1]"), HasSubstr("its manifest is not a JSON object"));
  EXPECT_THAT(refusal("{"), HasSubstr("its manifest is not a JSON object"));
  EXPECT_THAT(refusal(R"({"nouns": "x"})"), HasSubstr("key 'nouns' is unknown; allowed: display_name"));
  EXPECT_THAT(refusal(R"({"display_name": ""})"), HasSubstr("display_name must be a non-empty string"));
  EXPECT_THAT(refusal(R"({"auth_types": {}})"), HasSubstr("auth_types must be an array"));
  EXPECT_THAT(refusal(R"({"auth_types": [{"value": "x"}]})"), HasSubstr("auth_types[0].label is missing"));
  EXPECT_THAT(refusal(R"({"auth_types": [{"value": "x", "label": "X"}, {"value": "x", "label": "Y"}]})"),
              HasSubstr("auth_types[1].value repeats 'x'"));
  EXPECT_THAT(refusal(R"({"secret_outputs": ["ok", 2]})"), HasSubstr("secret_outputs[1] must be a non-empty string"));
  EXPECT_THAT(refusal(R"({"token_patterns": [{"prefix": "ab", "regex": "ab.*"}]})"),
              HasSubstr("token_patterns[0].prefix needs at least 3 characters"));
  EXPECT_THAT(refusal(R"({"token_patterns": [{"prefix": "abc", "regex": "xyz.*"}]})"),
              HasSubstr("token_patterns[0].regex must start with its prefix 'abc'"));
  EXPECT_THAT(refusal(R"({"token_patterns": [{"prefix": "abc", "regex": "abc[a-"}]})"),
              HasSubstr("token_patterns[0].regex is not a valid regular expression"));
  EXPECT_THAT(refusal(R"({"noun": 3})"), HasSubstr("plugin 'p' (libhsd_p.so) rejected"));
}

}  // namespace
