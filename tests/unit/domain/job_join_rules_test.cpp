// Which waiting job stands for a new one: a person's or the API's request joins only a queued
// job (a run under way started before the request), the scheduler's also a running one, and
// schedulers of several engines passing at once queue one retrieval between them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain/scheduler.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

class JobJoinRulesTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "acme");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
  }

  Result<Enqueued> enqueue(JoinRule join) {
    JobRequest request;
    request.workspace_id = workspace_;
    request.connection_id = connection_;
    request.pipeline = "retrieve";
    request.join = join;
    return enqueue_job(session(), request, Actor{std::nullopt, "test"});
  }

  // Queues a retrieval and claims it as a live worker of another engine would.
  std::int64_t running_retrieval() {
    auto queued = enqueue(JoinRule::queued);
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    auto claimed = session().job_claim("elsewhere/0", now_ms(), 10 * 60'000);
    EXPECT_TRUE(claimed.ok() && *claimed);
    return queued.ok() ? queued->job->getValue<std::int64_t>("id") : 0;
  }

  std::size_t count(const std::string& entity) {
    auto rows = session().find(entity);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->size() : 0;
  }

  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
};

TEST_F(JobJoinRulesTest, APersonsRequestWhileARunIsUnderWayQueuesAnotherRun) {
  const auto running = running_retrieval();
  auto asked = enqueue(JoinRule::queued);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_FALSE(asked->joined);
  EXPECT_NE(asked->job->getValue<std::int64_t>("id"), running);
  EXPECT_EQ(asked->job->getValue<std::string>("state"), "queued");
  // Asked twice, it joins its own queued run.
  auto again = enqueue(JoinRule::queued);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->joined);
  EXPECT_EQ(again->job->getValue<std::int64_t>("id"), asked->job->getValue<std::int64_t>("id"));
}

TEST_F(JobJoinRulesTest, TheSchedulersRuleJoinsTheRunningJobAndWritesNothing) {
  const auto running = running_retrieval();
  ASSERT_TRUE(set_connection_status(session(), connection_, "in_progress", "").ok());
  const auto audit_lines = count("audit_log");
  auto scheduled = enqueue(JoinRule::queued_or_running);
  ASSERT_TRUE(scheduled.ok()) << scheduled.error().message;
  EXPECT_TRUE(scheduled->joined);
  EXPECT_EQ(scheduled->job->getValue<std::int64_t>("id"), running);
  EXPECT_EQ(count("jobs"), 1u);
  EXPECT_EQ(count("audit_log"), audit_lines);
  EXPECT_EQ(row("connections", connection_)->getValue<std::string>("status"), "in_progress");
}

TEST_F(JobJoinRulesTest, AScheduledRetrievalIsNotQueuedBesideOneRunningElsewhere) {
  const auto running = running_retrieval();
  // How this engine sees it: the connection done long ago, its last job too (the running one
  // was queued by another engine's scheduler whose view this one has not caught up with).
  Poco::JSON::Object old;
  old.set("created_at", now_ms() - 8 * kHourMs);
  ASSERT_TRUE(session().update("jobs", running, old).ok());
  old.set("status", std::string("completed"));
  ASSERT_TRUE(session().update("connections", connection_, old).ok());
  int queued_calls = 0;
  Scheduler scheduler(engine(), credentials(), SchedulerOptions{}, [&] { ++queued_calls; });
  scheduler.run_once();
  EXPECT_EQ(count("jobs"), 1u);
  EXPECT_EQ(state_of_job(running), "running");
  EXPECT_EQ(queued_calls, 0);
}

TEST_F(JobJoinRulesTest, SchedulersOfSeveralEnginesPassingAtOnceQueueOneRetrieval) {
  Poco::JSON::Object due;
  due.set("status", std::string("completed"));
  due.set("created_at", now_ms() - 8 * kHourMs);
  ASSERT_TRUE(session().update("connections", connection_, due).ok());
  constexpr int kEngines = 4;
  std::atomic<int> queued_calls{0};
  std::vector<std::unique_ptr<CredentialService>> services;
  std::vector<std::unique_ptr<Scheduler>> schedulers;
  for (int i = 0; i < kEngines; ++i) {
    services.push_back(std::make_unique<CredentialService>(engine()));
    schedulers.push_back(
        std::make_unique<Scheduler>(engine(), *services.back(), SchedulerOptions{}, [&] { ++queued_calls; }));
  }
  std::atomic<int> ready{0};
  std::vector<std::thread> passes;
  for (int i = 0; i < kEngines; ++i) {
    passes.emplace_back([&, i] {
      ++ready;
      while (ready.load() < kEngines) std::this_thread::yield();
      schedulers[i]->run_once();
    });
  }
  for (auto& pass : passes) pass.join();
  auto jobs = list_jobs(session(), connection_, std::nullopt, 100);
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(jobs->size(), 1u);
  EXPECT_EQ(queued_calls.load(), 1);
}

}  // namespace
}  // namespace hsd::engine
