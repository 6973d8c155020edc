// The service's scheduler refreshes OAuth tokens in the background, ahead of their expiry, so
// that nothing is ever sent to HubSpot with an expired token; a refresh token HubSpot no longer
// accepts puts the connection in error with the one message that tells the user what to do, and
// the scheduler leaves that connection alone from then on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "../hubspot/recording_proxy.hpp"
#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

constexpr const char* kRefreshFailed = "Token refresh failed: reconnect the portal";
// refresh_ahead (10 min) is far longer than the tokens' life (8 s): every tick finds them due.
constexpr const char* kServiceKeys = "scheduler_tick: 1s, refresh_ahead: 10m, retrieve_interval: 0";

fakes::FakeHubSpotOptions short_lived_tokens() {
  auto options = small_portal();
  options.access_token_lifetime = std::chrono::seconds(8);
  return options;
}

std::string connection_field(std::int64_t id) { return "\"connection\":\"" + std::to_string(id) + "\""; }

class ServiceRefresh : public HubSpotServiceTest {
 protected:
  // One scheduler tick that refreshed the connection's token.
  void wait_for_background_refresh(std::int64_t id) {
    ASSERT_NE(wait_log("refreshing tokens ahead of expiry"), "");
    ASSERT_NE(wait_log({"\"credentials refreshed\"", connection_field(id)}), "");
  }

  std::int64_t expires_at_ms(std::int64_t id) {
    return sql_int("SELECT token_expires_at FROM connections WHERE id = " + std::to_string(id));
  }
};

