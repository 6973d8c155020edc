// The OAuth actions: oauth_start with PKCE, the code exchange (JSON and form-encoded answers,
// errors inside 200s), device_start and device polling, refresh rotation, revoke.
#include "pkce.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::FakeHost;

constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kTokenUrl = "http://web.test:8080/login/oauth/access_token";

class OAuthTest : public testing::ConnectorTest {
 protected:
  std::string code_input() const {
    return std::string(R"({"params":{"code":"c0de","redirect_uri":"http://127.0.0.1:8400/cb","code_verifier":")") +
           kVerifier + R"("}})";
  }
  std::string device_input(int interval = 0) const {
    return R"({"params":{"device_code":"3584d83530557fdd1f46af8289938c8ef79f9dc5","interval":)" +
           std::to_string(interval) + R"(,"expires_in":900}})";
  }
  void user_ok(const std::string& scopes = "repo, read:org") {
    host_.on("GET", "/user", FakeHost::json(200, testing::user_body(), {{"X-OAuth-Scopes", scopes}}));
  }
};

TEST_F(OAuthTest, OAuthStartBuildsTheAuthorizeUrlWithPkce) {
  ASSERT_TRUE(invoke("oauth_start", R"({"params":{"redirect_uri":"http://127.0.0.1:8400/cb?x=1","state":"st ate"}})").ok());
  auto out = output();
  const auto verifier = support::json_string_field(support::json_child(out, "connect_params"), "code_verifier").value_or("");
  EXPECT_TRUE(valid_code_verifier(verifier)) << verifier;
  EXPECT_EQ(support::json_string_field(out, "url"),
            "http://web.test:8080/login/oauth/authorize?client_id=Iv1.cid"
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Fcb%3Fx%3D1&scope=repo%20read%3Aorg&state=st%20ate"
            "&code_challenge=" + code_challenge(verifier) + "&code_challenge_method=S256");
  EXPECT_TRUE(host_.requests.empty());
  // Every start has its own verifier.
  ASSERT_TRUE(invoke("oauth_start", R"({"params":{"redirect_uri":"http://l/cb","state":"s"}})").ok());
  EXPECT_NE(support::json_string_field(support::json_child(output(), "connect_params"), "code_verifier"), verifier);
}

TEST_F(OAuthTest, OAuthStartNamesTheMissingParameter) {
  auto status = invoke("oauth_start", R"({"params":{"redirect_uri":"http://l/cb"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(status.failure().message, HasSubstr("the parameter state is required"));
}

TEST_F(OAuthTest, OAuthNeedsTheApp) {
  Connector bare(Config{}, clock_, {});
  auto context = host_.context();
  auto status = bare.invoke(context, "oauth_start", R"({"params":{"redirect_uri":"http://l/cb","state":"s"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(status.failure().message, HasSubstr("connectors.github.client_id"));
  status = bare.invoke(context, "device_start", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("connectors.github.client_id"));
}

TEST_F(OAuthTest, CodeExchangeThenUser) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a","token_type":"bearer","scope":"repo,read:org"})"));
  user_ok();
  ASSERT_TRUE(invoke("connect", code_input()).ok()) << host_.error_message;
  ASSERT_EQ(host_.requests.size(), 2u);
  const auto& token = host_.requests[0];
  EXPECT_EQ(token.url, kTokenUrl);
  EXPECT_EQ(token.header("Accept"), "application/json");
  EXPECT_EQ(token.header("User-Agent"), "hsdeploy-test/1");
  EXPECT_EQ(token.header("Authorization"), "");
  EXPECT_EQ(token.header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token.body, std::string("client_id=Iv1.cid&client_secret=csecret&code=c0de&redirect_uri=http%3A%2F%2F127.0.0.1"
                                    "%3A8400%2Fcb&code_verifier=") + kVerifier);
  EXPECT_EQ(host_.requests[1].header("Authorization"), "Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a");
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "oauth");
  EXPECT_EQ(support::json_string_field(out, "account_name"), "octocat");
  EXPECT_FALSE(out->has("expires_in"));  // GitHub sent none: the token does not expire
  EXPECT_THAT(support::json_string_list(out, "scopes_granted"), ElementsAre("repo", "read:org"));
}

TEST_F(OAuthTest, ExpiringAppTokensCarryRefreshTokenAndExpiry) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"access_token":"ghu_16C7e42F292c6912E7710c838347Ae178B4a","expires_in":28800,
                                   "refresh_token":"ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498",
                                   "refresh_token_expires_in":15811200,"scope":"","token_type":"bearer"})"));
  host_.on("GET", "/user", FakeHost::json(200, testing::user_body()));  // no X-OAuth-Scopes for app tokens
  ASSERT_TRUE(invoke("connect", code_input()).ok()) << host_.error_message;
  auto out = output();
  EXPECT_EQ(support::json_integer_field(out, "expires_in"), 28800);
  const auto credentials = support::json_child(out, "credentials");
  EXPECT_THAT(support::json_string_field(credentials, "refresh_token").value_or(""), HasSubstr("ghr_"));
  EXPECT_EQ(support::json_integer_field(credentials, "refresh_token_expires_at"), clock_->now_ms() + 15811200LL * 1000);
  EXPECT_TRUE(support::json_string_list(out, "scopes_requested").empty());
}

