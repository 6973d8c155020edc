// engine.yaml's compare.rules: operators' additions, read with file:line errors and merged onto
// a plugin's rules (ignore and arrays appended, key replaced).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compare/effective_rules.hpp"
#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(ConfigTest, CompareRulesAreReadAndMerged) {
  auto config = load(std::string(kMinimal) + R"(compare:
  rules:
    hubspot:
      workflows:
        key: /description
        ignore: [/enabled, "/actions/*/actionId"]
        arrays:
          - {at: /actions, key: /actionId}
      forms:
        ignore: [/configuration/language]
        arrays:
          - {at: "/fieldGroups/*/fields", key: /label}
      deal_properties:
    other:
)");
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_EQ(config->compare_rules.size(), 2u);
  const auto& workflows = config->compare_rules.at("hubspot").at("workflows");
  EXPECT_EQ(workflows.key, std::optional<std::string>("/description"));
  EXPECT_EQ(workflows.ignore, (std::vector<std::string>{"/enabled", "/actions/*/actionId"}));
  ASSERT_EQ(workflows.arrays.size(), 1u);
  EXPECT_EQ(workflows.arrays[0].at, "/actions");

  CompareRules declared;
  declared.key = "/name";
  declared.ignore = {"/id", "/createdAt"};
  declared.arrays = {{"/options", "/value"}, {"/fieldGroups/*/fields", "/name"}};
  // Key replaced, ignore and arrays appended.
  auto merged = compare::effective_rules(declared, *config, "hubspot", "workflows");
  EXPECT_EQ(merged.key, std::optional<std::string>("/description"));
  EXPECT_EQ(merged.ignore, (std::vector<std::string>{"/id", "/createdAt", "/enabled", "/actions/*/actionId"}));
  ASSERT_EQ(merged.arrays.size(), 3u);
  EXPECT_EQ(merged.arrays[2].at, "/actions");
  EXPECT_EQ(merged.arrays[2].key, "/actionId");
  // No key: the plugin's stays; an arrays rule for the same pattern takes the operator's key.
  auto forms = compare::effective_rules(declared, *config, "hubspot", "forms");
  EXPECT_EQ(forms.key, std::optional<std::string>("/name"));
  EXPECT_EQ(forms.ignore.back(), "/configuration/language");
  ASSERT_EQ(forms.arrays.size(), 2u);
  EXPECT_EQ(forms.arrays[1].key, "/label");
  // Nothing for the type or the plugin: the declared rules as they are.
  auto contact = compare::effective_rules(declared, *config, "hubspot", "contact_properties");
  EXPECT_EQ(contact.ignore, declared.ignore);
  EXPECT_EQ(compare::effective_rules(declared, *config, "github", "x").arrays.size(), 2u);
}

struct BadRules {
  const char* yaml;     // below "compare:\n  rules:\n" at line 2
  int line;
  int column;
  const char* message;
};

class BadCompareRulesTest : public ConfigTest, public ::testing::WithParamInterface<BadRules> {};

TEST_P(BadCompareRulesTest, NamesFileLineAndKeyPath) {
  const BadRules& bad = GetParam();
  auto config = load(std::string(kMinimal) + "compare:\n  rules:" + bad.yaml);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, HasSubstr(at(bad.line, bad.column)));
  EXPECT_THAT(config.error().message, HasSubstr(bad.message));
}

INSTANTIATE_TEST_SUITE_P(
    Forms, BadCompareRulesTest,
    ::testing::Values(
        BadRules{" [hubspot]\n", 3, 10, "key path 'compare.rules': expected a mapping of plugin ids to object types"},
        BadRules{"\n    hubspot: [workflows]\n", 4, 14, "key path 'compare.rules.hubspot': expected a mapping of object types"},
        BadRules{"\n    hubspot:\n      workflows: /name\n", 5, 18,
                 "key path 'compare.rules.hubspot.workflows': expected a mapping, got a scalar"},
        BadRules{"\n    hubspot:\n      workflows:\n        keys: /name\n", 6, 9,
                 "key path 'compare.rules.hubspot.workflows.keys': unknown key; allowed: key, ignore, arrays"},
        BadRules{"\n    hubspot:\n      workflows:\n        key: name\n", 6, 14,
                 "key path 'compare.rules.hubspot.workflows.key': 'name' is not a JSON pointer"},
        BadRules{"\n    hubspot:\n      workflows:\n        key: /a/*\n", 6, 14,
                 "'compare.rules.hubspot.workflows.key': '/a/*' must not contain a \"*\" segment"},
        BadRules{"\n    hubspot:\n      workflows:\n        key: [a]\n", 6, 14,
                 "'compare.rules.hubspot.workflows.key': expected a JSON pointer, got a list"},
        BadRules{"\n    hubspot:\n      workflows:\n        ignore: /id\n", 6, 17,
                 "'compare.rules.hubspot.workflows.ignore': expected a list of JSON pointers, got a scalar"},
        BadRules{"\n    hubspot:\n      workflows:\n        ignore: [/id, \"/a~2\"]\n", 6, 23,
                 "'compare.rules.hubspot.workflows.ignore[1]': '/a~2' is not a JSON pointer"},
        BadRules{"\n    hubspot:\n      workflows:\n        ignore: [\"\"]\n", 6, 18,
                 "'compare.rules.hubspot.workflows.ignore[0]': must not be empty"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays: {at: /a, key: /b}\n", 6, 17,
                 "'compare.rules.hubspot.workflows.arrays': expected a list of {at, key}, got a mapping"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - /actions\n", 7, 13,
                 "'compare.rules.hubspot.workflows.arrays[0]': expected a mapping {at, key}, got a scalar"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - {at: /actions}\n", 7, 13,
                 "'compare.rules.hubspot.workflows.arrays[0].key': missing"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - {at: /actions, key: /id, by: x}\n", 7,
                 38, "'compare.rules.hubspot.workflows.arrays[0].by': unknown key; allowed: at, key"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - {at: actions, key: /id}\n", 7, 18,
                 "'compare.rules.hubspot.workflows.arrays[0].at': 'actions' is not a JSON pointer"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - {at: /a, key: /*}\n", 7, 27,
                 "'compare.rules.hubspot.workflows.arrays[0].key': '/*' must not contain"},
        BadRules{"\n    hubspot:\n      workflows:\n        arrays:\n          - {at: /a, key: /b}\n          - {at: /a, key: /c}\n",
                 8, 18, "'compare.rules.hubspot.workflows.arrays[1].at': repeats '/a'"},
        BadRules{"\n    hubspot:\n      workflows:\n      workflows:\n", 6, 7,
                 "'compare.rules.hubspot.workflows': duplicate key"}));

TEST_F(ConfigTest, CompareTakesOnlyRules) {
  auto config = load(std::string(kMinimal) + "compare:\n  rule: {}\n");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, HasSubstr(at(3, 3) + "key path 'compare.rule': unknown key; allowed: rules"));
}

}  // namespace
}  // namespace hsd::engine::testing
