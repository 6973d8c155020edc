// What engines on one database coordinate through it: one token refresh when two engines find
// a token due at once, schedulers ticking together never queueing a second retrieval for a
// connection, a newer schema stopping every older engine's claims, and a job queued on one
// engine waking another's idle worker.
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "../hubspot/fake_hubspot_helpers.hpp"
#include "multi_engine_harness.hpp"
#include "service_waits.hpp"

namespace hsd::testing {
namespace {

using CoordinationAcrossEngines = MultiEngineTest;

constexpr const char* kTokenPath = "/oauth/2026-03/token";

std::string query_parameter(const std::string& url, const std::string& name) {
  for (const auto& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return "";
}

// How many lines of a log hold every needle.
int count_lines(const std::string& log, const std::vector<std::string>& needles) {
  int count = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    count += std::all_of(needles.begin(), needles.end(),
                         [&](const std::string& n) { return line.find(n) != std::string::npos; });
  }
  return count;
}

// The OAuth consent through engine `index`, as a browser would; the new connection's id.
std::int64_t connect_oauth(const ApiClient& api, const Bootstrapped& owner) {
  auto started = api.get("/api/v1/oauth/hubspot/start?workspace=" + std::to_string(owner.workspace_id), owner.token);
  EXPECT_EQ(started.status, 302) << started.body;
  const std::string back = follow_consent_page(started.headers["location"]);
  auto called = api.get(Poco::URI(back).getPathAndQuery());
  EXPECT_EQ(called.status, 302) << called.body;
  const std::string id = query_parameter(called.headers["location"], "connected");
  if (id.empty()) throw std::runtime_error("the OAuth callback did not name a connection: " + called.body);
  return std::stoll(id);
}

TEST_F(CoordinationAcrossEngines, TwoEnginesFindingATokenDueRefreshItOnceAndBothGoOnWithTheRotatedOne) {
  auto options = tiny_portal();
  options.rotate_refresh_tokens = true;  // a refresh kills the refresh token it used
  start_fake(options);
  // Tokens live 30 minutes, refresh_ahead is 10: nothing is due until the test says so.
  start_engines(2, "scheduler_tick: 300ms, refresh_ahead: 10m, retrieve_interval: 0");
  const auto id = connect_oauth(api(0), owner());
  ASSERT_TRUE(wait_jobs_done(1, kWait));
  const std::string due_now =
      "UPDATE connections SET token_expires_at = " + std::to_string(now_ms() + 60'000) + " WHERE id = " + std::to_string(id);
  const std::string refreshed_since = "SELECT count(*) FROM connections WHERE token_expires_at > ";
  const std::string connection = "\"connection\":\"" + std::to_string(id) + "\"";

  // The token endpoint answers slowly, so whichever engine refreshes first still holds the
  // refresh when the other's scheduler ticks and finds the token due too.
  const auto before = requests_to(fake(), kTokenPath);
  fake().inject_fault(fakes::Fault{kTokenPath, fakes::FaultKind::kSlow, 1, 0, std::chrono::milliseconds(1500)});
  db().exec(due_now);
  for (int i = 0; i < 2; ++i) {
    ASSERT_NE(wait_for_log_lines(engine(i), {"refreshing tokens ahead of expiry"}, kWait), "") << "engine " << i;
  }
  ASSERT_TRUE(poll_until([&] { return db().integer(refreshed_since + std::to_string(now_ms() + 20 * 60'000)) == 1; },
                         "the refreshed token stored"));
  // Stopping an engine waits for its scheduler's pass, so every refresh attempt has ended now.
  int refreshes_logged = 0;
  for (int i = 0; i < 2; ++i) {
    auto stopped = engine(i).terminate();
    ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
    refreshes_logged += count_lines(stopped.err, {"\"credentials refreshed\"", connection});
  }
  EXPECT_EQ(requests_to(fake(), kTokenPath), before + 1) << "both engines refreshed the same token";
  EXPECT_EQ(refreshes_logged, 1);

  // Each engine alone refreshes with the token the other stored: neither was left holding a
  // dead one.
  for (const int alone : {1, 0}) {
    engine(alone).start();
    const auto calls = requests_to(fake(), kTokenPath);
    db().exec(due_now);
    ASSERT_TRUE(poll_until([&] { return db().integer(refreshed_since + std::to_string(now_ms() + 20 * 60'000)) == 1; },
                           "engine " + std::to_string(alone) + " storing a refreshed token"));
    ASSERT_EQ(engine(alone).terminate().exit_code, 0);
    EXPECT_EQ(requests_to(fake(), kTokenPath), calls + 1);
  }
  for (int i = 0; i < 2; ++i) engine(i).start();
  auto retrieval = api(0).post("/api/v1/connections/" + std::to_string(id) + "/retrieve", owner().token);
  ASSERT_EQ(retrieval.status, 202) << retrieval.body;
  ASSERT_TRUE(wait_jobs_done(2, kWait));
  auto shown = api(1).get("/api/v1/connections/" + std::to_string(id), owner().token);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json()->getValue<std::string>("status"), "completed") << shown.body;
  EXPECT_NE(shown.json()->optValue<std::string>("status_code", ""), "reauth_required");
  for (const auto& job : jobs()) EXPECT_EQ(job.state, "succeeded") << job.error;
  EXPECT_EQ(fake().stats().unauthenticated, 0u);
}

TEST_F(CoordinationAcrossEngines, SchedulersTickingTogetherNeverQueueASecondRetrievalForAConnection) {
  start_fake();
  start_engines(3, "scheduler_tick: 100ms, retrieve_interval: 1s");
  const auto portals = connect_portals(8);
  // Each connection's first retrieval plus four scheduled ones, queued by whichever engine ticked.
  ASSERT_TRUE(poll_until(
      [&] {
        return db().integer("SELECT count(*) FROM (SELECT connection_id FROM jobs WHERE state = 'succeeded'"
                            " GROUP BY connection_id HAVING count(*) >= 5) enough") == 8;
      },
      "five retrievals of every connection", std::chrono::seconds(90)));
  for (int i = 0; i < engine_count(); ++i) ASSERT_EQ(engine(i).terminate().exit_code, 0);

  std::map<std::int64_t, std::vector<JobRow>> by_connection;
  for (const auto& job : jobs()) by_connection[job.connection_id].push_back(job);
  ASSERT_EQ(by_connection.size(), 8u);
  for (const auto& [connection, runs] : by_connection) {
    for (std::size_t i = 1; i < runs.size(); ++i) {
      const auto& previous = runs[i - 1];
      // A job queued while the one before was queued or running would have been joined instead.
      ASSERT_TRUE(previous.finished_at) << "job " << previous.id << " never finished";
      EXPECT_GE(runs[i].created_at + kStampSkewMs, *previous.finished_at)
          << "connection " << connection << ": job " << runs[i].id << " was queued while job " << previous.id
          << " was " << (previous.started_at && runs[i].created_at >= *previous.started_at ? "running" : "queued");
    }
  }
}

TEST_F(CoordinationAcrossEngines, ANewerSchemaStopsEveryOlderEnginesClaimsAndReadyzSaysWhy) {
  start_fake();
  start_engines(2, "retrieve_interval: 0");
  const auto portals = connect_portals(1);
  ASSERT_TRUE(wait_jobs_done(1, kWait));
  for (int i = 0; i < 2; ++i) {
    auto ready = api(i).get("/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
  }

  // A newer engine migrated the database.
  const auto supported = db().integer("SELECT max(version) FROM schema_migrations");
  db().exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" + std::to_string(supported + 1) +
            ", 'from_a_newer_hsdeploy', " + std::to_string(now_ms()) + ")");
  auto queued = api(0).post("/api/v1/connections/" + std::to_string(portals[0].connection_id) + "/retrieve", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto job = queued.json()->getValue<std::int64_t>("id");
  const std::string line = "the database schema is at version " + std::to_string(supported + 1) +
                           ", newer than this engine (" + std::to_string(supported) +
                           "): another engine has migrated it; this engine stops claiming jobs until it is upgraded";
  for (int i = 0; i < 2; ++i) {
    ASSERT_NE(wait_for_log_lines(engine(i), {line}, kWait), "") << "engine " << i;
    auto ready = api(i).get("/readyz");
    EXPECT_EQ(ready.status, 503) << ready.body;
    EXPECT_NE(ready.body.find("newer than this engine"), std::string::npos) << ready.body;
  }
  // Both engines have stopped claiming: the job queued after the migration is still untouched.
  const auto after = jobs("id = " + std::to_string(job));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].state, "queued");
  EXPECT_EQ(after[0].attempts, 0);
  EXPECT_EQ(after[0].lease_owner, "");
}

TEST_F(CoordinationAcrossEngines, AJobQueuedOnOneEngineWakesAnIdleWorkerOfAnother) {
  start_fake();
  // Engine A alone first, with both workers held mid-run on their connections' forms.
  start_engines(1, "retrieve_interval: 0");
  const auto portals = connect_portals(3);
  ASSERT_TRUE(wait_jobs_done(3, kWait));
  fake_control("POST", "/__fake/gates", R"({"path":"/marketing"})");
  for (int i = 0; i < 2; ++i) {
    auto held = api(0).post("/api/v1/connections/" + std::to_string(portals[static_cast<std::size_t>(i)].connection_id) +
                                "/retrieve",
                            owner().token, R"({"types":["forms"]})");
    ASSERT_EQ(held.status, 202) << held.body;
  }
  ASSERT_TRUE(poll_until([&] { return gate_waiting("/marketing") >= 2; }, "engine A's two workers held at the gate"));

  // Engine B, one worker, idle, polling only every 10 minutes: after each job it claims once
  // more and then waits, so only a wake-up explains its claiming the next job within kWait.
  const int b = add_engine("retrieve_interval: 0, workers: 1, job_poll: 10m, job_lease: 30m");
  engine(b).start();
  const auto probe = portals[2].connection_id;
  std::vector<std::int64_t> waits;
  for (int round = 0; round < 5; ++round) {
    const auto finished = jobs("state = 'succeeded'").size();
    auto queued = api(0).post("/api/v1/connections/" + std::to_string(probe) + "/retrieve", owner().token,
                              R"({"types":["contact_properties"]})");
    ASSERT_EQ(queued.status, 202) << queued.body;
    const auto id = queued.json()->getValue<std::int64_t>("id");
    ASSERT_TRUE(poll_until([&] { return jobs("state = 'succeeded'").size() > finished; }, "the probe job done"));
    const auto done = jobs("id = " + std::to_string(id));
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].state, "succeeded") << done[0].error;
    EXPECT_EQ(engine_of(done[0].lease_owner), b) << "engine A's workers were busy; B must have run it";
    ASSERT_TRUE(done[0].started_at);
    waits.push_back(*done[0].started_at - done[0].created_at);
  }
  std::sort(waits.begin(), waits.end());
  std::string all;
  for (auto w : waits) all += std::to_string(w) + " ms ";
  EXPECT_LT(waits.back(), std::chrono::milliseconds(kWait).count()) << "a claim waited for a poll: " << all;
  for (const auto& job : jobs("state IN ('queued', 'running')")) EXPECT_NE(engine_of(job.lease_owner), b);
  fake_control("POST", "/__fake/gates/open", R"({"path":"/marketing"})");
  ASSERT_TRUE(wait_jobs_done(10, kWait));
}

}  // namespace
}  // namespace hsd::testing
