// The OAuth and connection actions through Connector, against FakeHost.
#include "connector.hpp"

#include "fake_host.hpp"
#include "plugin_descriptor.hpp"

#include <hsd/plugins/support/json_reader.hpp>
#include <hsd/plugins/support/testing/fake_clock.hpp>

#include <Poco/JSON/Array.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using support::testing::FakeClock;
using testing::FakeHost;

constexpr const char* kApi = "http://hub.test";

Config oauth_config() {
  auto config = parse_config(R"({"client_id":"cid","client_secret":"csecret","api_base_url":"http://hub.test",
                                 "auth_base_url":"http://app.test","optional_scopes":["content"]})");
  EXPECT_TRUE(config.ok());
  return *config;
}

class ConnectTest : public ::testing::Test {
 protected:
  hsd::sdk::Status invoke(const std::string& action, const std::string& input) {
    auto context = host_.context();
    return connector_.invoke(context, action, input);
  }
  Poco::JSON::Object::Ptr output() {
    auto out = support::parse_json_object(host_.output);
    EXPECT_TRUE(out) << host_.output;
    return out ? out : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  }

  FakeHost host_;
  Connector connector_{oauth_config(), std::make_shared<FakeClock>(), [] { return 0.5; }};
};

TEST(Descriptor, DeclaresTheActionsAndTypes) {
  std::vector<std::string> names;
  for (const auto& action : kActions) {
    names.emplace_back(action.name);
    for (size_t i = 0; i < action.param_count; ++i) {
      EXPECT_STRNE(action.params[i].name, "label") << action.name;  // the engine owns the label
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"oauth_start", "connect", "refresh", "retrieve", "revoke"}));
  EXPECT_STREQ(kObjectTypes[0], "custom_object_schemas");
  EXPECT_STREQ(kObjectTypes[4], "forms");
}

TEST_F(ConnectTest, OAuthStartBuildsTheConsentUrl) {
  ASSERT_TRUE(invoke("oauth_start", R"({"params":{"redirect_uri":"http://127.0.0.1:8080/cb?x=1","state":"s t"}})").ok());
  const auto url = support::json_string_field(output(), "url").value_or("");
  EXPECT_EQ(url,
            "http://app.test/oauth/authorize?client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcb%3Fx%3D1"
            "&scope=crm.objects.custom.read%20crm.objects.custom.write%20crm.schemas.custom.read%20"
            "crm.schemas.custom.write%20crm.schemas.contacts.read%20crm.schemas.deals.read%20automation%20forms"
            "&optional_scope=content&state=s%20t");
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ConnectTest, OAuthStartNeedsTheApp) {
  Connector bare(Config{}, std::make_shared<FakeClock>());
  auto context = host_.context();
  auto status = bare.invoke(context, "oauth_start", R"({"params":{"redirect_uri":"http://x","state":"s"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(status.failure().message, HasSubstr("client_id"));
}

TEST_F(ConnectTest, PrivateAppTokenIsCheckedWithAccountInfo) {
  host_.on("GET", "/account-info/2026-03/details",
           FakeHost::json(200, R"({"portalId":62515,"accountType":"STANDARD","timeZone":"US/Eastern","uiDomain":"app.hubspot.com"})"));
  ASSERT_TRUE(invoke("connect", R"({"params":{"private_app_token":"pat-na1-abc","label":"mine"}})").ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.requests[0].url, std::string(kApi) + "/account-info/2026-03/details");
  EXPECT_EQ(host_.requests[0].header("Authorization"), "Bearer pat-na1-abc");
  EXPECT_EQ(host_.credential_calls, 0);
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "account_id"), "62515");
  EXPECT_EQ(support::json_string_field(out, "account_name"), "Portal 62515 (app.hubspot.com)");
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "private_app");
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "access_token"), "pat-na1-abc");
  EXPECT_FALSE(out->has("expires_in"));
  EXPECT_FALSE(support::json_child(out, "credentials")->has("refresh_token"));
}

TEST_F(ConnectTest, PrivateAppPrefersPortalName) {
  host_.on("GET", "/account-info/", FakeHost::json(200, R"({"portalId":"7","portalName":"Acme Prod","uiDomain":"app-eu1.hubspot.com"})"));
  ASSERT_TRUE(invoke("connect", R"({"params":{"private_app_token":"pat-eu1-x"}})").ok());
  EXPECT_EQ(support::json_string_field(output(), "account_name"), "Acme Prod");
}

