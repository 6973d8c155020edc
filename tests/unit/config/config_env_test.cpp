#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

constexpr const char* kWithConnectors = R"(storage: { plugin: sqlite, path: var/db }
secrets: { key_file: var/key }
connectors:
  hubspot:
    client_id: "111"
    api_base_url: https://api.hubapi.com
    page_size: 10
    scopes: [a]
    endpoints: { forms_path: /forms }
  my_crm:
    base_url: http://x
)";

TEST_F(ConfigTest, EnvironmentOverridesSchemaKeysIncludingUnderscoreKeys) {
  auto config = load(kWithConnectors, {{"HSD_STORAGE_PATH", "/data/other.db"},
                                       {"HSD_SERVICE_WORKERS", "16"},
                                       {"HSD_SECRETS_KEY_FILE", "etc/key"},
                                       {"HSD_SERVICE_PUBLIC_URL", "https://public.example"},
                                       {"HSD_PLUGINS_DIR", "p"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.path, std::filesystem::path("/data/other.db"));
  EXPECT_EQ(config->service.workers, 16);
  EXPECT_EQ(config->key_file, root_ / "etc" / "key");
  EXPECT_EQ(config->service.public_url, "https://public.example");
  EXPECT_EQ(config->plugins_dir, root_ / "p");
}

TEST_F(ConfigTest, EnvironmentOverridesConnectorKeys) {
  auto config =
      load(kWithConnectors, {{"HSD_CONNECTORS_HUBSPOT_API_BASE_URL", "http://127.0.0.1:9999"},
                             {"HSD_CONNECTORS_HUBSPOT_CLIENT_ID", "222"},
                             {"HSD_CONNECTORS_HUBSPOT_CLIENT_SECRET", "s3cr3t"},
                             {"HSD_CONNECTORS_HUBSPOT_PAGE_SIZE", "25"},
                             {"HSD_CONNECTORS_HUBSPOT_SCOPES", "x, y"},
                             {"HSD_CONNECTORS_HUBSPOT_ENDPOINTS_FORMS_PATH", "/v4/forms"},
                             {"HSD_CONNECTORS_MY_CRM_BASE_URL", "http://y"},
                             {"HSD_CONNECTORS_GITHUB_WEB_BASE_URL", "https://ghe.example"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  auto hubspot = parse_object(config->plugin_config_json("hubspot"));
  EXPECT_EQ(hubspot->getValue<std::string>("api_base_url"), "http://127.0.0.1:9999");
  // The file quoted client_id, so the override stays a string although it looks like a number.
  EXPECT_TRUE(hubspot->get("client_id").isString());
  EXPECT_EQ(hubspot->getValue<std::string>("client_id"), "222");
  // A key the block does not have is added under its lower-cased name.
  EXPECT_EQ(hubspot->getValue<std::string>("client_secret"), "s3cr3t");
  EXPECT_TRUE(hubspot->get("page_size").isInteger());
  EXPECT_EQ(hubspot->getValue<int>("page_size"), 25);
  ASSERT_TRUE(hubspot->isArray("scopes"));
  EXPECT_EQ(hubspot->getArray("scopes")->size(), 2u);
  EXPECT_EQ(hubspot->getArray("scopes")->getElement<std::string>(1), "y");
  EXPECT_EQ(hubspot->getObject("endpoints")->getValue<std::string>("forms_path"), "/v4/forms");
  // Connector ids with underscores match the existing block, not a "my" connector.
  auto my_crm = parse_object(config->plugin_config_json("my_crm"));
  EXPECT_EQ(my_crm->getValue<std::string>("base_url"), "http://y");
  EXPECT_EQ(config->plugin_config_json("my"), "{}");
  // A connector without a block gets one.
  auto github = parse_object(config->plugin_config_json("github"));
  EXPECT_EQ(github->getValue<std::string>("web_base_url"), "https://ghe.example");
}

TEST_F(ConfigTest, OverrideWithBadValueNamesTheVariable) {
  auto config = load(kMinimal, {{"HSD_SERVICE_WORKERS", "0"}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(config.error().message,
              StartsWith("HSD_SERVICE_WORKERS: key path 'service.workers': "));
}

TEST_F(ConfigTest, VariableNamingNoKeyIsAnError) {
  auto config = load(kMinimal, {{"HSD_SERVICE_WORKER", "3"}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(config.error().message, HasSubstr("HSD_SERVICE_WORKER "));
  EXPECT_THAT(config.error().message, HasSubstr("names no configuration key"));

  auto bare = load(kMinimal, {{"HSD_CONNECTORS_HUBSPOT", "x"}});
  ASSERT_FALSE(bare.ok());
  EXPECT_THAT(bare.error().message, HasSubstr("HSD_CONNECTORS_HUBSPOT "));
}

TEST_F(ConfigTest, NonConfigVariablesAreSkipped) {
  auto config = load(kMinimal, {{"HSD_CONFIG", "/elsewhere.yaml"},
                                {"HSD_SECRET_KEY", "not-read-here"},
                                {"HSD_LOG_LEVEL", "debug"},
                                {"HSD_LOG_FORMAT", "json"},
                                {"OTHER_VARIABLE", "ignored"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->log.level, LogConfig{}.level);
}

TEST_F(ConfigTest, OverrideCanSupplyAMissingRequiredKey) {
  auto config = load("storage: { plugin: sqlite }\n", {{"HSD_STORAGE_PATH", "var/from-env.db"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.path, root_ / "var" / "from-env.db");
}

TEST(HsdEnvironment, ReadsOnlyHsdVariablesFromTheProcess) {
  ASSERT_EQ(::setenv("HSD_UNIT_TEST_VALUE", "a=b", 1), 0);
  ASSERT_EQ(::setenv("NOT_HSD_UNIT_TEST_VALUE", "x", 1), 0);
  Environment env = hsd_environment();
  ::unsetenv("HSD_UNIT_TEST_VALUE");
  ::unsetenv("NOT_HSD_UNIT_TEST_VALUE");
  ASSERT_EQ(env.count("HSD_UNIT_TEST_VALUE"), 1u);
  EXPECT_EQ(env.at("HSD_UNIT_TEST_VALUE"), "a=b");
  EXPECT_EQ(env.count("NOT_HSD_UNIT_TEST_VALUE"), 0u);
}

}  // namespace
}  // namespace hsd::engine::testing
