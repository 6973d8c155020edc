// The durable job queue: enqueueing marks the connection pending and joins an identical queued
// job, queue_info explains why a connection waits, and cancelling touches queued jobs only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class JobQueueTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "first");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
    auto second = connect_echo(workspace_, "second");
    ASSERT_FALSE(second.isNull());
    other_ = second->getValue<std::int64_t>("id");
  }

  Enqueued enqueue(std::int64_t connection_id, const std::string& params = "{}",
                   const std::string& pipeline = "retrieve") {
    JobRequest request;
    request.workspace_id = workspace_;
    request.connection_id = connection_id;
    request.pipeline = pipeline;
    request.params_json = params;
    auto queued = enqueue_job(session(), request, Actor{std::nullopt, "test"});
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    return queued.ok() ? *queued : Enqueued{new Poco::JSON::Object, false};
  }

  static std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }

  // Claims the oldest ready job the way a worker would, without ever finishing it.
  JsonObject claim(const std::string& worker = "test/0") {
    auto claimed = session().job_claim(worker, now_ms(), 60'000);
    EXPECT_TRUE(claimed.ok()) << claimed.error().message;
    EXPECT_TRUE(claimed.ok() && !claimed->isNull()) << "no job was ready";
    return claimed.ok() ? *claimed : JsonObject();
  }

  void patch_job(std::int64_t job_id, const std::string& column, std::int64_t value) {
    Poco::JSON::Object patch;
    patch.set(column, value);
    auto updated = session().update("jobs", job_id, patch);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
  }

  JsonObject info(std::int64_t connection_id) {
    auto found = queue_info(session(), connection_id);
    EXPECT_TRUE(found.ok()) << found.error().message;
    EXPECT_TRUE(found.ok() && found->has_value()) << "nothing queued for connection " << connection_id;
    return found.ok() && found->has_value() ? **found : JsonObject(new Poco::JSON::Object);
  }

  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
  std::int64_t other_ = 0;
};

TEST_F(JobQueueTest, EnqueueStoresTheJobAndMarksTheConnectionPending) {
  ASSERT_TRUE(set_connection_status(session(), connection_, "completed", "").ok());
  const auto queued = enqueue(connection_, R"({"count":5})");
  EXPECT_FALSE(queued.joined);
  const auto job = row("jobs", id_of(queued.job));
  EXPECT_EQ(job->getValue<std::string>("state"), "queued");
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "retrieve");
  EXPECT_EQ(job->getValue<std::int64_t>("connection_id"), connection_);
  EXPECT_EQ(job->getValue<std::int64_t>("workspace_id"), workspace_);
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 0);
  EXPECT_EQ(job->getValue<std::int64_t>("max_attempts"), 3);
  EXPECT_LE(job->getValue<std::int64_t>("run_after"), now_ms());
  EXPECT_EQ(stringify(job->get("params")), R"({"count":5})");
  EXPECT_EQ(row("connections", connection_)->getValue<std::string>("status"), "pending");

  Query audit;
  audit.where.set("action", std::string("job.queue"));
  auto lines = session().find("audit_log", audit);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front()->getValue<std::string>("remote_addr"), "test");
  EXPECT_EQ(lines->front()->getObject("details")->getValue<std::int64_t>("job"), id_of(queued.job));
}

TEST_F(JobQueueTest, AnIdenticalQueuedJobIsJoined) {
  const auto first = enqueue(connection_, R"({"count":5,"revision":2})");
  const auto same = enqueue(connection_, R"({ "count": 5, "revision": 2 })");
  EXPECT_TRUE(same.joined);
  EXPECT_EQ(id_of(same.job), id_of(first.job));
  const auto reordered = enqueue(connection_, R"({"revision":2,"count":5})");
  EXPECT_TRUE(reordered.joined) << "the same params in another key order are the same params";
  EXPECT_EQ(id_of(reordered.job), id_of(first.job));
  auto jobs = list_jobs(session(), connection_, std::nullopt, 100);
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(jobs->size(), 1u);
}

