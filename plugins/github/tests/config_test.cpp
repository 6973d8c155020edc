// connectors.github: defaults, every key, and messages that name the bad key.
#include "config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::HasSubstr;

std::string failure_of(const std::string& json) {
  auto config = parse_config(json);
  EXPECT_FALSE(config.ok()) << json;
  if (config.ok()) return "";
  EXPECT_EQ(config.failure().status, HSD_ERR_INVALID_ARGUMENT);
  return config.failure().message;
}

TEST(Config, DefaultsWhenEmpty) {
  for (const char* text : {"", "{}", "  \n"}) {
    auto config = parse_config(text);
    ASSERT_TRUE(config.ok()) << text;
    EXPECT_EQ(config->api_base_url, "https://api.github.com");
    EXPECT_EQ(config->web_base_url, "https://github.com");
    EXPECT_EQ(config->scopes, (std::vector<std::string>{"repo", "read:org"}));
    EXPECT_EQ(config->user_agent.rfind("hsdeploy/", 0), 0u);
    EXPECT_GT(config->user_agent.size(), std::string("hsdeploy/").size());
    EXPECT_EQ(config->max_rate_limit_wait_seconds, 60);
    EXPECT_TRUE(config->client_id.empty());
  }
}

TEST(Config, ReadsEveryKey) {
  auto config = parse_config(R"({"client_id":"Iv1.abc","client_secret":"s3cret","api_base_url":"https://ghe.example/api/v3/",
                                 "web_base_url":"https://ghe.example","scopes":["public_repo"],"user_agent":"acme-backup",
                                 "max_rate_limit_wait_seconds":5})");
  ASSERT_TRUE(config.ok()) << config.failure().message;
  EXPECT_EQ(config->client_id, "Iv1.abc");
  EXPECT_EQ(config->client_secret, "s3cret");
  EXPECT_EQ(config->api_base_url, "https://ghe.example/api/v3");  // trailing slash dropped
  EXPECT_EQ(config->api_url("/user"), "https://ghe.example/api/v3/user");
  EXPECT_EQ(config->scopes, (std::vector<std::string>{"public_repo"}));
  EXPECT_EQ(config->user_agent, "acme-backup");
  EXPECT_EQ(config->max_rate_limit_wait_seconds, 5);
}

TEST(Config, NullKeepsTheDefaultAndScopesMayBeOneString) {
  auto config = parse_config(R"({"api_base_url":null,"scopes":"repo, read:org workflow"})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->api_base_url, "https://api.github.com");
  EXPECT_EQ(config->scopes, (std::vector<std::string>{"repo", "read:org", "workflow"}));
}

TEST(Config, BadValuesNameTheKey) {
  EXPECT_THAT(failure_of(R"({"clientid":"x"})"), HasSubstr("connectors.github.clientid is not a known key"));
  EXPECT_THAT(failure_of(R"({"client_id":42})"), HasSubstr("connectors.github.client_id must be a string"));
  EXPECT_THAT(failure_of(R"({"client_id":"abc def"})"), HasSubstr("connectors.github.client_id"));
  EXPECT_THAT(failure_of(R"({"api_base_url":"api.github.com"})"),
              HasSubstr("connectors.github.api_base_url must be an absolute http:// or https:// URL"));
  EXPECT_THAT(failure_of(R"({"web_base_url":"https://github.com/?x=1"})"), HasSubstr("connectors.github.web_base_url"));
  EXPECT_THAT(failure_of(R"({"scopes":[1]})"), HasSubstr("connectors.github.scopes"));
  EXPECT_THAT(failure_of(R"({"scopes":{"a":1}})"), HasSubstr("connectors.github.scopes"));
  EXPECT_THAT(failure_of(R"({"max_rate_limit_wait_seconds":-1})"),
              HasSubstr("connectors.github.max_rate_limit_wait_seconds must be between 0 and 3600, got -1"));
  EXPECT_THAT(failure_of(R"({"max_rate_limit_wait_seconds":"60"})"),
              HasSubstr("connectors.github.max_rate_limit_wait_seconds must be an integer"));
  EXPECT_THAT(failure_of(R"({"user_agent":""})"), HasSubstr("connectors.github.user_agent"));
  EXPECT_THAT(failure_of(R"({"client_secret":"s"})"), HasSubstr("connectors.github.client_secret is set but client_id"));
  EXPECT_THAT(failure_of(R"([1,2])"), HasSubstr("connectors.github must be a mapping"));
}

}  // namespace
}  // namespace hsd::plugins::github
