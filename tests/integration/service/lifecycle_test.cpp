// The service's jobs across crashes, shutdowns and deletions, against the fake HubSpot made
// slow so that a retrieval is caught mid-way: a SIGKILLed run is claimed again once its lease
// lapses while readers keep seeing the previous snapshot; SIGTERM lets a run finish within the
// grace period and otherwise puts it back without spending an attempt; deleting a connection
// cancels its run, revokes its token and leaves nothing behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../hubspot/recording_proxy.hpp"
#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

constexpr const char* kPat = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
// The paths of every metadata call (not the token, introspect or revoke calls).
const std::vector<std::string> kDataPaths = {"/crm", "/automation", "/marketing"};

class ServiceLifecycle : public HubSpotServiceTest {
 protected:
  // Every metadata call from now on waits `delay` before it is answered.
  void slow_down_data_calls(milliseconds delay) {
    for (const auto& path : kDataPaths) fake().inject_fault(slow_fault(path, delay, 100'000));
  }

  // POST .../retrieve; the queued job's id.
  std::string queue_retrieval(std::int64_t id) {
    auto queued = api().post("/api/v1/connections/" + std::to_string(id) + "/retrieve", owner().token);
    EXPECT_EQ(queued.status, 202) << queued.body;
    return queued.json()->get("id").toString();
  }

  // Waits until the job runs and one of its metadata calls is being answered, i.e. the new
  // snapshot is open and the retrieval is mid-way.
  void wait_until_mid_retrieval(const std::string& job) {
    const auto faults = fake().stats().faults_injected;
    ASSERT_NE(wait_log({"\"job started\"", "\"job\":\"" + job + "\""}), "");
    ASSERT_TRUE(poll_until([&] { return fake().stats().faults_injected > faults; }, "a metadata call at the fake"));
  }

  std::string job_column(const std::string& job, const std::string& column) {
    return sql_value("SELECT " + column + " FROM jobs WHERE id = " + job).value_or("NULL");
  }

  std::int64_t building_snapshots(std::int64_t id) {
    return sql_int("SELECT count(*) FROM snapshots WHERE state = 'building' AND connection_id = " + std::to_string(id));
  }

  // Connects with a private app token and waits for the first retrieval; its objects.
  ObjectHashes connect_and_retrieve(std::int64_t& id) {
    id = connect_private_app(kPat);
    EXPECT_NE(wait_log("\"job succeeded\""), "");
    return api_metadata(id);
  }
};

TEST_F(ServiceLifecycle, ARetrievalKilledMidWayIsClaimedAgainWhileThePreviousSnapshotStaysReadable) {
  start_fake();
  start_service("job_lease: 2s, shutdown_grace: 5s, scheduler_tick: 1s, retrieve_interval: 0");
  std::int64_t id = 0;
  const auto first = connect_and_retrieve(id);
  ASSERT_EQ(first, hashes_of(fake().expected_objects()));
  std::set<std::int64_t> snapshots;
  api_metadata(id, &snapshots);
  ASSERT_EQ(snapshots.size(), 1u);
  const auto previous = *snapshots.begin();

  // The portal changes, so the next snapshot differs from the previous one.
  fake().change_portal();
  const auto second = hashes_of(fake().expected_objects());
  ASSERT_NE(first, second);
  slow_down_data_calls(milliseconds(700));
  const auto job = queue_retrieval(id);
  wait_until_mid_retrieval(job);
  service().kill();

  // While the service is down: the crashed run left its snapshot building and its job
  // running under a lease; readers still get the previous snapshot.
  ASSERT_EQ(building_snapshots(id), 1);
  EXPECT_EQ(job_column(job, "state"), "running");
  EXPECT_EQ(job_column(job, "attempts"), "1");
  EXPECT_EQ(cli_metadata(id), first);

  // The restarted run is slow once more (its schemas call), so it can be read mid-way too.
  fake().clear_faults();
  fake().inject_fault(slow_fault("/crm-object-schemas", milliseconds(3000), 1));
  service().start();
  const auto restarted = wait_log({"\"job started\"", "\"job\":\"" + job + "\""});
  ASSERT_NE(restarted, "");
  EXPECT_THAT(restarted, HasSubstr("\"attempt\":\"2\""));
  snapshots.clear();
  EXPECT_EQ(api_metadata(id, &snapshots), first) << "the previous snapshot must stay readable during the new run";
  EXPECT_EQ(snapshots, std::set<std::int64_t>{previous});
  EXPECT_NE(wait_log("discarded a snapshot left by an interrupted run"), "");
  ASSERT_NE(wait_log({"\"job succeeded\"", "\"job\":\"" + job + "\""}), "");

  snapshots.clear();
  EXPECT_EQ(api_metadata(id, &snapshots), second);
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_NE(*snapshots.begin(), previous);
  EXPECT_EQ(building_snapshots(id), 0);
  // The new snapshot is current (SQLite may give it the crashed one's id again), the previous
  // one is kept (retention.snapshots), and nothing the crashed run wrote is left.
  const std::string of_it = " WHERE connection_id = " + std::to_string(id);
  EXPECT_EQ(sql_int("SELECT count(*) FROM snapshots" + of_it), 2);
  EXPECT_EQ(sql_int("SELECT id FROM snapshots" + of_it + " AND state = 'current'"), *snapshots.begin());
  EXPECT_EQ(sql_int("SELECT id FROM snapshots" + of_it + " AND state = 'previous'"), previous);
  EXPECT_EQ(sql_int("SELECT count(*) FROM metadata_objects WHERE snapshot_id = " + std::to_string(*snapshots.begin())),
            static_cast<std::int64_t>(second.size()));
  EXPECT_EQ(sql_int("SELECT count(*) FROM metadata_objects WHERE snapshot_id = " + std::to_string(previous)),
            static_cast<std::int64_t>(first.size()));
  EXPECT_EQ(job_column(job, "state"), "succeeded");
  EXPECT_EQ(job_column(job, "attempts"), "2");
  EXPECT_EQ(connection(id)->getValue<std::string>("status"), "completed");
}

TEST_F(ServiceLifecycle, SigtermWithALongGraceLetsTheRunningRetrievalFinish) {
  start_fake();
  start_service("job_lease: 2s, shutdown_grace: 20s, retrieve_interval: 0");
  std::int64_t id = 0;
  ASSERT_EQ(connect_and_retrieve(id), hashes_of(fake().expected_objects()));
  fake().change_portal();
  const auto second = hashes_of(fake().expected_objects());
  slow_down_data_calls(milliseconds(300));
  const auto job = queue_retrieval(id);
  wait_until_mid_retrieval(job);

  auto stopped = service().terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  const auto stopping = lines_with(stopped.err, {"\"stopping: "});
  const auto succeeded = lines_with(stopped.err, {"\"job succeeded\"", "\"job\":\"" + job + "\""});
  ASSERT_EQ(stopping.size(), 1u) << stopped.err;
  ASSERT_EQ(succeeded.size(), 1u) << stopped.err;
  EXPECT_GT(succeeded.front().first, stopping.front().first) << "the run must have finished during the drain";
  EXPECT_TRUE(lines_with(stopped.err, {"\"job put back in the queue\""}).empty()) << stopped.err;
  EXPECT_FALSE(lines_with(stopped.err, {"\"stopped\""}).empty());

  EXPECT_EQ(job_column(job, "state"), "succeeded");
  EXPECT_EQ(job_column(job, "attempts"), "1");
  EXPECT_EQ(building_snapshots(id), 0);
  EXPECT_EQ(cli_metadata(id), second);
}

TEST_F(ServiceLifecycle, SigtermWithAShortGracePutsTheRetrievalBackWithoutSpendingAnAttempt) {
  start_fake();
  start_service("job_lease: 2s, shutdown_grace: 1s, retrieve_interval: 0");
  std::int64_t id = 0;
  const auto first = connect_and_retrieve(id);
  ASSERT_EQ(first, hashes_of(fake().expected_objects()));
  fake().change_portal();
  const auto second = hashes_of(fake().expected_objects());
  slow_down_data_calls(milliseconds(2500));  // far longer than the grace period
  const auto job = queue_retrieval(id);
  wait_until_mid_retrieval(job);

  auto stopped = service().terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(lines_with(stopped.err, {"\"job put back in the queue\"", "\"job\":\"" + job + "\""}).size(), 1u)
      << stopped.err;
  EXPECT_TRUE(lines_with(stopped.err, {"\"job succeeded\"", "\"job\":\"" + job + "\""}).empty()) << stopped.err;

  // Down: the job waits in the queue as it was before it started, and nothing is half-written.
  EXPECT_EQ(job_column(job, "state"), "queued");
  EXPECT_EQ(job_column(job, "attempts"), "0") << "a shutdown must not spend an attempt";
  EXPECT_EQ(sql_value("SELECT status FROM connections WHERE id = " + std::to_string(id)), "pending");
  EXPECT_EQ(building_snapshots(id), 0);
  EXPECT_EQ(cli_metadata(id), first);

  fake().clear_faults();
  service().start();
  const auto restarted = wait_log({"\"job started\"", "\"job\":\"" + job + "\""});
  EXPECT_THAT(restarted, HasSubstr("\"attempt\":\"1\""));
  ASSERT_NE(wait_log({"\"job succeeded\"", "\"job\":\"" + job + "\""}), "");
  EXPECT_EQ(job_column(job, "state"), "succeeded");
  EXPECT_EQ(job_column(job, "attempts"), "1");
  EXPECT_EQ(api_metadata(id), second);
  EXPECT_EQ(connection(id)->getValue<std::string>("status"), "completed");
}

TEST_F(ServiceLifecycle, DeletingAConnectionDuringARetrievalCancelsItRevokesTheTokenAndLeavesNothing) {
  start_fake(small_portal(), /*through_proxy=*/true);  // to learn the refresh token hsdeploy holds
  start_service("job_lease: 2s, shutdown_grace: 5s, retrieve_interval: 0");
  const auto id = connect_oauth(owner().workspace_id);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  ASSERT_FALSE(api_metadata(id).empty());
  ASSERT_EQ(proxy().refresh_tokens().size(), 1u);
  const auto refresh_token = proxy().refresh_tokens().front();
  ASSERT_TRUE(refresh_token_active(refresh_token));

  slow_down_data_calls(milliseconds(1500));
  const auto job = queue_retrieval(id);
  wait_until_mid_retrieval(job);
  const std::string path = "/api/v1/connections/" + std::to_string(id);
  auto deleted = api().del(path, owner().token);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_NE(wait_log({"\"job cancelled\"", "\"job\":\"" + job + "\""}), "");

  EXPECT_EQ(requests_to("/oauth/2026-03/token/revoke"), 1u);
  EXPECT_FALSE(refresh_token_active(refresh_token)) << "the refresh token still works at HubSpot";
  EXPECT_EQ(api().get(path, owner().token).status, 404);
  EXPECT_EQ(api().get(path + "/metadata", owner().token).status, 404);
  EXPECT_EQ(api().get("/api/v1/jobs?connection=" + std::to_string(id), owner().token).status, 404);
  const std::string of_it = " WHERE connection_id = " + std::to_string(id);
  EXPECT_EQ(sql_int("SELECT count(*) FROM connections WHERE id = " + std::to_string(id)), 0);
  for (const char* table : {"credentials", "snapshots", "metadata_objects", "jobs"}) {
    EXPECT_EQ(sql_int(std::string("SELECT count(*) FROM ") + table + of_it), 0) << table;
  }
  EXPECT_EQ(sql_int("SELECT count(*) FROM metadata_blobs"), 0) << "blobs only that connection used must go too";

  auto stopped = service().terminate();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_TRUE(lines_with(stopped.err, {"\"job succeeded\"", "\"job\":\"" + job + "\""}).empty());
  EXPECT_TRUE(lines_with(stopped.err, {"\"job failed", "\"job\":\"" + job + "\""}).empty());
}

}  // namespace
}  // namespace hsd::testing
