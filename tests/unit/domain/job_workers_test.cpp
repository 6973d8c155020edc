// Real job workers running the echo_source plugin's pipelines: jobs run to their outcome, a
// job whose worker died is taken over or reaped, retryable failures wait for their backoff,
// and a shutdown or a cancel stops a running job. Tests wait on the job's state, never on time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/connection_removal.hpp"
#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain/job_workers.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Objects per type for a retrieval that is still running whenever the test looks.
constexpr const char* kLongRetrieval = R"({"count":500000})";

class JobWorkersTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "acme");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
  }
  void TearDown() override {
    workers_.reset();
    DomainFixture::TearDown();
  }

  JobWorkers& start_workers(int count = 2, std::chrono::milliseconds retry_backoff = std::chrono::minutes(10),
                            std::chrono::milliseconds lease = std::chrono::seconds(30)) {
    WorkerOptions options;
    options.workers = count;
    options.lease = lease;
    options.poll = std::chrono::milliseconds(20);
    options.retry_backoff = retry_backoff;
    options.name = "test";
    workers_ = std::make_unique<JobWorkers>(engine(), credentials(), options);
    workers_->start();
    workers_->wake();
    return *workers_;
  }

  std::int64_t enqueue(const std::string& params = "{}", int max_attempts = 3,
                       const std::string& pipeline = "retrieve") {
    JobRequest request;
    request.workspace_id = workspace_;
    request.connection_id = connection_;
    request.pipeline = pipeline;
    request.params_json = params;
    request.max_attempts = max_attempts;
    auto queued = enqueue_job(session(), request, Actor{});
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    return queued.ok() ? queued->job->getValue<std::int64_t>("id") : 0;
  }

  // Claims the job as a worker that then dies: its lease lapses after lease_ms.
  std::int64_t claim_and_abandon(std::int64_t job_id, std::int64_t lease_ms) {
    auto claimed = session().job_claim("dead-host/0", now_ms(), lease_ms);
    EXPECT_TRUE(claimed.ok() && !claimed->isNull());
    if (!claimed.ok() || claimed->isNull()) return 0;
    EXPECT_EQ((*claimed)->getValue<std::int64_t>("id"), job_id);
    return (*claimed)->getValue<std::int64_t>("lease_expires_at");
  }

  bool job_reaches(std::int64_t job_id, const std::string& state) {
    const bool reached = eventually([&] { return state_of_job(job_id) == state; });
    if (!reached) ADD_FAILURE() << "job " << job_id << " is " << state_of_job(job_id) << ", not " << state;
    return reached;
  }

  std::string connection_status() { return row("connections", connection_)->getValue<std::string>("status"); }

  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
  std::unique_ptr<JobWorkers> workers_;
};

TEST_F(JobWorkersTest, AQueuedRetrievalRunsToSuccess) {
  const auto job_id = enqueue(R"({"count":3})");
  EXPECT_EQ(connection_status(), "pending");
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "succeeded"));
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 1);
  EXPECT_FALSE(job->isNull("started_at"));
  EXPECT_FALSE(job->isNull("finished_at"));
  EXPECT_THAT(job->getValue<std::string>("lease_owner"), StartsWith("test/"));
  EXPECT_EQ(job->getObject("result")->getValue<std::int64_t>("objects"), 6);
  EXPECT_EQ(job->getObject("result")->getObject("objects_by_type")->getValue<std::int64_t>("widgets"), 3);
  const auto connection = row("connections", connection_);
  EXPECT_EQ(connection->getValue<std::string>("status"), "completed");
  EXPECT_FALSE(connection->isNull("current_snapshot_id"));
  auto page = session().metadata_list(connection_, MetadataQuery{});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->rows.size(), 6u);
  // The worker stores the job's end before it forgets the run, so the count drops just after.
  EXPECT_TRUE(eventually([&] { return workers_->running_count() == 0; }));
}

TEST_F(JobWorkersTest, AJobWhoseLeaseLapsedIsClaimedAgainAndCompletes) {
  const auto job_id = enqueue(R"({"count":2})");
  const auto expires = claim_and_abandon(job_id, 1);
  ASSERT_TRUE(eventually([&] { return now_ms() > expires; }));
  ASSERT_EQ(state_of_job(job_id), "running");
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "succeeded"));
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 2);
  EXPECT_THAT(job->getValue<std::string>("lease_owner"), StartsWith("test/"));
  EXPECT_EQ(connection_status(), "completed");
}

