// Each bad form of a plugin manifest refuses the plugin with a message naming the field.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manifest_object_types.hpp"
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

// object_types (ABI 1.3): labels and summaries per declared type.
const std::vector<std::string> kTypes = {"workflows", "forms"};

std::string types_refusal(const char* json) {
  auto parsed = parse_manifest(json, "p", "plugin 'p' (libhsd_p.so)", kTypes);
  EXPECT_FALSE(parsed.ok()) << json;
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(PluginManifest, ObjectTypesDefaultToTheTypeWithNoSummary) {
  for (const char* json : {static_cast<const char*>(nullptr), "{}", R"({"object_types": {}})"}) {
    auto parsed = parse_manifest(json, "p", "plugin 'p'", kTypes);
    ASSERT_TRUE(parsed.ok()) << (json ? json : "null") << ": " << parsed.error().message;
    ASSERT_EQ(parsed->object_types.size(), 2u);
    EXPECT_EQ(parsed->object_types[0].type, "workflows");
    EXPECT_EQ(parsed->object_types[0].label, "workflows");
    EXPECT_TRUE(parsed->object_types[0].summary.empty());
    EXPECT_EQ(parsed->object_types[1].type, "forms");
  }
}

TEST(PluginManifest, ObjectTypesKeepTheDeclaredOrderLabelsAndPointers) {
  // Written in the other order: the result follows the plugin's declared object_types.
  auto parsed = parse_manifest(R"({"object_types": {
      "forms": {"label": "Forms"},
      "workflows": {"label": "Workflows", "summary": [
        {"label": "Name", "pointer": "/name"},
        {"label": "Whole", "pointer": ""},
        {"label": "Escaped", "pointer": "/a~1b/c~0d/0"},
        {"label": "Actions", "pointer": "/actions", "item": "/type"}]}}})",
                               "p", "plugin 'p'", kTypes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->object_types.size(), 2u);
  const auto& workflows = parsed->object_types[0];
  EXPECT_EQ(workflows.type, "workflows");
  EXPECT_EQ(workflows.label, "Workflows");
  ASSERT_EQ(workflows.summary.size(), 4u);
  EXPECT_EQ(workflows.summary[0].label, "Name");
  EXPECT_EQ(workflows.summary[0].pointer, "/name");
  EXPECT_FALSE(workflows.summary[0].has_item);
  EXPECT_EQ(workflows.summary[1].pointer, "");
  EXPECT_EQ(workflows.summary[2].pointer, "/a~1b/c~0d/0");
  EXPECT_TRUE(workflows.summary[3].has_item);
  EXPECT_EQ(workflows.summary[3].item, "/type");
  EXPECT_EQ(parsed->object_types[1].label, "Forms");
  EXPECT_TRUE(parsed->object_types[1].summary.empty());
  EXPECT_EQ(parsed->find_object_type("forms"), &parsed->object_types[1]);
  EXPECT_EQ(parsed->find_object_type("nope"), nullptr);
}

TEST(PluginManifest, ObjectTypesBadFormsNameTheField) {
  EXPECT_THAT(types_refusal(R"({"object_types": []})"), HasSubstr("object_types must be an object keyed by object type"));
  EXPECT_THAT(types_refusal(R"({"object_types": null})"), HasSubstr("object_types must be an object keyed by object type"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": null}})"), HasSubstr("object_types.forms must be an object"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": null}}})"),
              HasSubstr("object_types.forms.summary must be an array"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": null}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer must be a JSON pointer string"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"deals": {}}})"),
              HasSubstr("object_types.deals names a type the plugin does not declare; declared: workflows, forms"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": "Forms"}})"), HasSubstr("object_types.forms must be an object"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"lable": "Forms"}}})"),
              HasSubstr("object_types.forms.lable is an unknown key; allowed: label, summary"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"label": ""}}})"),
              HasSubstr("object_types.forms.label must be a non-empty string"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"label": 7}}})"),
              HasSubstr("object_types.forms.label must be a non-empty string"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": {}}}})"),
              HasSubstr("object_types.forms.summary must be an array"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": ["/name"]}}})"),
              HasSubstr("object_types.forms.summary[0] must be an object {label, pointer, item?}"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"workflows": {"summary": [{"label": "A", "pointer": "/a"},
      {"label": "B", "pointer": "/b"}, {"label": "C", "pointr": "/c"}]}}})"),
              HasSubstr("object_types.workflows.summary[2].pointr is an unknown key; allowed: label, pointer, item"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"pointer": "/a"}]}}})"),
              HasSubstr("object_types.forms.summary[0].label is missing"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A"}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer is missing"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "", "pointer": "/a"}]}}})"),
              HasSubstr("object_types.forms.summary[0].label must be a non-empty string"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": "name"}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer 'name' is not a JSON pointer"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": "/a~2b"}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer '/a~2b' is not a JSON pointer"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": "/a~"}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer '/a~' is not a JSON pointer"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": 3}]}}})"),
              HasSubstr("object_types.forms.summary[0].pointer must be a JSON pointer string"));
  EXPECT_THAT(types_refusal(R"({"object_types": {"forms": {"summary": [{"label": "A", "pointer": "/f", "item": "name"}]}}})"),
              HasSubstr("object_types.forms.summary[0].item 'name' is not a JSON pointer"));
  // A plugin with no object types can describe none.
  auto none = parse_manifest(R"({"object_types": {"x": {}}})", "p", "plugin 'p'");
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.error().message, HasSubstr("object_types.x names a type the plugin does not declare; declared: none"));
}

