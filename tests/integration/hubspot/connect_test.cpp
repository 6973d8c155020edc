// Connecting a HubSpot portal with the real binary: a private app token, an OAuth code,
// reconnecting, refreshing on demand and deleting (which revokes the token at HubSpot).
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "hubspot_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kToken = "pat-na1-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

std::vector<std::string> strings(const Object::Ptr& object, const std::string& key) {
  std::vector<std::string> out;
  auto array = object->getArray(key);
  for (unsigned i = 0; array && i < array->size(); ++i) out.push_back(array->getElement<std::string>(i));
  return out;
}

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

using HubSpotConnect = HubSpotCliTest;

TEST_F(HubSpotConnect, APrivateAppTokenConnectsWithTheAccountNameAsLabelAndNeverLeaks) {
  start();
  // A token the portal does not know is refused and leaves nothing behind.
  auto refused = cli().run({"connect", "hubspot", "--private-app-token", "pat-na1-not-a-known-token"});
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.err, HasSubstr("HubSpot refused the access token"));
  EXPECT_THAT(refused.err, Not(HasSubstr("pat-na1-not-a-known-token")));
  auto list = cli().run({"connections", "list", "--output", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(parse_array(list.out)->size(), 0u);

  auto connected = connect_private_app(kToken);
  ASSERT_EQ(connected.exit_code, 0) << connected.err;
  auto connection = parse_object(connected.out);
  EXPECT_EQ(connection->getValue<std::string>("plugin"), "hubspot");
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "private_app");
  EXPECT_EQ(connection->getValue<std::string>("account_id"), std::to_string(fake().options().hub_id));
  // account-info 2026-03 (the plugin's default) has no portalName, so the plugin names the
  // portal from its id and uiDomain; the label defaults to that name.
  EXPECT_EQ(connection->getValue<std::string>("account_name"),
            "Portal " + std::to_string(fake().options().hub_id) + " (app.hubspot.com)");
  EXPECT_EQ(connection->getValue<std::string>("label"), connection->getValue<std::string>("account_name"));
  EXPECT_TRUE(connection->isNull("token_expires_at"));

  // The token is used for a retrieval, yet appears in no output and not in clear in the database.
  const auto label = connection->getValue<std::string>("label");
  auto run = retrieve(label, {"--log-level", "debug"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto shown = cli().run({"connections", "show", label, "--output", "json"});
  for (const auto* result : {&connected, &refused, &list, &run, &shown}) {
    EXPECT_THAT(result->out, Not(HasSubstr(kToken)));
    EXPECT_THAT(result->err, Not(HasSubstr(kToken)));
  }
  EXPECT_EQ(database_bytes().find(kToken), std::string::npos) << "the token is stored in clear";
}

TEST_F(HubSpotConnect, AnUnreachablePortalNamesTheCauseExitsOneAndStoresNothing) {
  PluginSettings settings;
  settings.max_attempts = 2;  // one retry after a short backoff, not five
  start(small_portal(), settings);
  Poco::UInt16 port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }  // closed: nothing listens there now
  const std::string refusing = "127.0.0.1:" + std::to_string(port);
  auto result = cli().run({"connect", "hubspot", "--private-app-token", kToken},
                          {{"HSD_CONNECTORS_HUBSPOT_API_BASE_URL", "http://" + refusing}});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.err, HasSubstr("failed: connection refused by " + refusing));
  EXPECT_THAT(result.err, Not(HasSubstr("could not be reached")));
  EXPECT_THAT(result.err, Not(HasSubstr(kToken)));
  EXPECT_THAT(result.out, Not(HasSubstr(kToken)));
  auto list = cli().run({"connections", "list", "--output", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(parse_array(list.out)->size(), 0u);
  EXPECT_EQ(database_bytes().find(kToken), std::string::npos);
}

TEST_F(HubSpotConnect, ARetrievalThatCannotReachThePortalPutsTheCauseInTheConnectionsStatus) {
  PluginSettings settings;
  settings.max_attempts = 2;
  start(small_portal(), settings);
  auto connected = connect_private_app(kToken, {"--label", "Portal"});
  ASSERT_EQ(connected.exit_code, 0) << connected.err;
  Poco::UInt16 port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = probe.address().port();
  }
  const std::string refusing = "127.0.0.1:" + std::to_string(port);
  auto run = cli().run({"run", "retrieve", "--connection", "Portal"},
                       {{"HSD_CONNECTORS_HUBSPOT_API_BASE_URL", "http://" + refusing}});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  // What failed, as what it is: the code the engine decides on, the cause a person reads.
  auto connection = show_connection();
  EXPECT_EQ(connection->getValue<std::string>("status"), "error");
  EXPECT_EQ(connection->getValue<std::string>("status_code"), "connection_refused");
  EXPECT_THAT(connection->getValue<std::string>("status_detail"), HasSubstr("connection refused by " + refusing));
}

TEST_F(HubSpotConnect, AnOAuthCodeConnectsWithExpiryAndScopesAndReconnectingKeepsTheConnection) {
  start();
  const long long before = now_seconds();
  auto connection = connect_oauth_ok();
  const long long after = now_seconds();
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "oauth");
  EXPECT_EQ(connection->getValue<std::string>("label"), "Portal");
  EXPECT_EQ(connection->getValue<std::string>("account_id"), std::to_string(fake().options().hub_id));
  EXPECT_EQ(connection->getValue<std::string>("account_name"), fake().options().hub_domain);
  // expires_in (30 min on the fake) counted from the connect.
  const long long lifetime = fake().options().access_token_lifetime.count();
  const long long expires = parse_iso8601(connection->getValue<std::string>("token_expires_at"));
  EXPECT_GE(expires, before + lifetime - 1);
  EXPECT_LE(expires, after + lifetime + 1);
  EXPECT_THAT(strings(connection, "scopes_granted"), ElementsAreArray(plugin_default_scopes()));
  EXPECT_THAT(strings(connection, "scopes_missing"), ::testing::IsEmpty());

  // The same portal again (new consent, no label) updates that connection.
  auto again = connect_oauth("");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(parse_object(again.out)->getValue<int>("id"), connection->getValue<int>("id"));
  EXPECT_EQ(parse_object(again.out)->getValue<std::string>("label"), "Portal");
  auto list = cli().run({"connections", "list", "--output", "json"});
  EXPECT_EQ(parse_array(list.out)->size(), 1u);
}