TEST_F(ServiceRefresh, TheSchedulerRefreshesTokensAheadOfTheirExpiry) {
  auto options = short_lived_tokens();
  // Every refresh kills the refresh token it used: storing anything but the newest one, or two
  // refreshes racing with one token, would show as BAD_REFRESH_TOKEN.
  options.rotate_refresh_tokens = true;
  start_fake(options);
  start_service(kServiceKeys);
  const auto id = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  const auto before = connection(id)->getValue<std::string>("token_expires_at");
  const auto before_ms = expires_at_ms(id);
  const auto token_calls = requests_to("/oauth/2026-03/token");

  // No job runs now: whatever refreshes the token is the scheduler.
  for (int tick = 0; tick < 3; ++tick) wait_for_background_refresh(id);
  const auto after = connection(id)->getValue<std::string>("token_expires_at");
  EXPECT_GT(parse_iso8601(after), parse_iso8601(before)) << before << " -> " << after;
  EXPECT_GT(expires_at_ms(id), before_ms);
  EXPECT_GE(requests_to("/oauth/2026-03/token"), token_calls + 3);
  EXPECT_EQ(connection(id)->getValue<std::string>("status"), "completed");

  // A retrieval slow enough to span several ticks: the workers' refreshes (tokens under five
  // minutes from expiry are refreshed before every call) and the scheduler's interleave.
  for (const char* path : {"/crm/properties", "/automation", "/marketing"}) {
    fake().inject_fault(slow_fault(path, std::chrono::milliseconds(600), 3));
  }
  auto queued = api().post("/api/v1/connections/" + std::to_string(id) + "/retrieve", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  const std::string job = "\"job\":\"" + queued.json()->get("id").toString() + "\"";
  ASSERT_NE(wait_log({"\"job started\"", job}), "");
  ASSERT_NE(wait_log("refreshing tokens ahead of expiry"), "") << "no scheduler tick during the retrieval";
  ASSERT_NE(wait_log({"\"job succeeded\"", job}), "");
  EXPECT_EQ(api_metadata(id), hashes_of(fake().expected_objects()));
  // And the scheduler goes on with the refresh token the retrieval's refreshes left.
  wait_for_background_refresh(id);
  EXPECT_EQ(connection(id)->getValue<std::string>("status"), "completed");
  const auto stats = fake().stats();
  EXPECT_EQ(stats.expired_token_requests, 0u) << "a request went to HubSpot with an expired token";
  EXPECT_EQ(stats.unauthenticated, 0u);
}

TEST_F(ServiceRefresh, ARevokedRefreshTokenPutsTheConnectionInErrorAndTheSchedulerStopsTryingIt) {
  start_fake(short_lived_tokens(), /*through_proxy=*/true);  // to learn the refresh tokens hsdeploy holds
  start_service(kServiceKeys);
  // Two connections to the same portal, in two workspaces: one will be revoked, the other's
  // background refreshes show that the scheduler keeps ticking.
  auto second_ws = api().post("/api/v1/workspaces", owner().token, R"({"name":"second"})");
  ASSERT_EQ(second_ws.status, 201) << second_ws.body;
  const auto revoked = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  const auto revoked_tokens = proxy().refresh_tokens();
  ASSERT_FALSE(revoked_tokens.empty());
  const auto revoked_token = revoked_tokens.front();
  ASSERT_TRUE(std::all_of(revoked_tokens.begin(), revoked_tokens.end(),
                          [&](const std::string& t) { return t == revoked_token; }));
  const auto healthy = connect_oauth(second_ws.json()->getValue<std::int64_t>("id"));
  ASSERT_NE(wait_log("\"job succeeded\""), "");

  fake().revoke_refresh_token(revoked_token);
  const auto failed = wait_log({"background refresh failed", connection_field(revoked)});
  ASSERT_NE(failed, "");
  auto shown = connection(revoked);
  EXPECT_EQ(shown->getValue<std::string>("status"), "error");
  EXPECT_EQ(shown->getValue<std::string>("status_detail"), kRefreshFailed);

  // Three more ticks refresh the healthy connection; none tries the revoked one again.
  const auto healthy_before = expires_at_ms(healthy);
  for (int tick = 0; tick < 3; ++tick) wait_for_background_refresh(healthy);
  EXPECT_GT(expires_at_ms(healthy), healthy_before);
  EXPECT_EQ(connection(healthy)->getValue<std::string>("status"), "completed");
  shown = connection(revoked);
  EXPECT_EQ(shown->getValue<std::string>("status"), "error");
  EXPECT_EQ(shown->getValue<std::string>("status_detail"), kRefreshFailed);

  auto stopped = service().terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(lines_with(stopped.err, {"background refresh failed", connection_field(revoked)}).size(), 1u)
      << stopped.err;
  EXPECT_EQ(lines_with(stopped.err, {"the plugin refused the refresh", connection_field(revoked)}).size(), 1u);
  const auto failed_at = stopped.err.find(failed);
  ASSERT_NE(failed_at, std::string::npos);
  for (const auto& [offset, line] : lines_with(stopped.err, {"\"credentials refreshed\"", connection_field(revoked)})) {
    EXPECT_LT(offset, failed_at) << "the revoked connection was refreshed after its refresh failed: " << line;
  }
  // Every tick after the failure had one connection due: the healthy one.
  int later_ticks = 0;
  for (const auto& [offset, line] : lines_with(stopped.err, {"refreshing tokens ahead of expiry"})) {
    if (offset <= failed_at) continue;
    ++later_ticks;
    EXPECT_THAT(line, ::testing::HasSubstr("\"connections\":\"1\"")) << line;
  }
  EXPECT_GE(later_ticks, 3);
  EXPECT_EQ(fake().stats().expired_token_requests, 0u);
}

TEST_F(ServiceRefresh, AFailedRefreshThatIsNotARefusalLeavesTheConnectionAloneAndIsTriedAgain) {
  start_fake(short_lived_tokens());
  start_service(kServiceKeys, "    max_attempts: 1\n");  // one 503 fails the refresh outright
  const auto id = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\""), "");

  // HubSpot's token endpoint has a bad moment: that is no reason to ask for a reconnect.
  fakes::Fault outage;
  outage.path_prefix = "/oauth/2026-03/token";
  outage.kind = fakes::FaultKind::kStatus;
  outage.status = 503;
  outage.count = 1;
  fake().inject_fault(outage);
  ASSERT_NE(wait_log({"background refresh failed", connection_field(id)}), "");
  EXPECT_EQ(fake().stats().faults_injected, 1u);
  auto shown = connection(id);
  EXPECT_EQ(shown->getValue<std::string>("status"), "completed");
  EXPECT_NE(shown->getValue<std::string>("status_detail"), kRefreshFailed);

  // The next tick tries again, and succeeds.
  wait_for_background_refresh(id);
  shown = connection(id);
  EXPECT_EQ(shown->getValue<std::string>("status"), "completed");
  EXPECT_EQ(shown->getValue<std::string>("status_detail"), "");
}

}  // namespace
}  // namespace hsd::testing
