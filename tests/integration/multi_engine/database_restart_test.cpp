// PostgreSQL restarting under two engines mid-work: requests in flight get 503 with a retry hint
// or succeed, nothing half-written stays (every completed snapshot holds the whole portal), the
// engines reconnect and every job completes.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "../../storage/pg_cluster.hpp"
#include "multi_engine_harness.hpp"

namespace hsd::testing {
namespace {

using DatabaseRestart = MultiEngineTest;

TEST_F(DatabaseRestart, EnginesAnswer503OrSucceedReconnectAndFinishEveryJob) {
  use_own_cluster();  // a restart is seen by every process on a cluster
  start_fake();
  start_engines(2, "job_lease: 3s, retry_backoff: 1s, retrieve_interval: 0");
  const auto portals = connect_portals(6);
  ASSERT_TRUE(wait_jobs_done(6, kWait));

  // Readers on both engines for the whole restart.
  std::atomic<bool> stop{false};
  std::mutex answers_mutex;
  std::map<int, int> answers;  // status -> count
  std::vector<std::string> bad;
  std::vector<std::thread> readers;
  for (int e = 0; e < 2; ++e) {
    readers.emplace_back([&, e] {
      for (std::size_t i = 0; !stop; ++i) {
        const auto& portal = portals[i % portals.size()];
        const std::string path = i % 2 ? "/api/v1/workspaces/" + std::to_string(portal.workspace_id) + "/connections"
                                       : "/api/v1/connections/" + std::to_string(portal.connection_id);
        HttpReply got;
        try {
          got = api(e).get(path, owner().token);
        } catch (const std::exception& error) {
          std::lock_guard lock(answers_mutex);
          bad.push_back("GET " + path + " on engine " + std::to_string(e) + " failed: " + error.what());
          continue;
        }
        std::lock_guard lock(answers_mutex);
        ++answers[got.status];
        if (got.status != 200 && !(got.status == 503 && got.headers.count("retry-after"))) {
          bad.push_back("GET " + path + " on engine " + std::to_string(e) + ": " + std::to_string(got.status) + " " +
                        got.body);
        }
      }
    });
  }

  const auto queued = queue_retrievals(4);
  ASSERT_TRUE(poll_until([&] { return jobs("state = 'succeeded'").size() >= 6 + 4; }, "some retrievals done"));
  ASSERT_GT(jobs("state IN ('queued', 'running')").size(), 0u) << "the restart should come mid-work";
  std::string error;
  ASSERT_TRUE(cluster().restart(error)) << error;
  const bool done = wait_jobs_done(6 + queued.size(), std::chrono::seconds(90));
  stop = true;
  for (auto& reader : readers) reader.join();
  ASSERT_TRUE(done);

  for (const auto& job : jobs()) EXPECT_EQ(job.state, "succeeded") << "job " << job.id << ": " << job.error;
  EXPECT_TRUE(bad.empty()) << bad.size() << " bad answers, the first: " << bad.front();
  EXPECT_GT(answers[200], 0);
  // Every completed snapshot holds the whole portal: a retrieval cut short left none half-made.
  const auto expected = fake().expected_objects(fakes::default_granted_scopes()).size();
  for (const auto& row : db().rows("SELECT s.id, s.state, (SELECT count(*) FROM metadata_objects o WHERE o.snapshot_id = s.id)"
                                   " FROM snapshots s WHERE s.state IN ('current', 'previous') ORDER BY s.id")) {
    EXPECT_EQ(std::stoul(*row[2]), expected) << "snapshot " << *row[0] << " (" << *row[1] << ")";
  }
  EXPECT_EQ(db().integer("SELECT count(*) FROM snapshots WHERE state = 'current'"), 6);
  // And the engines work on: one more retrieval through each.
  for (int e = 0; e < 2; ++e) {
    auto again = api(e).post("/api/v1/connections/" + std::to_string(portals[static_cast<std::size_t>(e)].connection_id) +
                                 "/retrieve",
                             owner().token);
    ASSERT_EQ(again.status, 202) << again.body;
  }
  ASSERT_TRUE(wait_jobs_done(6 + queued.size() + 2, kWait));
  for (const auto& job : jobs()) EXPECT_EQ(job.state, "succeeded") << "job " << job.id << ": " << job.error;
}

}  // namespace
}  // namespace hsd::testing