TEST_F(JobWorkersTest, AJobOutOfAttemptsWithALapsedLeaseIsReapedAsFailed) {
  const auto job_id = enqueue(R"({"count":2})", 1);
  const auto expires = claim_and_abandon(job_id, 1);
  ASSERT_TRUE(eventually([&] { return now_ms() > expires; }));
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "failed"));
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 1);
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("its worker stopped while running it 1 times"));
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("dead-host/0"));
  EXPECT_FALSE(job->isNull("finished_at"));
  ASSERT_TRUE(eventually([&] { return connection_status() == "error"; }));
  EXPECT_THAT(row("connections", connection_)->getValue<std::string>("status_detail"), HasSubstr("worker stopped"));
}

TEST_F(JobWorkersTest, ARetryableFailureGoesBackToTheQueueWithABackoff) {
  const auto job_id = enqueue(R"({"count":5,"fail_after":2})", 3);
  const auto before = now_ms();
  start_workers(2, std::chrono::minutes(10));
  ASSERT_TRUE(eventually([&] {
    const auto job = row("jobs", job_id);
    return job->getValue<std::string>("state") == "queued" && job->getValue<std::int64_t>("attempts") == 1;
  })) << "job " << job_id << " is " << state_of_job(job_id);
  const auto job = row("jobs", job_id);
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("simulated failure after 2 objects"));
  const auto run_after = job->getValue<std::int64_t>("run_after");
  // The first retry waits the base backoff plus up to a quarter more.
  EXPECT_GE(run_after, before + 10 * 60'000);
  EXPECT_LE(run_after, now_ms() + 10 * 60'000 * 5 / 4);
  EXPECT_TRUE(job->isNull("finished_at"));
  EXPECT_TRUE(job->isNull("lease_owner"));
  // The worker records the connection's status just after the job's.
  ASSERT_TRUE(eventually([&] { return connection_status() == "pending"; })) << connection_status();
  const auto connection = row("connections", connection_);
  EXPECT_THAT(connection->getValue<std::string>("status_detail"), HasSubstr("attempt 1 of 3 failed"));
  // The failed retrieval left no snapshot behind.
  EXPECT_TRUE(connection->isNull("current_snapshot_id"));
  auto info = queue_info(session(), connection_);
  ASSERT_TRUE(info.ok() && info->has_value());
  EXPECT_FALSE((**info)->isNull("run_after"));
}

TEST_F(JobWorkersTest, ARetryableFailureOnTheLastAttemptFails) {
  const auto job_id = enqueue(R"({"count":5,"fail_after":0})", 1);
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "failed"));
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 1);
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("simulated failure"));
  EXPECT_EQ(connection_status(), "error");
}

TEST_F(JobWorkersTest, AFailureThatCannotBeRetriedFailsAfterOneAttempt) {
  const auto job_id = enqueue("{}", 3, "no_such_pipeline");
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "failed"));
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 1);
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("no pipeline 'no_such_pipeline'"));
  // The worker records the connection's status just after the job's.
  ASSERT_TRUE(eventually([&] { return connection_status() == "error"; })) << connection_status();
  const auto connection = row("connections", connection_);
  EXPECT_THAT(connection->getValue<std::string>("status_detail"), HasSubstr("no_such_pipeline"));
}

TEST_F(JobWorkersTest, StopWithoutGracePutsTheRunningJobBackWithoutSpendingAnAttempt) {
  const auto job_id = enqueue(kLongRetrieval);
  auto& workers = start_workers();
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  workers.stop(std::chrono::milliseconds(0));
  EXPECT_EQ(workers.running_count(), 0u);
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::string>("state"), "queued");
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 0);
  EXPECT_TRUE(job->isNull("lease_owner"));
  EXPECT_TRUE(job->isNull("finished_at"));
  EXPECT_LE(job->getValue<std::int64_t>("run_after"), now_ms());
  EXPECT_THAT(job->getValue<std::string>("error"), HasSubstr("shutdown"));
  EXPECT_EQ(connection_status(), "pending");
  EXPECT_TRUE(row("connections", connection_)->isNull("current_snapshot_id"));
}

