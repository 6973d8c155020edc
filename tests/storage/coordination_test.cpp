// ABI 1.4, what several engines on one database need: job_enqueue (a job unless an identical
// one waits), job_wait, named locks across sessions, schema_status, and job_claim refusing a
// database newer than the plugin. Real time only where the contract is about the storage's
// clock (a "live" lease, a lock's timeout); no test sleeps to synchronise.
#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include "coordination_session.hpp"
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool mentions(const engine::Error& error, const std::string& text) {
  return error.message.find(text) != std::string::npos;
}

}  // namespace

class CoordinationTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    ws_ = workspace("w");
    conn_ = connection(ws_, "Prod");
  }

  CoordinationSession open() {
    auto session = CoordinationSession::open(table(), instance());
    // Every test needs its sessions; GoogleTest reports the exception as the test's failure.
    if (!session.ok()) throw std::runtime_error("session_open: " + session.error().message);
    return std::move(*session);
  }

  // A jobs record for the connection (or none: "null").
  std::string record(const std::string& pipeline, const std::string& params = "{}",
                     const std::string& connection = "") const {
    const std::string conn = connection.empty() ? std::to_string(conn_) : connection;
    return R"({"workspace_id":)" + std::to_string(ws_) + R"(,"connection_id":)" + conn +
           R"(,"pipeline":")" + pipeline + R"(","params":)" + params + "}";
  }

  // Enqueues, failing the test on error; returns {"job","joined"}.
  Poco::JSON::Object::Ptr enqueue(CoordinationSession& session, const std::string& record_json,
                                  const std::string& unless = R"(["queued"])") {
    auto row = session.job_enqueue(record_json, unless);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? *row : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
  }

  static std::int64_t job_id(const Poco::JSON::Object::Ptr& enqueued) {
    auto job = enqueued->getObject("job");
    return job ? job->getValue<std::int64_t>("id") : -1;
  }
  static bool joined(const Poco::JSON::Object::Ptr& enqueued) {
    return enqueued->has("joined") && enqueued->getValue<bool>("joined");
  }

  std::size_t job_count() {
    auto rows = db().find("jobs");
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->size() : 0;
  }

  std::int64_t ws_ = 0;
  std::int64_t conn_ = 0;
};

// ---- job_enqueue

TEST_P(CoordinationTest, EnqueueInsertsAJobTheEngineCanRead) {
  auto s = open();
  auto first = enqueue(s, record("retrieve", R"({"types":["forms"]})"));
  ASSERT_TRUE(first->has("joined"));
  EXPECT_FALSE(joined(first));
  auto job = first->getObject("job");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->getValue<std::string>("state"), "queued");
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "retrieve");
  EXPECT_EQ(job->getValue<std::int64_t>("connection_id"), conn_);
  EXPECT_EQ(job->getValue<std::int64_t>("workspace_id"), ws_);
  EXPECT_EQ(json_text(job->get("params")), R"({"types":["forms"]})");
  EXPECT_EQ(job->getValue<std::int64_t>("attempts"), 0);

  // The row is the stored one, and the engine's claim takes it.
  auto stored = db().get("jobs", job_id(first));
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(json_text(Poco::Dynamic::Var(*stored)), json_text(Poco::Dynamic::Var(job)));
  auto claimed = db().job_claim("w1", wall_ms(), kMinute);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message;
  ASSERT_TRUE(*claimed);
  EXPECT_EQ((*claimed)->getValue<std::int64_t>("id"), job_id(first));
}

TEST_P(CoordinationTest, EnqueueJoinsAQueuedTwin) {
  auto s = open();
  auto first = enqueue(s, record("retrieve", R"({"b":2,"a":1})"));
  auto second = enqueue(s, record("retrieve", R"({"a":1,"b":2})"));
  EXPECT_FALSE(joined(first));
  EXPECT_TRUE(joined(second));
  EXPECT_EQ(job_id(second), job_id(first));
  EXPECT_EQ(second->getObject("job")->getValue<std::string>("state"), "queued");
  EXPECT_EQ(job_count(), 1u);
  // Another session of the same store sees the same twin.
  auto other = open();
  EXPECT_EQ(job_id(enqueue(other, record("retrieve", R"({"a":1,"b":2})"))), job_id(first));
  EXPECT_EQ(job_count(), 1u);
}

