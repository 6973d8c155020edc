// Session's ABI 1.4 operations (job_enqueue, job_wait, lock_acquire/lock_release,
// schema_status) on the embedded default storage, each run twice: through the plugin's own
// table, and through the same table cut short before 1.4, as an older storage plugin's is, so
// that the engine's fallbacks are held to the same answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <set>
#include <thread>
#include <vector>

#include "domain/json_util.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class StorageCoordinationTest : public DomainFixture, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    const Plugin* plugin = engine().plugins().find("sqlite");
    ASSERT_NE(plugin, nullptr);
    older_table_ = *plugin->storage();
    older_table_.struct_size = static_cast<std::uint32_t>(offsetof(hsd_storage_api, job_enqueue));
    storage_.emplace(older() ? &older_table_ : plugin->storage(), plugin->instance());
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "acme");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
    first_ = open();
  }
  void TearDown() override {
    first_.reset();
    DomainFixture::TearDown();
  }

  bool older() const { return GetParam(); }
  // The plugin's own table has schema_status (the sqlite plugin gains it with ABI 1.4).
  bool plugin_has_schema_status() {
    const hsd_storage_api* table = engine().plugins().find("sqlite")->storage();
    return !older() && HSD_HAS_FIELD(table, hsd_storage_api, schema_status) && table->schema_status;
  }

  std::optional<Session> open() {
    auto session = storage_->open_session();
    EXPECT_TRUE(session.ok()) << session.error().message;
    if (!session) return std::nullopt;
    return std::move(*session);
  }

  Poco::JSON::Object record(const std::string& params = "{}", const std::string& pipeline = "retrieve",
                            bool with_connection = true) {
    Poco::JSON::Object job;
    job.set("workspace_id", workspace_);
    job.set("connection_id", with_connection ? Poco::Dynamic::Var(connection_) : Poco::Dynamic::Var());
    job.set("pipeline", pipeline);
    job.set("params", *parse_object(params, "params"));
    job.set("max_attempts", 3);
    job.set("run_after", now_ms());
    return job;
  }

  JobEnqueued enqueue(Session& session, const Poco::JSON::Object& job, std::vector<std::string> states = {"queued"}) {
    auto enqueued = session.job_enqueue(job, states);
    EXPECT_TRUE(enqueued.ok()) << enqueued.error().message;
    return enqueued.ok() ? *enqueued : JobEnqueued{new Poco::JSON::Object, false};
  }

  static std::int64_t id_of(const JobEnqueued& e) { return e.job->getValue<std::int64_t>("id"); }

  hsd_storage_api older_table_{};
  std::optional<Storage> storage_;
  std::optional<Session> first_;
  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
};

TEST_P(StorageCoordinationTest, EnqueueJoinsAnIdenticalQueuedJobAndNothingElse) {
  const auto first = enqueue(*first_, record(R"({"b":1,"a":2})"));
  EXPECT_FALSE(first.joined);
  EXPECT_EQ(first.job->getValue<std::string>("state"), "queued");
  const auto again = enqueue(*first_, record(R"({"a":2,"b":1})"));
  EXPECT_TRUE(again.joined);
  EXPECT_EQ(id_of(again), id_of(first));
  const auto other_params = enqueue(*first_, record(R"({"a":3,"b":1})"));
  EXPECT_FALSE(other_params.joined);
  const auto other_pipeline = enqueue(*first_, record(R"({"b":1,"a":2})", "refresh"));
  EXPECT_FALSE(other_pipeline.joined);
  EXPECT_NE(id_of(other_params), id_of(other_pipeline));
  // A job without a connection is identical to another without one, never to one with it.
  const auto unbound = enqueue(*first_, record("{}", "retrieve", false));
  EXPECT_FALSE(unbound.joined);
  EXPECT_TRUE(unbound.job->isNull("connection_id"));
  const auto unbound_again = enqueue(*first_, record("{}", "retrieve", false));
  EXPECT_TRUE(unbound_again.joined);
  EXPECT_EQ(id_of(unbound_again), id_of(unbound));
  const auto bound = enqueue(*first_, record("{}"));
  EXPECT_FALSE(bound.joined);
}