TEST_F(JobWorkersTest, TheRequeuedJobRunsAgainAtTheNextStart) {
  const auto job_id = enqueue(kLongRetrieval);
  auto& workers = start_workers();
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  workers.stop(std::chrono::milliseconds(0));
  ASSERT_EQ(state_of_job(job_id), "queued");
  // Make the retrieval short, then start again.
  Poco::JSON::Object patch;
  patch.set("params", JsonObject(*parse_object(R"({"count":1})", "params")));
  ASSERT_TRUE(session().update("jobs", job_id, patch).ok());
  start_workers();
  ASSERT_TRUE(job_reaches(job_id, "succeeded"));
  EXPECT_EQ(row("jobs", job_id)->getValue<std::int64_t>("attempts"), 1);
}

TEST_F(JobWorkersTest, TheHeartbeatKeepsTheLeaseOfARunningJob) {
  const auto job_id = enqueue(kLongRetrieval);
  // A 6 s lease is renewed every 2 s: room for a slow run (ThreadSanitizer on a loaded machine
  // once let a 3 s lease lapse, and the other worker rightly took the job over).
  auto& workers = start_workers(2, std::chrono::minutes(10), std::chrono::seconds(6));
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  const auto first = row("jobs", job_id);
  const auto owner = first->getValue<std::string>("lease_owner");
  const auto lease = first->getValue<std::int64_t>("lease_expires_at");
  ASSERT_TRUE(eventually([&] { return row("jobs", job_id)->getValue<std::int64_t>("lease_expires_at") > lease; }))
      << "the lease was never extended";
  const auto later = row("jobs", job_id);
  EXPECT_EQ(later->getValue<std::string>("state"), "running");
  EXPECT_EQ(later->getValue<std::string>("lease_owner"), owner);
  EXPECT_EQ(later->getValue<std::int64_t>("attempts"), 1);
  EXPECT_TRUE(workers.cancel_connection(connection_, std::chrono::seconds(60)));
}

TEST_F(JobWorkersTest, AJobCancelledInStorageStopsAtTheNextHeartbeat) {
  const auto job_id = enqueue(kLongRetrieval);
  auto& workers = start_workers(2, std::chrono::minutes(10), std::chrono::seconds(3));
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  // What deleting the connection from another process does.
  Poco::JSON::Object patch, expected;
  patch.set("state", std::string("cancelled"));
  expected.set("state", std::string("running"));
  ASSERT_TRUE(session().update("jobs", job_id, patch, expected).ok());
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 0; })) << "the job never noticed";
  EXPECT_EQ(state_of_job(job_id), "cancelled");
  EXPECT_TRUE(row("connections", connection_)->isNull("current_snapshot_id"));
}

TEST_F(JobWorkersTest, CancelConnectionStopsItsRunningJob) {
  const auto job_id = enqueue(kLongRetrieval);
  auto& workers = start_workers();
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  // Another connection's cancel has nothing to wait for.
  EXPECT_TRUE(workers.cancel_connection(connection_ + 1000, std::chrono::milliseconds(0)));
  EXPECT_EQ(workers.running_count(), 1u);
  EXPECT_TRUE(workers.cancel_connection(connection_, std::chrono::seconds(60)));
  EXPECT_EQ(workers.running_count(), 0u);
  const auto job = row("jobs", job_id);
  EXPECT_EQ(job->getValue<std::string>("state"), "cancelled");
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 1);
  EXPECT_FALSE(job->isNull("finished_at"));
  EXPECT_TRUE(row("connections", connection_)->isNull("current_snapshot_id"));
}

TEST_F(JobWorkersTest, RemovingAConnectionStopsItsJobsAndDeletesIt) {
  const auto running = enqueue(kLongRetrieval);
  auto& workers = start_workers();
  ASSERT_TRUE(eventually([&] { return workers.running_count() == 1; }));
  const auto queued = enqueue(R"({"count":1})");
  ASSERT_EQ(state_of_job(queued), "queued");
  const auto connection = row("connections", connection_);
  auto removed = remove_connection(engine(), credentials(), &workers, connection, Actor{std::nullopt, "test"});
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(workers.running_count(), 0u);
  auto gone = session().get("connections", connection_);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::not_found);
  // The jobs either went with the connection or were cancelled; neither may run.
  for (const auto job_id : {running, queued}) {
    const auto state = state_of_job(job_id);
    EXPECT_TRUE(state == "cancelled" || state.rfind("<", 0) == 0) << "job " << job_id << " is " << state;
  }
}

}  // namespace
}  // namespace hsd::engine
