// Jobs shared by several engines on one database: every queued job completes exactly once, each
// engine takes a share, a connection never runs two jobs at once, and an engine killed with
// SIGKILL mid-run leaves its jobs to the others once its leases lapse.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "multi_engine_harness.hpp"

namespace hsd::testing {
namespace {

using JobsAcrossEngines = MultiEngineTest;

// Jobs of one connection ran one after another: each started once the one before had finished.
void expect_no_overlap(const std::vector<JobRow>& all, const std::set<std::int64_t>& skip = {}) {
  std::map<std::int64_t, std::vector<JobRow>> by_connection;
  for (const auto& job : all) {
    if (job.connection_id != 0 && job.started_at && job.finished_at && !skip.count(job.id)) {
      by_connection[job.connection_id].push_back(job);
    }
  }
  for (auto& [connection, runs] : by_connection) {
    std::sort(runs.begin(), runs.end(), [](const JobRow& a, const JobRow& b) { return *a.started_at < *b.started_at; });
    for (std::size_t i = 1; i < runs.size(); ++i) {
      EXPECT_GE(*runs[i].started_at + kStampSkewMs, *runs[i - 1].finished_at)
          << "connection " << connection << ": job " << runs[i].id << " started while job " << runs[i - 1].id
          << " was still running";
    }
  }
}

// Each connection's completed snapshots (current and kept ones) match its succeeded retrievals:
// every retrieval activated exactly one snapshot.
void expect_one_snapshot_per_retrieval(PgDatabase& db) {
  for (const auto& row : db.rows(
           "SELECT c.id,"
           " (SELECT count(*) FROM jobs j WHERE j.connection_id = c.id AND j.pipeline = 'retrieve' AND j.state = 'succeeded'),"
           " (SELECT count(*) FROM snapshots s WHERE s.connection_id = c.id AND s.state IN ('current', 'previous'))"
           " FROM connections c ORDER BY c.id")) {
    EXPECT_EQ(*row[1], *row[2]) << "connection " << *row[0] << ": succeeded retrievals vs completed snapshots";
  }
}

TEST_F(JobsAcrossEngines, ThreeEnginesWorkThroughThreeHundredRetrievalsEachExactlyOnce) {
  start_fake();
  start_engines(3, "job_lease: 10s, retrieve_interval: 0");
  const auto portals = connect_portals(100);  // each connection's first retrieval is queued
  ASSERT_TRUE(wait_jobs_done(100, std::chrono::seconds(90)));

  const auto queued = queue_retrievals(3);
  ASSERT_EQ(queued.size(), 300u);
  ASSERT_TRUE(wait_jobs_done(400, std::chrono::seconds(120)));

  const auto all = jobs();
  ASSERT_EQ(all.size(), 400u) << "a job was added or lost";
  std::map<int, int> per_engine;
  const std::set<std::int64_t> batch(queued.begin(), queued.end());
  for (const auto& job : all) {
    EXPECT_EQ(job.state, "succeeded") << "job " << job.id << ": " << job.error;
    EXPECT_EQ(job.attempts, 1) << "job " << job.id << " was claimed more than once with no engine dying";
    const int by = engine_of(job.lease_owner);
    EXPECT_GE(by, 0) << "job " << job.id << " ran under an unknown lease owner '" << job.lease_owner << "'";
    if (batch.count(job.id)) ++per_engine[by];
  }
  for (int i = 0; i < 3; ++i) EXPECT_GT(per_engine[i], 0) << "engine " << i << " ran none of the 300";
  expect_no_overlap(all);
  expect_one_snapshot_per_retrieval(db());
  EXPECT_EQ(db().integer("SELECT count(*) FROM connections WHERE status <> 'completed'"), 0);
}

TEST_F(JobsAcrossEngines, AKilledEnginesJobsAreFinishedByTheOthersWithinALease) {
  constexpr std::int64_t kLeaseMs = 3000;
  start_fake();
  start_engines(3, "job_lease: 3s, retrieve_interval: 0");
  connect_portals(12);
  ASSERT_TRUE(wait_jobs_done(12, std::chrono::seconds(60)));

  // Every retrieval waits at the fake's gate on its forms: all six workers hold a job mid-run.
  fake_control("POST", "/__fake/gates", R"({"path":"/marketing"})");
  queue_retrievals(3);
  ASSERT_TRUE(poll_until([&] { return jobs("state = 'running'").size() == 6; }, "six jobs running"));
  ASSERT_TRUE(poll_until([&] { return gate_waiting("/marketing") >= 6; }, "six requests held at the gate"));
  const int victim = 1;
  std::set<std::int64_t> orphaned;
  for (const auto& job : jobs("state = 'running'")) {
    if (engine_of(job.lease_owner) == victim) orphaned.insert(job.id);
  }
  ASSERT_EQ(orphaned.size(), 2u) << "each engine should hold two jobs";
  engine(victim).kill();
  const auto killed_at = now_ms();
  fake_control("POST", "/__fake/gates/open", R"({"path":"/marketing"})");

  ASSERT_TRUE(wait_jobs_done(48, std::chrono::seconds(60)));
  for (const auto& job : jobs()) {
    EXPECT_EQ(job.state, "succeeded") << "job " << job.id << ": " << job.error;
    if (orphaned.count(job.id)) {
      EXPECT_EQ(job.attempts, 2) << "job " << job.id << " of the killed engine: claimed once more";
      EXPECT_NE(engine_of(job.lease_owner), victim);
      EXPECT_GE(engine_of(job.lease_owner), 0);
      ASSERT_TRUE(job.finished_at);
      EXPECT_LE(*job.finished_at - killed_at, kLeaseMs + 10'000) << "job " << job.id << " waited past its lease";
    } else {
      EXPECT_EQ(job.attempts, 1) << "job " << job.id;
    }
  }
  // The orphaned runs started before their takers; every other pair of one connection never met.
  expect_no_overlap(jobs(), orphaned);
  expect_one_snapshot_per_retrieval(db());
}

}  // namespace
}  // namespace hsd::testing