TEST_F(JobQueueTest, DifferentParamsPipelineOrConnectionMakeANewJob) {
  const auto first = enqueue(connection_, R"({"count":5})");
  const auto other_params = enqueue(connection_, R"({"count":6})");
  const auto other_pipeline = enqueue(connection_, R"({"count":5})", "refresh");
  const auto other_connection = enqueue(other_, R"({"count":5})");
  for (const auto* queued : {&other_params, &other_pipeline, &other_connection}) {
    EXPECT_FALSE(queued->joined);
    EXPECT_NE(id_of(queued->job), id_of(first.job));
  }
  EXPECT_NE(id_of(other_params.job), id_of(other_pipeline.job));
}

TEST_F(JobQueueTest, ARunningJobIsNotJoinedAndKeepsTheConnectionStatus) {
  const auto first = enqueue(connection_);
  const auto running = claim();
  ASSERT_FALSE(running.isNull());
  ASSERT_EQ(id_of(running), id_of(first.job));
  ASSERT_TRUE(set_connection_status(session(), connection_, "in_progress", "").ok());
  const auto second = enqueue(connection_);
  EXPECT_FALSE(second.joined);
  EXPECT_NE(id_of(second.job), id_of(first.job));
  EXPECT_EQ(row("connections", connection_)->getValue<std::string>("status"), "in_progress");
}

TEST_F(JobQueueTest, ParamsThatAreNotAnObjectAreRefused) {
  for (const std::string params : {"[1]", "{", "\"x\""}) {
    JobRequest request;
    request.workspace_id = workspace_;
    request.connection_id = connection_;
    request.pipeline = "retrieve";
    request.params_json = params;
    auto refused = enqueue_job(session(), request, Actor{});
    ASSERT_FALSE(refused.ok()) << params;
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument) << params;
  }
  auto jobs = list_jobs(session(), std::nullopt, std::nullopt, 100);
  ASSERT_TRUE(jobs.ok());
  EXPECT_TRUE(jobs->empty());
}

