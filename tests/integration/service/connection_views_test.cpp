// What the Connections page and a connection's details show, against the fake HubSpot: each
// run's HTTP calls, retries and 429s (GET .../runs, checked against what the fake answered),
// the last retrieval and the token's last refresh on the connection, and `connections show`.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

std::string runs_path(std::int64_t id, const std::string& query = "") {
  return connection_path(id) + "/runs" + query;
}

fakes::Fault status_fault(const std::string& path, int count, int status) {
  fakes::Fault fault;
  fault.path_prefix = path;
  fault.kind = fakes::FaultKind::kStatus;
  fault.count = count;
  fault.status = status;
  return fault;
}

class ConnectionViews : public HubSpotServiceTest {};

TEST_F(ConnectionViews, EachRunRecordsItsRequestsRetriesAnd429sAsTheProviderSawThem) {
  auto options = small_portal();
  // 40 calls per 2 s at the portal, while the plugin believes in 110 per 10 s: the retrieval
  // below starts into a window another client has used up.
  options.rate_limit = 40;
  options.rate_window = std::chrono::milliseconds(2000);
  start_fake(options);
  start_service("retrieve_interval: 0", "    rate_limit: 110\n");
  // OAuth: the budget is the portal's, which spend_rate_budget shares.
  const auto id = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\"", std::chrono::seconds(60)), "");

  fake().inject_fault(status_fault("/crm/properties/2026-03/deals", 2, 503));
  spend_rate_budget(fake(), options.rate_limit);
  fake().reset_stats();
  auto queued = api().post(connection_path(id) + "/retrieve", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto job = queued.json()->getValue<std::int64_t>("id");
  ASSERT_TRUE(poll_until(
      [&] {
        auto runs = api().get(runs_path(id), owner().token);
        return runs.status == 200 && runs.array()->size() == 2 &&
               runs.array()->getObject(0)->getValue<std::string>("state") == "succeeded";
      },
      "the second retrieval to succeed", std::chrono::seconds(90)));
  const auto stats = fake().stats();
  ASSERT_GT(stats.rate_limited, 0u) << "no 429 was answered: the test proves nothing";
  ASSERT_EQ(stats.faults_injected, 2u);

  auto runs = api().get(runs_path(id), owner().token);
  ASSERT_EQ(runs.status, 200) << runs.body;
  auto newest = runs.array()->getObject(0);
  EXPECT_EQ(newest->getValue<std::int64_t>("id"), job);
  EXPECT_EQ(newest->getValue<std::string>("pipeline"), "retrieve");
  EXPECT_EQ(newest->getValue<std::int64_t>("attempts"), 1);
  // Every call the fake answered was one of this run's, and each 429 or 503 was asked again.
  EXPECT_EQ(newest->getValue<std::uint64_t>("requests"), stats.total);
  EXPECT_EQ(newest->getValue<std::uint64_t>("rate_limited"), stats.rate_limited);
  EXPECT_EQ(newest->getValue<std::uint64_t>("retries"), stats.rate_limited + 2);
  EXPECT_EQ(newest->getValue<std::uint64_t>("objects"), fake().expected_objects().size());
  EXPECT_TRUE(newest->isNull("error"));
  EXPECT_GE(newest->getValue<std::int64_t>("duration_ms"), 0);
  // The first run (no 429s, no faults) is older and listed after it.
  auto first = runs.array()->getObject(1);
  EXPECT_LT(first->getValue<std::int64_t>("id"), job);
  EXPECT_GT(first->getValue<std::uint64_t>("requests"), 0u);

  // limit, and its bounds.
  auto one = api().get(runs_path(id, "?limit=1"), owner().token);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.array()->size(), 1u);
  auto too_many = api().get(runs_path(id, "?limit=101"), owner().token);
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(too_many.error_field(), "limit");
  EXPECT_EQ(api().get(runs_path(id, "?limit=0"), owner().token).status, 422);

  // The connection's last retrieval is this run.
  auto shown = connection(id);
  ASSERT_FALSE(shown->isNull("last_retrieval"));
  auto last = shown->getObject("last_retrieval");
  EXPECT_EQ(last->getValue<std::string>("finished_at"), newest->getValue<std::string>("finished_at"));
  EXPECT_EQ(last->getValue<std::int64_t>("duration_ms"), newest->getValue<std::int64_t>("duration_ms"));
  EXPECT_EQ(last->getValue<std::uint64_t>("objects"), fake().expected_objects().size());
  std::uint64_t by_type = 0;
  for (const auto& [type, count] : *last->getObject("objects_by_type")) by_type += count.convert<std::uint64_t>();
  EXPECT_EQ(by_type, fake().expected_objects().size());

  // The list shows the same.
  auto listed = api().get("/api/v1/workspaces/" + std::to_string(owner().workspace_id) + "/connections", owner().token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.array()->getObject(0)->getObject("last_retrieval")->getValue<std::string>("finished_at"),
            last->getValue<std::string>("finished_at"));

  // connections show prints them too.
  auto text = service().cli().run({"connections", "show", std::to_string(id)});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("last retrieval"));
  EXPECT_THAT(text.out, HasSubstr(std::to_string(fake().expected_objects().size()) + " objects"));
  EXPECT_THAT(text.out, HasSubstr("recent runs"));
  EXPECT_THAT(text.out, HasSubstr("RETRIES"));
  auto json = service().cli().run({"--output", "json", "connections", "show", std::to_string(id)});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Object::Ptr>();
  ASSERT_EQ(parsed->getArray("runs")->size(), 2u);
  EXPECT_EQ(parsed->getArray("runs")->getObject(0)->getValue<std::uint64_t>("rate_limited"), stats.rate_limited);
  EXPECT_FALSE(parsed->isNull("last_retrieval"));
}

