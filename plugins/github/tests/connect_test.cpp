// connect with a token: the account from GET /user, scopes from X-OAuth-Scopes and what a
// missing one disables, fine-grained tokens, refused and malformed tokens.
#include "plugin_descriptor.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeHost;

constexpr const char* kClassic = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
constexpr const char* kFineGrained = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN";

class ConnectTest : public testing::ConnectorTest {
 protected:
  std::string all_logs() const {
    std::string out;
    for (const auto& line : host_.logs) out += line + "\n";
    return out;
  }
};

TEST(Descriptor, DeclaresTheContractActions) {
  std::vector<std::string> names;
  for (const auto& action : kActions) names.emplace_back(action.name);
  EXPECT_EQ(names, (std::vector<std::string>{"oauth_start", "device_start", "connect", "refresh", "revoke",
                                             "repos_available", "repo_status", "backup", "backup_objects"}));
  EXPECT_STREQ(kPluginId, "github");
  EXPECT_STREQ(kPluginKind, "vcs_target");
}

TEST_F(ConnectTest, ClassicTokenWithAllScopes) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"X-OAuth-Scopes", "repo, read:org, gist"}}));
  ASSERT_TRUE(invoke("connect", std::string(R"({"params":{"token":")") + kClassic + R"("}})").ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.requests[0].header("Authorization"), std::string("Bearer ") + kClassic);
  EXPECT_EQ(host_.credential_calls, 0);  // the token being checked is not the connection's yet
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "account_id"), "583231");
  EXPECT_EQ(support::json_string_field(out, "account_name"), "octocat");
  EXPECT_EQ(support::json_string_field(out, "label"), "octocat");
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "token");
  const auto credentials = support::json_child(out, "credentials");
  EXPECT_EQ(support::json_string_field(credentials, "access_token"), kClassic);
  EXPECT_EQ(support::json_string_field(credentials, "token_type"), "bearer");
  EXPECT_FALSE(credentials->has("refresh_token"));
  EXPECT_FALSE(out->has("expires_in"));
  EXPECT_THAT(support::json_string_list(out, "scopes_requested"), ElementsAre("repo", "read:org"));
  EXPECT_THAT(support::json_string_list(out, "scopes_granted"), ElementsAre("repo", "read:org", "gist"));
  EXPECT_TRUE(support::json_string_list(out, "warnings").empty());
  EXPECT_THAT(all_logs(), Not(HasSubstr(kClassic)));
}

TEST_F(ConnectTest, MissingScopesSayWhatTheyDisable) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"X-OAuth-Scopes", "public_repo"}}));
  ASSERT_TRUE(invoke("connect", std::string(R"({"params":{"token":")") + kClassic + R"("}})").ok());
  auto out = output();
  EXPECT_THAT(support::json_string_list(out, "scopes_granted"), ElementsAre("public_repo"));
  const auto warnings = support::json_string_list(out, "warnings");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_THAT(warnings[0], HasSubstr("private repositories cannot be listed or backed up"));
  EXPECT_THAT(warnings[1], HasSubstr("organisation repositories are not listed"));
}

TEST_F(ConnectTest, AnEmptyScopesHeaderMeansNoScopes) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"X-OAuth-Scopes", ""}}));
  ASSERT_TRUE(invoke("connect", std::string(R"({"params":{"token":")") + kClassic + R"("}})").ok());
  EXPECT_EQ(support::json_string_list(output(), "warnings").size(), 2u);
}

TEST_F(ConnectTest, FineGrainedTokenHasNoScopes) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body("mona", "42")));
  ASSERT_TRUE(invoke("connect", std::string(R"({"params":{"token":")") + kFineGrained + R"("}})").ok());
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "account_id"), "42");
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "token");
  EXPECT_TRUE(support::json_string_list(out, "scopes_requested").empty());
  EXPECT_TRUE(support::json_string_list(out, "scopes_granted").empty());
  EXPECT_THAT(support::json_string_list(out, "warnings"),
              ElementsAre("fine-grained token: access is per repository and is checked when a repository is added"));
}

TEST_F(ConnectTest, ARefusedTokenIsUnauthenticated) {
  host_.on("GET", "/user", FakeHost::json(401, R"({"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"})"));
  auto status = invoke("connect", std::string(R"({"params":{"token":")") + kClassic + R"("}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().code, "ACCESS_REVOKED");
  EXPECT_EQ(status.failure().message, "GitHub refused the token (401 Bad credentials)");
  EXPECT_EQ(host_.forced_refreshes, 0);
}

TEST_F(ConnectTest, SurroundingWhitespaceIsForgiven) {
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"X-OAuth-Scopes", "repo, read:org"}}));
  ASSERT_TRUE(invoke("connect", std::string(R"({"params":{"token":"  )") + kClassic + R"(\n"}})").ok());
  EXPECT_EQ(support::json_string_field(support::json_child(output(), "credentials"), "access_token"), kClassic);
}

TEST_F(ConnectTest, EmptyOrMalformedTokensAreRefusedWithoutARequest) {
  for (const char* token : {"", "ghp_abc def ghi jkl mno pqr", "Bearer ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                            "ghr_1234567890abcdefghijklmnop", "short"}) {
    auto status = invoke("connect", std::string(R"({"params":{"token":")") + token + R"("}})");
    ASSERT_FALSE(status.ok()) << token;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT) << token;
    EXPECT_THAT(status.failure().message, HasSubstr("the parameter token")) << token;
  }
  auto status = invoke("connect", R"({"params":{"token":12}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("token must be a string"));
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ConnectTest, ExactlyOneWayToConnect) {
  for (const char* params : {R"({})", R"({"token":"ghp_16C7e42F292c6912E7710c838347Ae178B4a","code":"c"})",
                             R"({"code":"c","device_code":"d"})"}) {
    auto status = invoke("connect", std::string(R"({"params":)") + params + "}");
    ASSERT_FALSE(status.ok()) << params;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
    EXPECT_THAT(status.failure().message, HasSubstr("exactly one of"));
  }
  auto status = invoke("connect", R"({"params":{"code":"c","redirect_uri":"http://l/cb"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("the parameter code_verifier is required"));
  status = invoke("connect", R"({"params":{"device_code":"d","interval":"5"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("the parameter interval must be an integer"));
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ConnectTest, UnknownActionIsUnsupported) {
  auto status = invoke("retrieve", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNSUPPORTED);
}

}  // namespace
}  // namespace hsd::plugins::github
