// The HubSpot retrieval when HubSpot misbehaves: tokens that expire mid-retrieval, a revoked
// refresh token, 429 storms, 5xx answers, dropped connections and broken bodies.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "hubspot_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

using HubSpotResilience = HubSpotCliTest;

fakes::Fault fault(const std::string& path, fakes::FaultKind kind, int count, int status = 503,
                   milliseconds delay = milliseconds(0)) {
  fakes::Fault f;
  f.path_prefix = path;
  f.kind = kind;
  f.count = count;
  f.status = status;
  f.delay = delay;
  return f;
}

TEST_F(HubSpotResilience, TokensThatExpireDuringTheRetrievalAreRefreshedBeforeUse) {
  auto options = small_portal();
  options.access_token_lifetime = std::chrono::seconds(3);
  PluginSettings settings;
  settings.max_concurrency = 1;  // one request at a time, so the slow answers add up
  start(options, settings);
  connect_oauth_ok();
  // Three slow answers of 1.2 s make the retrieval outlive the first tokens. Each delay is
  // shorter than a token's lifetime: a token fetched just before a request stays valid.
  fake().inject_fault(fault("/crm/properties/2026-03/contacts", fakes::FaultKind::kSlow, 1, 0, milliseconds(1200)));
  fake().inject_fault(fault("/automation/v4/flows", fakes::FaultKind::kSlow, 1, 0, milliseconds(1200)));
  fake().inject_fault(fault("/marketing/v3/forms", fakes::FaultKind::kSlow, 1, 0, milliseconds(1200)));
  fake().reset_stats();
  const auto started = std::chrono::steady_clock::now();
  auto run = retrieve();
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GT(took, options.access_token_lifetime) << "the retrieval must outlive a token";
  const auto stats = fake().stats();
  EXPECT_EQ(stats.faults_injected, 3u);
  EXPECT_EQ(stats.expired_token_requests, 0u);
  EXPECT_EQ(stats.unauthenticated, 0u);
  EXPECT_GT(requests_to("/oauth/2026-03/token"), 1u) << "the tokens were not refreshed";
  expect_stored_equals(fake().expected_objects());
}

TEST_F(HubSpotResilience, ARevokedRefreshTokenPutsTheConnectionInError) {
  auto options = small_portal();
  options.access_token_lifetime = std::chrono::seconds(60);  // under the 5 minute refresh margin
  PluginSettings settings;
  settings.through_proxy = true;  // to learn the refresh token hsdeploy holds
  start(options, settings);
  connect_oauth_ok();
  ASSERT_EQ(proxy().refresh_tokens().size(), 1u);
  fake().revoke_refresh_token(proxy().refresh_tokens().front());

  auto run = retrieve();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_THAT(run.err, HasSubstr("Token refresh failed: reconnect the portal"));
  auto connection = show_connection();
  EXPECT_EQ(connection->getValue<std::string>("status"), "error");
  EXPECT_EQ(connection->getValue<std::string>("status_detail"), "Token refresh failed: reconnect the portal");
  EXPECT_EQ(requests_to("/crm-object-schemas/2026-03/schemas"), 0u) << "data was requested without a token";
}

TEST_F(HubSpotResilience, A429StormIsWaitedOutAndTheRetrievalIsComplete) {
  auto options = small_portal();
  options.rate_limit = 10;
  // Two seconds, not one: the budget spent below must still be spent when hsdeploy, started
  // afterwards, sends its first request, however slowly a loaded machine starts it.
  options.rate_window = milliseconds(2000);
  PluginSettings settings;
  settings.rate_limit = 110;  // the plugin believes in more than the portal allows
  start(options, settings);
  connect_oauth_ok();
  fake().reset_stats();
  spend_rate_budget(fake(), options.rate_limit);  // the retrieval starts into a full window
  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GT(fake().stats().rate_limited, 0u) << "no 429 was answered: the test proves nothing";
  expect_stored_equals(fake().expected_objects());
}

TEST_F(HubSpotResilience, ServerErrorsAndResetsAreRetried) {
  start();
  connect_oauth_ok();
  fake().inject_fault(fault("/crm-object-schemas/2026-03/schemas", fakes::FaultKind::kStatus, 1, 500));
  fake().inject_fault(fault("/crm/properties/2026-03/deals", fakes::FaultKind::kStatus, 2, 503));
  fake().inject_fault(fault("/marketing/v3/forms", fakes::FaultKind::kStatus, 1, 502));
  fake().inject_fault(fault("/automation/v4/flows/batch/read", fakes::FaultKind::kReset, 2));
  fake().inject_fault(fault("/automation/v4/flows", fakes::FaultKind::kReset, 1));
  fake().reset_stats();
  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(fake().stats().faults_injected, 7u);
  expect_stored_equals(fake().expected_objects());
}

TEST_F(HubSpotResilience, AMalformedBodyFailsTheRetrievalAndKeepsThePreviousSnapshot) {
  start();
  connect_oauth_ok();
  ASSERT_EQ(retrieve().exit_code, 0);
  const auto before = metadata_list();
  ASSERT_GT(before->size(), 0u);

  // Every attempt at the forms listing answers half a body.
  fake().inject_fault(fault("/marketing/v3/forms", fakes::FaultKind::kMalformed, 100));
  auto run = retrieve();
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_THAT(run.err, HasSubstr("/marketing/v3/forms"));
  auto connection = show_connection();
  EXPECT_EQ(connection->getValue<std::string>("status"), "error");
  EXPECT_THAT(connection->getValue<std::string>("status_detail"), HasSubstr("/marketing/v3/forms"));

  // The previous snapshot is still the current one, object for object.
  const auto after = metadata_list();
  ASSERT_EQ(after->size(), before->size());
  for (unsigned i = 0; i < after->size(); ++i) {
    for (const char* key : {"type", "id", "hash"}) {
      EXPECT_EQ(after->getObject(i)->getValue<std::string>(key), before->getObject(i)->getValue<std::string>(key));
    }
    EXPECT_EQ(after->getObject(i)->get("snapshot").toString(), before->getObject(i)->get("snapshot").toString());
  }
  expect_stored_equals(fake().expected_objects());
  const auto expected = fake().expected_objects();
  const auto form = std::find_if(expected.begin(), expected.end(), [](const auto& o) { return o.type == "forms"; });
  ASSERT_NE(form, expected.end());
  auto shown = cli().run({"metadata", "show", "--connection", "Portal", "forms", form->id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out, form->json + "\n");
}

}  // namespace
}  // namespace hsd::testing