TEST(PluginManifest, JsonPointerForms) {
  using hsd::engine::is_json_pointer;
  EXPECT_TRUE(is_json_pointer(""));
  EXPECT_TRUE(is_json_pointer("/"));
  EXPECT_TRUE(is_json_pointer("/a/0/~0~1"));
  EXPECT_FALSE(is_json_pointer("a"));
  EXPECT_FALSE(is_json_pointer("#/a"));
  EXPECT_FALSE(is_json_pointer("/~"));
  EXPECT_FALSE(is_json_pointer("/~x"));
}

}  // namespace

// object_types.<type>.compare (ABI 1.3): how objects of the type compare across accounts.
TEST(PluginManifest, CompareRulesAreRead) {
  auto parsed = parse_manifest(R"({"object_types": {"forms": {"compare": {
      "key": "/name",
      "ignore": ["/id", "/fieldGroups/*/fields/*/objectTypeId"],
      "arrays": [{"at": "/options", "key": "/value"}, {"at": "/fieldGroups/*/fields", "key": "/name"},
                 {"at": "/tags", "key": ""}]}}}})",
                               "p", "plugin 'p'", kTypes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto& forms = parsed->object_types[1].compare;
  ASSERT_TRUE(forms.key.has_value());
  EXPECT_EQ(*forms.key, "/name");
  EXPECT_EQ(forms.ignore, (std::vector<std::string>{"/id", "/fieldGroups/*/fields/*/objectTypeId"}));
  ASSERT_EQ(forms.arrays.size(), 3u);
  EXPECT_EQ(forms.arrays[1].at, "/fieldGroups/*/fields");
  EXPECT_EQ(forms.arrays[1].key, "/name");
  EXPECT_EQ(forms.arrays[2].key, "");
  // Types without compare rules match by provider id, positionally, ignoring nothing.
  const auto& workflows = parsed->object_types[0].compare;
  EXPECT_FALSE(workflows.key.has_value());
  EXPECT_TRUE(workflows.ignore.empty());
  EXPECT_TRUE(workflows.arrays.empty());
}

TEST(PluginManifest, CompareRulesBadFormsNameTheField) {
  auto compare = [](const std::string& body) {
    const std::string json = R"({"object_types": {"forms": {"compare": )" + body + "}}}";
    return types_refusal(json.c_str());
  };
  EXPECT_THAT(compare("[]"), HasSubstr("object_types.forms.compare must be an object {key?, ignore?, arrays?}"));
  EXPECT_THAT(compare(R"({"keys": "/name"})"),
              HasSubstr("object_types.forms.compare.keys is an unknown key; allowed: key, ignore, arrays"));
  EXPECT_THAT(compare(R"({"key": 3})"), HasSubstr("object_types.forms.compare.key must be a JSON pointer string"));
  EXPECT_THAT(compare(R"({"key": "name"})"), HasSubstr("object_types.forms.compare.key 'name' is not a JSON pointer"));
  EXPECT_THAT(compare(R"({"key": ""})"), HasSubstr("object_types.forms.compare.key must not be empty"));
  EXPECT_THAT(compare(R"({"key": "/*/name"})"),
              HasSubstr("object_types.forms.compare.key '/*/name' must not contain a \"*\" segment"));
  EXPECT_THAT(compare(R"({"ignore": "/id"})"), HasSubstr("object_types.forms.compare.ignore must be an array"));
  EXPECT_THAT(compare(R"({"ignore": ["/id", 4]})"),
              HasSubstr("object_types.forms.compare.ignore[1] must be a JSON pointer string"));
  EXPECT_THAT(compare(R"({"ignore": ["/a~2"]})"),
              HasSubstr("object_types.forms.compare.ignore[0] '/a~2' is not a JSON pointer"));
  EXPECT_THAT(compare(R"({"ignore": [""]})"), HasSubstr("object_types.forms.compare.ignore[0] must not be empty"));
  EXPECT_THAT(compare(R"({"arrays": {}})"), HasSubstr("object_types.forms.compare.arrays must be an array"));
  EXPECT_THAT(compare(R"({"arrays": ["/options"]})"),
              HasSubstr("object_types.forms.compare.arrays[0] must be an object {at, key}"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "/options"}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].key is missing"));
  EXPECT_THAT(compare(R"({"arrays": [{"key": "/value"}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].at is missing"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "/options", "key": "/value", "by": "x"}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].by is an unknown key; allowed: at, key"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "options", "key": "/value"}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].at 'options' is not a JSON pointer"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "/options", "key": "/*"}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].key '/*' must not contain a \"*\" segment"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "/options", "key": null}]})"),
              HasSubstr("object_types.forms.compare.arrays[0].key must be a JSON pointer string"));
  EXPECT_THAT(compare(R"({"arrays": [{"at": "/o", "key": "/v"}, {"at": "/o", "key": "/w"}]})"),
              HasSubstr("object_types.forms.compare.arrays[1].at repeats '/o'"));
}