TEST_F(HubSpotConnect, RefreshStoresNewCredentialsForOAuthAndIsANoOpForAPrivateApp) {
  PluginSettings settings;
  settings.through_proxy = true;  // to see which access token later calls carry
  start(small_portal(), settings);
  auto connection = connect_oauth_ok();
  const auto expires_before = connection->getValue<std::string>("token_expires_at");
  // token_expires_at has whole seconds: let the clock pass a second boundary so a new expiry
  // is visible (this waits for the clock, not for another thread).
  while (now_seconds() + fake().options().access_token_lifetime.count() <= parse_iso8601(expires_before)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto token_calls = requests_to("/oauth/2026-03/token");
  auto refreshed = cli().run({"run", "refresh", "--connection", "Portal", "--output", "json"});
  ASSERT_EQ(refreshed.exit_code, 0) << refreshed.err;
  EXPECT_EQ(requests_to("/oauth/2026-03/token"), token_calls + 1);
  auto after = show_connection();
  EXPECT_GT(parse_iso8601(after->getValue<std::string>("token_expires_at")), parse_iso8601(expires_before));
  EXPECT_EQ(after->getValue<std::string>("status_detail"), "");

  // The next retrieval uses the access token the refresh returned, so it was stored.
  ASSERT_EQ(proxy().access_tokens().size(), 2u);
  const auto fresh = proxy().access_tokens().back();
  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_FALSE(proxy().bearer_tokens().empty());
  EXPECT_EQ(proxy().bearer_tokens().back(), fresh);

  // A private app token has nothing to refresh: the pipeline succeeds and calls no token endpoint.
  ASSERT_EQ(connect_private_app(kToken, {"--label", "App"}).exit_code, 0);
  const auto calls = requests_to("/oauth/2026-03/token");
  auto noop = cli().run({"run", "refresh", "--connection", "App", "--output", "json"});
  EXPECT_EQ(noop.exit_code, 0) << noop.err;
  EXPECT_EQ(requests_to("/oauth/2026-03/token"), calls);
  EXPECT_NE(show_connection("App")->getValue<std::string>("status"), "error");
}

TEST_F(HubSpotConnect, DeletingAnOAuthConnectionRevokesItsTokenAndRemovesEverything) {
  PluginSettings settings;
  settings.through_proxy = true;  // to learn the refresh token hsdeploy holds
  start(small_portal(), settings);
  connect_oauth_ok();
  ASSERT_EQ(retrieve().exit_code, 0);
  ASSERT_FALSE(metadata_list()->size() == 0);
  ASSERT_EQ(proxy().refresh_tokens().size(), 1u);
  const auto refresh_token = proxy().refresh_tokens().front();
  ASSERT_TRUE(refresh_token_active(refresh_token));

  auto deleted = cli().run({"connections", "delete", "Portal", "--yes"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(requests_to("/oauth/2026-03/token/revoke"), 1u);
  EXPECT_FALSE(refresh_token_active(refresh_token)) << "the refresh token still works at HubSpot";
  auto list = cli().run({"connections", "list", "--output", "json"});
  EXPECT_EQ(parse_array(list.out)->size(), 0u);
  auto gone = cli().run({"metadata", "list", "--connection", "Portal"});
  EXPECT_EQ(gone.exit_code, 2);
  EXPECT_THAT(gone.err, HasSubstr("connection 'Portal' not found"));
}

}  // namespace
}  // namespace hsd::testing