TEST_P(CoordinationTest, EnqueueDoesNotJoinADifferentJob) {
  auto s = open();
  const auto first = job_id(enqueue(s, record("retrieve", R"({"types":["forms"]})")));
  const std::string other_conn = std::to_string(connection(ws_, "Sandbox"));
  for (const auto& different :
       {record("retrieve", R"({"types":["workflows"]})"), record("refresh", R"({"types":["forms"]})"),
        record("retrieve", R"({"types":["forms"]})", other_conn),
        record("retrieve", R"({"types":["forms"]})", "null")}) {
    auto row = enqueue(s, different);
    EXPECT_FALSE(joined(row)) << different;
    EXPECT_NE(job_id(row), first) << different;
  }
  EXPECT_EQ(job_count(), 5u);
  // A job without a connection joins its own twin (null matches null).
  auto again = enqueue(s, record("retrieve", R"({"types":["forms"]})", "null"));
  EXPECT_TRUE(joined(again));
  EXPECT_EQ(job_count(), 5u);
}

TEST_P(CoordinationTest, EnqueueJoinsARunningTwinOnlyWhenAskedAndOnlyWithALiveLease) {
  auto s = open();
  const auto running = job_id(enqueue(s, record("retrieve")));
  auto claimed = db().job_claim("w1", wall_ms(), kHour);
  ASSERT_TRUE(claimed.ok() && *claimed);
  ASSERT_EQ((*claimed)->getValue<std::int64_t>("id"), running);

  // Asked to skip only queued twins, a running one does not count.
  auto queued_only = enqueue(s, record("retrieve"), R"(["queued"])");
  EXPECT_FALSE(joined(queued_only));
  EXPECT_NE(job_id(queued_only), running);
  // With both states the running job counts (the queued twin just made goes first, so it
  // would be the one joined).
  ASSERT_TRUE(db().remove("jobs", job_id(queued_only)).ok());
  auto with_running = enqueue(s, record("retrieve"), R"(["queued","running"])");
  EXPECT_TRUE(joined(with_running));
  EXPECT_EQ(job_id(with_running), running);
  EXPECT_EQ(with_running->getObject("job")->getValue<std::string>("state"), "running");
  EXPECT_EQ(job_count(), 1u);
}

TEST_P(CoordinationTest, EnqueueDoesNotJoinARunningTwinWhoseLeaseLapsed) {
  auto s = open();
  const auto stale = job_id(enqueue(s, record("retrieve")));
  // Claimed an hour ago for a minute: its worker is presumed dead.
  auto claimed = db().job_claim("w1", wall_ms() - kHour, kMinute);
  ASSERT_TRUE(claimed.ok() && *claimed);
  ASSERT_EQ((*claimed)->getValue<std::int64_t>("id"), stale);
  auto row = enqueue(s, record("retrieve"), R"(["queued","running"])");
  EXPECT_FALSE(joined(row));
  EXPECT_NE(job_id(row), stale);
  EXPECT_EQ(job_count(), 2u);
}

TEST_P(CoordinationTest, EnqueueDoesNotJoinFinishedJobs) {
  auto s = open();
  const auto done = job_id(enqueue(s, record("retrieve")));
  ASSERT_TRUE(db().job_claim("w1", wall_ms(), kMinute).ok());
  ASSERT_TRUE(db().job_finish(done, "w1", "succeeded").ok());
  auto row = enqueue(s, record("retrieve"), R"(["queued","running"])");
  EXPECT_FALSE(joined(row));
  EXPECT_NE(job_id(row), done);
}

TEST_P(CoordinationTest, EnqueueWorksInsideTheCallersTransaction) {
  auto s = open();
  ASSERT_TRUE(s.begin().ok());
  auto first = enqueue(s, record("retrieve"));
  auto twin = enqueue(s, record("retrieve"));
  EXPECT_FALSE(joined(first));
  EXPECT_TRUE(joined(twin));
  EXPECT_EQ(job_id(twin), job_id(first));
  ASSERT_TRUE(s.rollback().ok());
  EXPECT_EQ(job_count(), 0u) << "the caller's rollback takes the job back";
  ASSERT_TRUE(s.begin().ok());
  const auto kept = job_id(enqueue(s, record("retrieve")));
  ASSERT_TRUE(s.commit().ok());
  auto other = open();
  EXPECT_EQ(job_id(enqueue(other, record("retrieve"))), kept);
  EXPECT_EQ(job_count(), 1u);
}