TEST_P(StorageCoordinationTest, ARunningJobStandsForANewOneOnlyWhenAskedAndWhileItsLeaseIsLive) {
  const auto first = enqueue(*first_, record());
  auto claimed = first_->job_claim("test/0", now_ms(), 60'000);
  ASSERT_TRUE(claimed.ok() && *claimed) << (claimed.ok() ? "no job" : claimed.error().message);
  ASSERT_EQ((*claimed)->getValue<std::int64_t>("id"), id_of(first));
  const auto scheduled = enqueue(*first_, record(), {"queued", "running"});
  EXPECT_TRUE(scheduled.joined);
  EXPECT_EQ(id_of(scheduled), id_of(first));
  const auto asked = enqueue(*first_, record(), {"queued"});
  EXPECT_FALSE(asked.joined);
  EXPECT_NE(id_of(asked), id_of(first));
}

TEST_P(StorageCoordinationTest, ARunningJobWhoseLeaseLapsedDoesNotStandForANewOne) {
  const auto first = enqueue(*first_, record());
  auto claimed = first_->job_claim("dead/0", now_ms(), 1);
  ASSERT_TRUE(claimed.ok() && *claimed);
  const auto expires = (*claimed)->getValue<std::int64_t>("lease_expires_at");
  ASSERT_TRUE(eventually([&] { return now_ms() > expires; }));
  const auto scheduled = enqueue(*first_, record(), {"queued", "running"});
  EXPECT_FALSE(scheduled.joined);
  EXPECT_NE(id_of(scheduled), id_of(first));
}

TEST_P(StorageCoordinationTest, EnqueueRefusesStatesItDoesNotKnow) {
  auto enqueued = first_->job_enqueue(record(), {"queued", "finished"});
  ASSERT_FALSE(enqueued.ok());
  EXPECT_EQ(enqueued.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(enqueued.error().message, HasSubstr("'finished'"));
  auto jobs = first_->find("jobs");
  ASSERT_TRUE(jobs.ok());
  EXPECT_TRUE(jobs->empty());
}

TEST_P(StorageCoordinationTest, EnqueueInsideACallersTransactionEndsWithIt) {
  {
    auto transaction = Transaction::begin(*first_);
    ASSERT_TRUE(transaction.ok()) << transaction.error().message;
    enqueue(*first_, record());
    ASSERT_TRUE(transaction->rollback().ok());
  }
  auto jobs = first_->find("jobs");
  ASSERT_TRUE(jobs.ok());
  EXPECT_TRUE(jobs->empty());
  auto transaction = Transaction::begin(*first_);
  ASSERT_TRUE(transaction.ok());
  const auto kept = enqueue(*first_, record());
  ASSERT_TRUE(transaction->commit().ok());
  EXPECT_EQ(state_of_job(id_of(kept)), "queued");
}

TEST_P(StorageCoordinationTest, IdenticalEnqueuesRacingOnTheirOwnSessionsMakeOneJob) {
  constexpr int kThreads = 6;
  std::atomic<int> ready{0};
  std::vector<Result<JobEnqueued>> results(kThreads, Result<JobEnqueued>(make_error(ErrorCode::internal, "not run")));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto own = storage_->open_session();
      if (!own) {
        results[i] = own.error();
        return;
      }
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      results[i] = own->job_enqueue(record(R"({"race":true})"), {"queued", "running"});
    });
  }
  for (auto& thread : threads) thread.join();
  int created = 0;
  std::set<std::int64_t> ids;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.error().message;
    created += result->joined ? 0 : 1;
    ids.insert(result->job->getValue<std::int64_t>("id"));
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
}