TEST_F(ConnectTest, RefusedPrivateAppToken) {
  host_.on("GET", "/account-info/", FakeHost::json(401, R"({"status":"error","category":"INVALID_AUTHENTICATION","message":"Authentication credentials not found."})"));
  auto status = invoke("connect", R"({"params":{"private_app_token":"pat-na1-bad"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_THAT(status.failure().message, Not(HasSubstr("pat-na1-bad")));
  EXPECT_EQ(host_.requests.size(), 1u);  // a 401 on an explicit token is not refreshed
}

TEST_F(ConnectTest, CodeIsExchangedThenIntrospected) {
  host_.on("POST", "/oauth/2026-03/token$",
           FakeHost::json(200, R"({"token_type":"bearer","access_token":"acc-1","refresh_token":"na1-ref","expires_in":1800,
                                   "hub_id":62515,"scopes":["oauth","crm.schemas.custom.read","crm.schemas.contacts.read",
                                   "crm.schemas.deals.read","forms","crm.objects.custom.read"]})"));
  host_.on("POST", "/oauth/2026-03/token/introspect",
           FakeHost::json(200, R"({"active":true,"hub_id":62515,"hub_domain":"acme.com","scopes":["oauth"]})"));
  ASSERT_TRUE(invoke("connect", R"({"params":{"code":"the code","redirect_uri":"http://l/cb"}})").ok());
  ASSERT_EQ(host_.requests.size(), 2u);
  const auto& token = host_.requests[0];
  EXPECT_EQ(token.header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(token.header("Authorization"), "");
  EXPECT_EQ(token.body,
            "grant_type=authorization_code&client_id=cid&client_secret=csecret&redirect_uri=http%3A%2F%2Fl%2Fcb"
            "&code=the%20code");
  EXPECT_EQ(token.url.find('?'), std::string::npos);  // everything in the body
  EXPECT_THAT(host_.requests[1].body, HasSubstr("token=acc-1"));
  EXPECT_THAT(host_.requests[1].body, HasSubstr("token_type_hint=access_token"));

  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "account_id"), "62515");
  EXPECT_EQ(support::json_string_field(out, "account_name"), "acme.com");
  EXPECT_EQ(support::json_string_field(out, "auth_type"), "oauth");
  EXPECT_EQ(support::json_integer_field(out, "expires_in"), 1800);
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "access_token"), "acc-1");
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "refresh_token"), "na1-ref");
  EXPECT_EQ(support::json_string_list(out, "scopes_requested").size(), 8u);
  const auto granted = support::json_string_list(out, "scopes_granted");
  EXPECT_EQ(granted.size(), 6u);  // the token response's list wins over introspection's
  const auto warnings = support::json_string_list(out, "warnings");
  std::string all;
  for (const auto& w : warnings) all += w + "\n";
  EXPECT_THAT(all, HasSubstr("automation: workflows cannot be retrieved"));
  EXPECT_THAT(all, Not(HasSubstr("forms cannot")));
  EXPECT_THAT(all, Not(HasSubstr("custom object schemas cannot")));
  EXPECT_THAT(all, HasSubstr("crm.objects.custom.write"));
  EXPECT_THAT(all, HasSubstr("content"));
}