TEST_P(CoordinationTest, ManyThreadsEnqueuingTheSameRecordGetOneJob) {
  constexpr int kThreads = 8;
  std::vector<CoordinationSession> sessions;
  for (int i = 0; i < kThreads; ++i) sessions.push_back(open());
  std::vector<engine::Result<Poco::JSON::Object::Ptr>> results(
      kThreads, engine::make_error(ErrorCode::internal, "not run"));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  const std::string same = record("retrieve", R"({"types":["forms"]})");
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Start together, so the enqueues overlap as much as they can.
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      results[i] = sessions[i].job_enqueue(same, R"(["queued","running"])");
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::int64_t> ids;
  int inserted = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    ids.insert(job_id(*r));
    if (!joined(*r)) ++inserted;
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(inserted, 1);
  EXPECT_EQ(job_count(), 1u);
}

TEST_P(CoordinationTest, EnqueueRefusesBadUnlessStates) {
  auto s = open();
  for (const std::string bad : {R"({"state":"queued"})", R"("queued")", R"(["queued","done"])",
                                R"([1])", "not json"}) {
    auto row = s.job_enqueue(record("retrieve"), bad);
    ASSERT_FALSE(row.ok()) << bad;
    EXPECT_EQ(row.error().code, ErrorCode::invalid_argument) << bad;
    EXPECT_TRUE(mentions(row.error(), "unless_states")) << row.error().message;
  }
  EXPECT_EQ(job_count(), 0u);
}

TEST_P(CoordinationTest, EnqueueRefusesABadRecordNamingTheColumn) {
  auto s = open();
  auto missing = s.job_enqueue(R"({"connection_id":null})", R"(["queued"])");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(mentions(missing.error(), "pipeline")) << missing.error().message;
  auto unknown = s.job_enqueue(R"({"pipeline":"retrieve","colour":"red"})", R"(["queued"])");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(mentions(unknown.error(), "colour")) << unknown.error().message;
  EXPECT_EQ(job_count(), 0u);
}

// ---- job_wait (engine-specific: postgres wakes waiters across processes; sqlite answers
// UNSUPPORTED and the engine polls)