TEST_F(OAuthTest, ErrorInsideA200IsAFailure) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"error":"bad_verification_code","error_description":"The code passed is incorrect or expired.","error_uri":"https://docs.github.com"})"));
  auto status = invoke("connect", code_input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().code, "BAD_VERIFICATION_CODE");
  EXPECT_THAT(status.failure().message, HasSubstr("The code passed is incorrect or expired."));
  EXPECT_EQ(host_.requests.size(), 1u);  // no GET /user
}

TEST_F(OAuthTest, FormEncodedAnswersAreReadToo) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, "error=redirect_uri_mismatch&error_description=The+redirect_uri+MUST+match&error_uri=x"));
  auto status = invoke("connect", code_input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "REDIRECT_URI_MISMATCH");
  EXPECT_THAT(status.failure().message, HasSubstr("The redirect_uri MUST match"));

  FakeHost other;
  other.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cread%3Aorg&token_type=bearer"));
  other.on("GET", "/user", FakeHost::json(200, testing::user_body()));
  auto context = other.context();
  ASSERT_TRUE(connector_.invoke(context, "connect", code_input()).ok()) << other.error_message;
  auto out = support::parse_json_object(other.output);
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "access_token"), "gho_16C7e42F292c6912E7710c838347Ae178B4a");
  EXPECT_THAT(support::json_string_list(out, "scopes_granted"), ElementsAre("repo", "read:org"));
}

TEST_F(OAuthTest, DeviceStart) {
  host_.on("POST", "/login/device/code",
           FakeHost::json(200, R"({"device_code":"3584d83530557fdd1f46af8289938c8ef79f9dc5","user_code":"WDJB-MJHT",
                                   "verification_uri":"https://github.com/login/device","expires_in":900,"interval":5})"));
  ASSERT_TRUE(invoke("device_start", R"({"params":{}})").ok());
  EXPECT_EQ(host_.requests[0].url, "http://web.test:8080/login/device/code");
  EXPECT_EQ(host_.requests[0].body, "client_id=Iv1.cid&scope=repo%20read%3Aorg");
  EXPECT_EQ(host_.requests[0].header("Accept"), "application/json");
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "user_code"), "WDJB-MJHT");
  EXPECT_EQ(support::json_string_field(out, "verification_uri"), "https://github.com/login/device");
  EXPECT_EQ(support::json_integer_field(out, "expires_in"), 900);
  EXPECT_EQ(support::json_integer_field(out, "interval"), 5);
  EXPECT_EQ(support::json_string_field(out, "device_code"), "3584d83530557fdd1f46af8289938c8ef79f9dc5");
}

TEST_F(OAuthTest, DeviceFlowDisabled) {
  host_.on("POST", "/login/device/code", FakeHost::json(200, R"({"error":"device_flow_disabled","error_description":"Device Flow must be explicitly enabled for this App"})"));
  auto status = invoke("device_start", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNSUPPORTED);
  EXPECT_EQ(status.failure().code, "DEVICE_FLOW_DISABLED");
  EXPECT_THAT(status.failure().message, HasSubstr("Device Flow"));
}

TEST_F(OAuthTest, DevicePollingPendingSlowDownThenSuccess) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"authorization_pending"})"));
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"slow_down","interval":10})"));
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"slow_down"})"));
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"access_token":"gho_16C7e42F292c6912E7710c838347Ae178B4a","token_type":"bearer","scope":"repo"})"));
  user_ok("repo");
  ASSERT_TRUE(invoke("connect", device_input(0)).ok()) << host_.error_message;
  const auto polls = host_.requests_to("/login/oauth/access_token");
  ASSERT_EQ(polls.size(), 4u);
  EXPECT_EQ(polls[0].body, "client_id=Iv1.cid&device_code=3584d83530557fdd1f46af8289938c8ef79f9dc5"
                           "&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code");
  EXPECT_THAT(polls[0].body, Not(HasSubstr("client_secret")));
  // First poll at once; then the interval (0), the server's new interval (10), that plus 5.
  using std::chrono::seconds;
  EXPECT_EQ(clock_->sleeps(), (std::vector<support::Clock::duration>{seconds(0), seconds(10), seconds(15)}));
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "oauth");
  EXPECT_EQ(support::json_string_list(out, "warnings").size(), 1u);  // read:org was not granted
}

