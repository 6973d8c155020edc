#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::HasSubstr;

TEST(Config, EmptyMeansDefaults) {
  for (const char* text : {"", "{}", "  \n"}) {
    auto config = parse_config(text);
    ASSERT_TRUE(config.ok()) << text;
    EXPECT_EQ(config->api_base_url, "https://api.hubapi.com");
    EXPECT_EQ(config->auth_base_url, "https://app.hubspot.com");
    EXPECT_EQ(config->endpoints.token, "/oauth/2026-03/token");
    EXPECT_EQ(config->endpoints.properties, "/crm/properties/2026-03/{objectType}");
    EXPECT_EQ(config->rate_limit, 110);
    EXPECT_EQ(config->forms_page_size, 50);
    EXPECT_EQ(config->scopes.size(), 8u);
    EXPECT_FALSE(config->oauth_configured());
  }
}

TEST(Config, ReadsEveryKey) {
  auto config = parse_config(R"({"client_id":"id","client_secret":"s","redirect_uri":"http://l/cb",
    "api_base_url":"http://127.0.0.1:9000/","auth_base_url":"http://127.0.0.1:9001",
    "scopes":["oauth","forms"],"optional_scopes":"automation crm.schemas.custom.read",
    "endpoints":{"flows":"/automation/2026-09-beta/flows","forms":"/marketing/forms/2026-09-beta"},
    "rate_limit":0,"max_concurrency":2,"max_attempts":3,"flows_page_size":20,"flows_batch_size":10,
    "forms_page_size":25})");
  ASSERT_TRUE(config.ok()) << config.failure().message;
  EXPECT_TRUE(config->oauth_configured());
  EXPECT_EQ(config->api_base_url, "http://127.0.0.1:9000");  // trailing slash dropped
  EXPECT_EQ(config->scopes, (std::vector<std::string>{"oauth", "forms"}));
  EXPECT_EQ(config->optional_scopes, (std::vector<std::string>{"automation", "crm.schemas.custom.read"}));
  EXPECT_EQ(config->endpoints.flows, "/automation/2026-09-beta/flows");
  EXPECT_EQ(config->endpoints.schemas, "/crm-object-schemas/2026-03/schemas");  // untouched default
  EXPECT_EQ(config->rate_limit, 0);
  EXPECT_EQ(config->max_concurrency, 2);
  EXPECT_EQ(config->forms_page_size, 25);
}

TEST(Config, NullKeepsTheDefault) {
  auto config = parse_config(R"({"client_id":null,"rate_limit":null})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->rate_limit, 110);
}

struct BadCase {
  const char* json;
  const char* names;
};

TEST(Config, RefusesWithTheKeyNamed) {
  const BadCase cases[] = {
      {R"({"clientid":"x"})", "connectors.hubspot.clientid"},
      {R"({"client_id":5})", "connectors.hubspot.client_id"},
      {R"({"rate_limit":"fast"})", "connectors.hubspot.rate_limit"},
      {R"({"rate_limit":1.5})", "connectors.hubspot.rate_limit"},
      {R"({"forms_page_size":51})", "connectors.hubspot.forms_page_size"},
      {R"({"max_concurrency":0})", "connectors.hubspot.max_concurrency"},
      {R"({"scopes":[1]})", "connectors.hubspot.scopes"},
      {R"({"api_base_url":"api.hubapi.com"})", "connectors.hubspot.api_base_url"},
      {R"({"endpoints":{"custom_object_schemas":"/x"}})", "connectors.hubspot.endpoints.custom_object_schemas"},
      {R"({"endpoints":{"flows":"automation/v4/flows"}})", "connectors.hubspot.endpoints.flows"},
      {R"({"endpoints":{"properties":"/crm/v3/properties/contacts"}})", "connectors.hubspot.endpoints.properties"},
      {R"({"endpoints":[]})", "connectors.hubspot.endpoints"},
  };
  for (const auto& c : cases) {
    auto config = parse_config(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_EQ(config.failure().status, HSD_ERR_INVALID_ARGUMENT);
    EXPECT_THAT(config.failure().message, HasSubstr(c.names)) << c.json;
  }
  auto not_object = parse_config("[1]");
  ASSERT_FALSE(not_object.ok());
  EXPECT_THAT(not_object.failure().message, HasSubstr("connectors.hubspot"));
}

}  // namespace
}  // namespace hsd::plugins::hubspot