TEST_P(CoordinationTest, JobWaitIsUnsupportedOrWokenByAnotherSessionsEnqueue) {
  auto waiter = open();
  auto first = waiter.job_wait(0);
  if (!first.ok()) {
    EXPECT_EQ(first.error().code, ErrorCode::unsupported) << first.error().message;
    EXPECT_FALSE(first.error().message.empty());
    return;
  }
  EXPECT_FALSE(*first) << "nothing was enqueued yet";
  // Wake-ups committed between two calls are kept for the next call.
  auto other = open();
  const auto id = job_id(enqueue(other, record("retrieve")));
  auto woken = waiter.job_wait(10'000);
  ASSERT_TRUE(woken.ok()) << woken.error().message;
  EXPECT_TRUE(*woken);
  auto idle = waiter.job_wait(50);
  ASSERT_TRUE(idle.ok()) << idle.error().message;
  EXPECT_FALSE(*idle) << "no new job after the wake-up";
  // A finished job frees its connection: that wakes waiters too.
  ASSERT_TRUE(db().job_claim("w1", wall_ms(), kMinute).ok());
  ASSERT_TRUE(db().job_finish(id, "w1", "succeeded").ok());
  auto after_finish = waiter.job_wait(10'000);
  ASSERT_TRUE(after_finish.ok()) << after_finish.error().message;
  EXPECT_TRUE(*after_finish);
}

// ---- locks

TEST_P(CoordinationTest, ALockExcludesOtherSessionsUntilReleased) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a.lock_acquire("connection:1:credentials", 1'000, kMinute).ok());
  auto taken = b.lock_acquire("connection:1:credentials", 100, kMinute);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::unavailable) << taken.error().message;
  EXPECT_TRUE(mentions(taken.error(), "connection:1:credentials")) << taken.error().message;
  // Another key is free.
  EXPECT_TRUE(b.lock_acquire("connection:2:credentials", 0, kMinute).ok());
  // Taking it again renews it; it stays exclusive.
  ASSERT_TRUE(a.lock_acquire("connection:1:credentials", 0, kMinute).ok());
  EXPECT_EQ(b.lock_acquire("connection:1:credentials", 0, kMinute).error().code, ErrorCode::unavailable);
  ASSERT_TRUE(a.lock_release("connection:1:credentials").ok());
  EXPECT_TRUE(b.lock_acquire("connection:1:credentials", 0, kMinute).ok());
  EXPECT_EQ(a.lock_acquire("connection:1:credentials", 0, kMinute).error().code, ErrorCode::unavailable);
}

TEST_P(CoordinationTest, AWaitingSessionGetsTheLockOnceItIsReleased) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a.lock_acquire("k", 0, kMinute).ok());
  engine::Status waited = engine::make_error(ErrorCode::internal, "not run");
  std::thread waiter([&] { waited = b.lock_acquire("k", 10'000, kMinute); });
  ASSERT_TRUE(a.lock_release("k").ok());
  waiter.join();
  EXPECT_TRUE(waited.ok()) << waited.error().message;
  EXPECT_EQ(a.lock_acquire("k", 0, kMinute).error().code, ErrorCode::unavailable);
}

TEST_P(CoordinationTest, ClosingASessionReleasesItsLocks) {
  auto b = open();
  {
    auto a = open();
    ASSERT_TRUE(a.lock_acquire("k1", 0, kMinute).ok());
    ASSERT_TRUE(a.lock_acquire("k2", 0, kMinute).ok());
    ASSERT_FALSE(b.lock_acquire("k1", 0, kMinute).ok());
  }
  EXPECT_TRUE(b.lock_acquire("k1", 0, kMinute).ok());
  EXPECT_TRUE(b.lock_acquire("k2", 0, kMinute).ok());
}

TEST_P(CoordinationTest, ReleasingALockNotHeldChangesNothing) {
  auto a = open();
  auto b = open();
  EXPECT_TRUE(a.lock_release("never-taken").ok());
  ASSERT_TRUE(b.lock_acquire("k", 0, kMinute).ok());
  EXPECT_TRUE(a.lock_release("k").ok());  // b's, not a's: still b's
  EXPECT_EQ(a.lock_acquire("k", 0, kMinute).error().code, ErrorCode::unavailable);
}

TEST_P(CoordinationTest, AnEmptyLockKeyIsRefused) {
  auto a = open();
  auto acquire = a.lock_acquire("", 0, kMinute);
  ASSERT_FALSE(acquire.ok());
  EXPECT_EQ(acquire.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(mentions(acquire.error(), "key")) << acquire.error().message;
  EXPECT_EQ(a.lock_release("").error().code, ErrorCode::invalid_argument);
}

// ---- schema

TEST_P(CoordinationTest, SchemaStatusReportsTheAppliedVersion) {
  auto s = open();
  auto status = s.schema_status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  const auto version = (*status)->getValue<std::int64_t>("version");
  EXPECT_GT(version, 0);
  EXPECT_EQ((*status)->getValue<std::int64_t>("supported"), version);
  auto pending = (*status)->getArray("pending");
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 0u);
  auto applied = (*status)->getArray("applied");
  ASSERT_TRUE(applied);
  ASSERT_GT(applied->size(), 0u);
  std::int64_t previous = 0;
  for (std::size_t i = 0; i < applied->size(); ++i) {
    auto m = applied->getObject(static_cast<unsigned>(i));
    ASSERT_TRUE(m);
    const auto v = m->getValue<std::int64_t>("version");
    EXPECT_GT(v, previous) << "applied migrations come in version order";
    previous = v;
    EXPECT_FALSE(m->getValue<std::string>("name").empty());
    EXPECT_TRUE(m->has("applied_at"));
  }
  EXPECT_EQ(previous, version);
}

TEST_P(CoordinationTest, SchemaStatusShowsANewerSchemaAtOnce) {
  auto s = open();
  auto before = s.schema_status();
  ASSERT_TRUE(before.ok()) << before.error().message;
  GetParam().mark_newer_schema(config_);
  auto after = s.schema_status();
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ((*after)->getValue<std::int64_t>("version"), 9999);
  EXPECT_EQ((*after)->getValue<std::int64_t>("supported"),
            (*before)->getValue<std::int64_t>("supported"));
}

TEST_P(CoordinationTest, JobClaimRefusesANewerSchemaAndLeavesTheJobs) {
  auto s = open();
  const auto id = job_id(enqueue(s, record("retrieve")));
  auto supported = s.schema_status();
  ASSERT_TRUE(supported.ok()) << supported.error().message;
  GetParam().mark_newer_schema(config_);
  auto claim = db().job_claim("w1", wall_ms(), kMinute);
  ASSERT_FALSE(claim.ok());
  EXPECT_EQ(claim.error().code, ErrorCode::unsupported) << claim.error().message;
  EXPECT_TRUE(mentions(claim.error(), "9999")) << claim.error().message;
  EXPECT_TRUE(mentions(claim.error(),
                       std::to_string((*supported)->getValue<std::int64_t>("supported"))))
      << claim.error().message;
  auto job = db().get("jobs", id);
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ((*job)->getValue<std::string>("state"), "queued");
  EXPECT_EQ((*job)->getValue<std::int64_t>("attempts"), 0);
  EXPECT_TRUE((*job)->isNull("lease_owner"));
}

INSTANTIATE_TEST_SUITE_P(Plugins, CoordinationTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