TEST_F(JobQueueTest, QueueInfoIsNoneWhenNothingIsQueued) {
  auto none = queue_info(session(), connection_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(JobQueueTest, QueueInfoCountsReadyJobsAheadAndHowLongItWaited) {
  const auto first = enqueue(connection_);
  const auto second = enqueue(other_);
  EXPECT_EQ(info(connection_)->getValue<std::int64_t>("position"), 1);
  EXPECT_EQ(info(other_)->getValue<std::int64_t>("position"), 2);
  const auto mine = info(other_);
  EXPECT_EQ(mine->getValue<std::int64_t>("job"), id_of(second.job));
  EXPECT_EQ(mine->getValue<std::string>("pipeline"), "retrieve");
  EXPECT_EQ(mine->getValue<std::int64_t>("attempts"), 0);
  EXPECT_TRUE(mine->isNull("run_after"));
  EXPECT_TRUE(mine->isNull("behind_running_job"));
  EXPECT_LE(mine->getValue<std::int64_t>("waiting_seconds"), 1);

  patch_job(id_of(second.job), "created_at", now_ms() - 125'000);
  const auto waited = info(other_)->getValue<std::int64_t>("waiting_seconds");
  EXPECT_GE(waited, 125);
  EXPECT_LT(waited, 185);

  // A job waiting for its retry time is not ready, so it is not ahead of anyone.
  patch_job(id_of(first.job), "run_after", now_ms() + 600'000);
  EXPECT_EQ(info(other_)->getValue<std::int64_t>("position"), 1);
  const auto delayed = info(connection_);
  ASSERT_FALSE(delayed->isNull("run_after"));
  EXPECT_THAT(delayed->getValue<std::string>("run_after"), ::testing::EndsWith("Z"));
  EXPECT_EQ(delayed->getValue<std::string>("run_after"),
            iso8601(row("jobs", id_of(first.job))->getValue<std::int64_t>("run_after")));
}

TEST_F(JobQueueTest, QueueInfoNamesTheRunningJobAConnectionWaitsBehind) {
  const auto first = enqueue(connection_);
  const auto running = claim();
  ASSERT_FALSE(running.isNull());
  const auto second = enqueue(connection_, R"({"count":2})");
  const auto waiting = info(connection_);
  EXPECT_EQ(waiting->getValue<std::int64_t>("job"), id_of(second.job));
  ASSERT_FALSE(waiting->isNull("behind_running_job"));
  EXPECT_EQ(waiting->getValue<std::int64_t>("behind_running_job"), id_of(first.job));
  EXPECT_EQ(waiting->getValue<std::int64_t>("position"), 1);
}

// A job queued behind its connection's running job cannot be claimed (job_claim skips it), so
// it is not ahead of another connection's job.
TEST_F(JobQueueTest, AJobWaitingBehindARunningJobIsNotAheadOfOthers) {
  enqueue(connection_);
  ASSERT_FALSE(claim().isNull());
  const auto blocked = enqueue(connection_, R"({"count":2})");
  const auto ready = enqueue(other_);
  // The storage agrees: the next claim takes the other connection's job.
  auto next = session().job_claim("test/1", now_ms(), 60'000);
  ASSERT_TRUE(next.ok() && !next->isNull());
  EXPECT_EQ(id_of(*next), id_of(ready.job));
  ASSERT_TRUE(session().job_finish(id_of(ready.job), "test/1", "queued").ok());
  EXPECT_EQ(info(other_)->getValue<std::int64_t>("position"), 1)
      << "job " << id_of(blocked.job) << " waits behind a running job and is not ahead";
}

TEST_F(JobQueueTest, CancelQueuedJobsCancelsOnlyThatConnectionsQueuedJobs) {
  const auto running = enqueue(connection_);
  ASSERT_FALSE(claim().isNull());
  const auto queued = enqueue(connection_, R"({"count":1})");
  const auto elsewhere = enqueue(other_);
  ASSERT_TRUE(cancel_queued_jobs(session(), connection_).ok());

  const auto cancelled = row("jobs", id_of(queued.job));
  EXPECT_EQ(cancelled->getValue<std::string>("state"), "cancelled");
  EXPECT_FALSE(cancelled->isNull("finished_at"));
  EXPECT_EQ(state_of_job(id_of(running.job)), "running");
  EXPECT_EQ(state_of_job(id_of(elsewhere.job)), "queued");
  auto none = queue_info(session(), connection_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // Nothing left to cancel is fine.
  EXPECT_TRUE(cancel_queued_jobs(session(), connection_).ok());
}

TEST_F(JobQueueTest, ListJobsIsNewestFirstAndFilters) {
  const auto a = enqueue(connection_, R"({"count":1})");
  const auto b = enqueue(other_, R"({"count":2})");
  const auto c = enqueue(connection_, R"({"count":3})");
  auto all = list_jobs(session(), std::nullopt, std::nullopt, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(id_of((*all)[0]), id_of(c.job));
  EXPECT_EQ(id_of((*all)[1]), id_of(b.job));
  EXPECT_EQ(id_of((*all)[2]), id_of(a.job));

  auto limited = list_jobs(session(), std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ(id_of((*limited)[0]), id_of(c.job));

  auto mine = list_jobs(session(), connection_, std::nullopt, 100);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(id_of((*mine)[0]), id_of(c.job));
  EXPECT_EQ(id_of((*mine)[1]), id_of(a.job));

  auto workspace_jobs = list_jobs(session(), std::nullopt, workspace_, 100);
  ASSERT_TRUE(workspace_jobs.ok());
  EXPECT_EQ(workspace_jobs->size(), 3u);
  auto elsewhere = list_jobs(session(), std::nullopt, workspace_ + 1, 100);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->empty());
}

TEST_F(JobQueueTest, JobViewHasThePublicFields) {
  const auto queued = enqueue(connection_, R"({"count":4})");
  const auto view = job_view(row("jobs", id_of(queued.job)));
  EXPECT_EQ(view->getValue<std::int64_t>("id"), id_of(queued.job));
  EXPECT_EQ(view->getValue<std::int64_t>("connection"), connection_);
  EXPECT_EQ(view->getValue<std::int64_t>("workspace"), workspace_);
  EXPECT_EQ(view->getValue<std::string>("state"), "queued");
  EXPECT_TRUE(view->isNull("started_at"));
  EXPECT_TRUE(view->isNull("finished_at"));
  EXPECT_THAT(view->getValue<std::string>("created_at"), ::testing::EndsWith("Z"));
  for (const char* key : {"pipeline", "params", "attempts", "max_attempts", "error", "result", "run_after"}) {
    EXPECT_TRUE(view->has(key)) << key;
  }
  EXPECT_FALSE(view->has("lease_owner"));
}

}  // namespace
}  // namespace hsd::engine