TEST_P(StorageCoordinationTest, ALockIsHeldByOneSessionAtATime) {
  auto second = open();
  ASSERT_TRUE(second);
  const std::string key = "connection:" + std::to_string(connection_) + ":credentials";
  ASSERT_TRUE(first_->lock_acquire(key, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  // Taking it again renews it.
  ASSERT_TRUE(first_->lock_acquire(key, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  auto refused = second->lock_acquire(key, std::chrono::milliseconds(50), std::chrono::seconds(60));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(refused.error().retryable);
  EXPECT_THAT(refused.error().message, HasSubstr(key));
  // Another key is free.
  EXPECT_TRUE(second->lock_acquire("another", std::chrono::milliseconds(50), std::chrono::seconds(60)).ok());
  ASSERT_TRUE(first_->lock_release(key).ok());
  EXPECT_TRUE(second->lock_acquire(key, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  // Releasing a key one does not hold changes nothing.
  EXPECT_TRUE(first_->lock_release(key).ok());
  auto still = first_->lock_acquire(key, std::chrono::milliseconds(50), std::chrono::seconds(60));
  EXPECT_FALSE(still.ok());
}

TEST_P(StorageCoordinationTest, AWaiterTakesTheLockWhenItsHolderReleasesIt) {
  const std::string key = "shared";
  ASSERT_TRUE(first_->lock_acquire(key, std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  std::atomic<bool> taken{false};
  Status waited;
  std::thread waiter([&] {
    auto own = storage_->open_session();
    if (!own) {
      waited = own.error();
      return;
    }
    waited = own->lock_acquire(key, std::chrono::seconds(20), std::chrono::seconds(60));
    taken = true;
    if (waited) waited = own->lock_release(key);
  });
  EXPECT_FALSE(taken.load());
  ASSERT_TRUE(first_->lock_release(key).ok());
  waiter.join();
  EXPECT_TRUE(taken.load());
  EXPECT_TRUE(waited.ok()) << waited.error().message;
}

TEST_P(StorageCoordinationTest, ClosingASessionReleasesItsLocks) {
  auto second = open();
  ASSERT_TRUE(second);
  ASSERT_TRUE(first_->lock_acquire("k", std::chrono::seconds(1), std::chrono::seconds(60)).ok());
  first_.reset();
  EXPECT_TRUE(second->lock_acquire("k", std::chrono::seconds(5), std::chrono::seconds(60)).ok());
}

TEST_P(StorageCoordinationTest, WaitingForJobsIsLeftToPollingOnTheEmbeddedStorage) {
  // One process owns an embedded database file: it wakes its own workers, so the storage
  // answers UNSUPPORTED (and a table older than 1.4 lacks the operation).
  std::atomic<bool> cancel{false};
  auto woken = first_->job_wait(std::chrono::milliseconds(10), &cancel);
  ASSERT_FALSE(woken.ok());
  EXPECT_EQ(woken.error().code, ErrorCode::unsupported);
}

TEST_P(StorageCoordinationTest, SchemaStatusIsKnownOnlyWhereThePluginTellsIt) {
  auto status = first_->schema_status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  if (!plugin_has_schema_status()) {
    EXPECT_FALSE(status->known);
    EXPECT_FALSE(status->newer());
    return;
  }
  EXPECT_TRUE(status->known);
  EXPECT_GT(status->version, 0);
  EXPECT_EQ(status->version, status->supported);
  EXPECT_TRUE(status->pending.empty());
  ASSERT_FALSE(status->applied.empty());
  EXPECT_EQ(status->applied.back().version, status->version);
  EXPECT_FALSE(status->applied.back().name.empty());
  EXPECT_FALSE(status->newer());
}

INSTANTIATE_TEST_SUITE_P(Tables, StorageCoordinationTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "OlderTable" : "PluginTable"; });

}  // namespace
}  // namespace hsd::engine