TEST_F(ConnectTest, ExpiresInComesFromTheResponse) {
  host_.on("POST", "/token$", FakeHost::json(200, R"({"access_token":"a","refresh_token":"r","expires_in":21600,"hub_id":1})"));
  host_.on("POST", "/introspect", FakeHost::json(200, R"({"active":true,"hub_id":1,"hub_domain":"d","scopes":["automation"]})"));
  ASSERT_TRUE(invoke("connect", R"({"params":{"code":"c","redirect_uri":"http://l/cb"}})").ok());
  EXPECT_EQ(support::json_integer_field(output(), "expires_in"), 21600);
  EXPECT_EQ(support::json_string_list(output(), "scopes_granted"), (std::vector<std::string>{"automation"}));

  FakeHost other;
  other.on("POST", "/token$", FakeHost::json(200, R"({"access_token":"a","refresh_token":"r","hub_id":1})"));
  auto context = other.context();
  auto status = connector_.invoke(context, "connect", R"({"params":{"code":"c","redirect_uri":"http://l/cb"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("expires_in"));
}

TEST_F(ConnectTest, RefusedCode) {
  host_.on("POST", "/token$", FakeHost::json(400, R"({"status":"EXPIRED_AUTH_CODE","message":"auth code expired"})"));
  auto status = invoke("connect", R"({"params":{"code":"c","redirect_uri":"http://l/cb"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().code, "EXPIRED_AUTH_CODE");
}

TEST_F(ConnectTest, ExactlyOneWayToConnect) {
  for (const char* input : {R"({"params":{}})", R"({"params":{"private_app_token":"p","code":"c","redirect_uri":"http://x"}})",
                            R"({})"}) {
    host_.requests.clear();
    auto status = invoke("connect", input);
    ASSERT_FALSE(status.ok()) << input;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
    EXPECT_THAT(status.failure().message, HasSubstr("private_app_token"));
    EXPECT_THAT(status.failure().message, HasSubstr("code"));
    EXPECT_TRUE(host_.requests.empty());
  }
}

TEST_F(ConnectTest, RefreshReturnsTheNewTokens) {
  host_.on("POST", "/token$", FakeHost::json(200, R"({"access_token":"acc-2","refresh_token":"ref-rotated","expires_in":1800})"));
  ASSERT_TRUE(invoke("refresh", R"({"params":{},"credentials":{"access_token":"acc-1","refresh_token":"ref-old"}})").ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.requests[0].body,
            "grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=ref-old");
  auto out = output();
  EXPECT_EQ(support::json_integer_field(out, "expires_in"), 1800);
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "access_token"), "acc-2");
  EXPECT_EQ(support::json_string_field(support::json_child(out, "credentials"), "refresh_token"), "ref-rotated");
}

TEST_F(ConnectTest, DeadRefreshTokenOldAndNewShapes) {
  for (const char* body :
       {R"({"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token"})",
        R"({"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token","error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked"})",
        R"({"error":"invalid_grant","error_description":"refresh token is invalid, expired or revoked"})"}) {
    FakeHost host;
    host.on("POST", "/token$", FakeHost::json(400, body));
    auto context = host.context();
    auto status = connector_.invoke(context, "refresh", R"({"credentials":{"access_token":"a","refresh_token":"dead"}})");
    ASSERT_FALSE(status.ok()) << body;
    EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
    EXPECT_EQ(status.failure().code, "BAD_REFRESH_TOKEN");
    EXPECT_EQ(status.failure().message, "Token refresh failed: reconnect the portal");
    EXPECT_FALSE(status.failure().retryable);
    EXPECT_EQ(host.requests.size(), 1u);  // never retried
  }
}

TEST_F(ConnectTest, RefusedAppCredentialsOnRefresh) {
  host_.on("POST", "/token$", FakeHost::json(401, R"({"status":"error","message":"invalid client credentials"})"));
  auto status = invoke("refresh", R"({"credentials":{"access_token":"a","refresh_token":"r"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().message, "Token refresh failed: reconnect the portal");
  EXPECT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.forced_refreshes, 0);
}

TEST_F(ConnectTest, RefreshRetriesServerErrors) {
  host_.on("POST", "/token$", FakeHost::json(502, "bad gateway"));
  host_.on("POST", "/token$", FakeHost::json(200, R"({"access_token":"acc-2","expires_in":1800})"));
  ASSERT_TRUE(invoke("refresh", R"({"credentials":{"access_token":"a","refresh_token":"keep-me"}})").ok());
  EXPECT_EQ(host_.requests.size(), 2u);
  // No refresh token in the answer: the current one stays.
  EXPECT_EQ(support::json_string_field(support::json_child(output(), "credentials"), "refresh_token"), "keep-me");
}

TEST_F(ConnectTest, RefreshOfAPrivateAppIsUnsupported) {
  auto status = invoke("refresh", R"({"credentials":{"access_token":"pat-na1-x"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNSUPPORTED);
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ConnectTest, RevokePostsTheRefreshToken) {
  host_.on("POST", "/token/revoke", FakeHost::json(200, "{}"));
  ASSERT_TRUE(invoke("revoke", R"({"credentials":{"access_token":"a","refresh_token":"r 1"}})").ok());
  ASSERT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(host_.requests[0].url, std::string(kApi) + "/oauth/2026-03/token/revoke");
  EXPECT_EQ(host_.requests[0].body, "client_id=cid&client_secret=csecret&token=r%201&token_type_hint=refresh_token");
  EXPECT_EQ(host_.output, R"({"revoked":true})");
}

TEST_F(ConnectTest, RevokeOfAPrivateAppIsANoOp) {
  ASSERT_TRUE(invoke("revoke", R"({"credentials":{"access_token":"pat"}})").ok());
  EXPECT_TRUE(host_.requests.empty());
  EXPECT_EQ(support::json_string_field(output(), "revoked"), "false");
}

TEST_F(ConnectTest, UnknownAction) {
  auto status = invoke("deploy", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNSUPPORTED);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