TEST_F(ConnectionViews, ANewConnectionHasNoLastRetrievalAndAFailedRunKeepsItsError) {
  start_fake();
  // Two calls per request at most, three attempts per job 100 ms apart: the failure comes fast.
  start_service("retrieve_interval: 0, retry_backoff: 100ms", "    max_attempts: 2\n");
  // Every attempt of the first retrieval fails at HubSpot (connecting does not read schemas).
  fake().inject_fault(status_fault("/crm-object-schemas/", 1000, 500));
  const auto id = connect_private_app("pat-na1-11111111-2222-3333-4444-666666666666");
  ASSERT_TRUE(poll_until(
      [&] {
        auto runs = api().get(runs_path(id), owner().token);
        return runs.status == 200 && runs.array()->size() == 1 &&
               runs.array()->getObject(0)->getValue<std::string>("state") == "failed";
      },
      "the first retrieval to fail", std::chrono::seconds(90)));
  fake().clear_faults();
  auto shown = connection(id);
  EXPECT_EQ(shown->getValue<std::string>("status"), "error");
  EXPECT_TRUE(shown->isNull("last_retrieval"));
  EXPECT_TRUE(shown->isNull("token_refreshed_at"));
  auto run = api().get(runs_path(id), owner().token).array()->getObject(0);
  EXPECT_FALSE(run->isNull("error"));
  EXPECT_GT(run->getValue<std::uint64_t>("requests"), 0u);
  EXPECT_GT(run->getValue<std::uint64_t>("retries"), 0u);
  EXPECT_EQ(run->getValue<std::uint64_t>("rate_limited"), 0u);
}

TEST_F(ConnectionViews, ARefreshedTokenShowsWhenItWasRefreshed) {
  auto options = small_portal();
  options.access_token_lifetime = std::chrono::seconds(8);
  start_fake(options);
  // refresh_ahead (10 min) is far longer than the tokens' life: the first tick refreshes.
  start_service("scheduler_tick: 1s, refresh_ahead: 10m, retrieve_interval: 0");
  const auto id = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  // (A token this short-lived is refreshed before the first retrieval's calls already.)
  ASSERT_NE(wait_log({"\"credentials refreshed\"", "\"connection\":\"" + std::to_string(id) + "\""}), "");
  auto shown = connection(id);
  ASSERT_FALSE(shown->isNull("token_refreshed_at")) << shown->get("token_refreshed_at").toString();
  const auto refreshed = parse_iso8601(shown->getValue<std::string>("token_refreshed_at"));
  EXPECT_LE(refreshed, parse_iso8601(shown->getValue<std::string>("token_expires_at")));
  EXPECT_GE(refreshed, parse_iso8601(shown->getValue<std::string>("created_at")));
  auto text = service().cli().run({"connections", "show", std::to_string(id)});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("token refreshed"));
  EXPECT_THAT(text.out, HasSubstr(shown->getValue<std::string>("token_refreshed_at")));
}

}  // namespace
}  // namespace hsd::testing