TEST_F(OAuthTest, DeviceCodeExpired) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"authorization_pending"})"));
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"expired_token"})"));
  auto status = invoke("connect", device_input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().message, "the device code expired: run connect again");
  EXPECT_EQ(status.failure().code, "DEVICE_CODE_EXPIRED");
}

TEST_F(OAuthTest, DeviceCodeRunsOutOfTime) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"authorization_pending"})"));
  auto status = invoke("connect", R"({"params":{"device_code":"d","interval":5,"expires_in":12}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().message, "the device code expired: run connect again");
  EXPECT_EQ(host_.requests.size(), 3u);  // at 0 s, 5 s and 10 s; at 15 s the code is dead
}

TEST_F(OAuthTest, DeviceAccessDenied) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"access_denied"})"));
  auto status = invoke("connect", device_input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_PERMISSION_DENIED);
  EXPECT_EQ(status.failure().message, "the authorization was refused");
}

TEST_F(OAuthTest, DevicePollingStopsWhenCancelled) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(200, R"({"error":"authorization_pending"})"));
  host_.handler = [this](const testing::Recorded&) -> std::optional<testing::Scripted> {
    host_.cancelled = true;
    return std::nullopt;
  };
  auto status = invoke("connect", device_input(5));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_CANCELLED);
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(OAuthTest, RefreshRotatesBothTokens) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"access_token":"ghu_new","expires_in":28800,"refresh_token":"ghr_new",
                                   "refresh_token_expires_in":15811200,"scope":"","token_type":"bearer"})"));
  ASSERT_TRUE(invoke("refresh", R"({"params":{},"credentials":{"access_token":"ghu_old","refresh_token":"ghr_old"}})").ok());
  EXPECT_EQ(host_.requests[0].body,
            "client_id=Iv1.cid&client_secret=csecret&grant_type=refresh_token&refresh_token=ghr_old");
  auto out = output();
  const auto credentials = support::json_child(out, "credentials");
  EXPECT_EQ(support::json_string_field(credentials, "access_token"), "ghu_new");
  EXPECT_EQ(support::json_string_field(credentials, "refresh_token"), "ghr_new");
  EXPECT_EQ(support::json_string_field(credentials, "token_type"), "bearer");
  EXPECT_EQ(support::json_integer_field(credentials, "refresh_token_expires_at"), clock_->now_ms() + 15811200LL * 1000);
  EXPECT_EQ(support::json_integer_field(out, "expires_in"), 28800);
}

TEST_F(OAuthTest, BadRefreshTokenIsFinal) {
  host_.on("POST", "/login/oauth/access_token",
           FakeHost::json(200, R"({"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired."})"));
  auto status = invoke("refresh", R"({"credentials":{"access_token":"ghu_old","refresh_token":"ghr_old"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().code, "REFRESH_TOKEN_REVOKED");
  EXPECT_FALSE(status.failure().retryable);
  EXPECT_THAT(status.failure().message, Not(HasSubstr("ghr_old")));
}

TEST_F(OAuthTest, RefreshOutagesAreRetryable) {
  host_.on("POST", "/login/oauth/access_token", FakeHost::json(502, "<html>Bad gateway</html>"));
  auto status = invoke("refresh", R"({"credentials":{"refresh_token":"ghr_old"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(status.failure().retryable);
}

TEST_F(OAuthTest, TokensWithoutRefreshTokenDoNotExpire) {
  auto status = invoke("refresh", R"({"credentials":{"access_token":"ghp_x"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNSUPPORTED);
  EXPECT_EQ(status.failure().message, "this GitHub token does not expire");
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(OAuthTest, RevokeAnOAuthToken) {
  host_.on("DELETE", "/applications/Iv1.cid/token", FakeHost::json(204, ""));
  ASSERT_TRUE(invoke("revoke", R"({"credentials":{"access_token":"gho_abc"},"connection":{"auth_type":"oauth"}})").ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.requests[0].url, "http://api.test/applications/Iv1.cid/token");
  EXPECT_EQ(host_.requests[0].header("Authorization"), "Basic SXYxLmNpZDpjc2VjcmV0");
  EXPECT_EQ(host_.requests[0].body, R"({"access_token":"gho_abc"})");
  EXPECT_EQ(host_.output, R"({"revoked":true})");
}

TEST_F(OAuthTest, RevokeLeavesGivenTokensAlone) {
  ASSERT_TRUE(invoke("revoke", R"({"credentials":{"access_token":"ghp_16C7e42F292c6912E7710c838347Ae178B4a"},"connection":{"auth_type":"token"}})").ok());
  EXPECT_TRUE(host_.requests.empty());
  auto out = output();
  EXPECT_EQ(support::json_bool_field(out, "revoked"), false);
  EXPECT_FALSE(support::json_string_field(out, "reason").value_or("").empty());
}

}  // namespace
}  // namespace hsd::plugins::github
