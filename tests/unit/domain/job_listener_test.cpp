// Job workers on a storage whose table offers job_wait (the embedded one answers UNSUPPORTED
// and is covered by job_workers_test's polling): the listener wakes idle workers for a job
// queued by another engine, a shutdown ends its wait, and a claim refused because another
// engine migrated the schema past this one stops claiming, says so once, and tells /readyz.
// The storage is the real sqlite plugin's table with job_wait, job_claim and schema_status
// replaced by stand-ins the test drives.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "domain/job_queue.hpp"
#include "domain/job_workers.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

// What the stand-ins share with the test: C function pointers carry no state of their own.
struct StandIn {
  const hsd_storage_api* real = nullptr;
  std::atomic<int> claims{0};
  std::atomic<bool> newer_schema{false};
  std::atomic<int> waiting{0};         // listeners inside job_wait now
  std::atomic<int> waits_cancelled{0};
  std::mutex mutex;
  std::condition_variable signalled;
  int wakeups = 0;  // kept until a job_wait takes one, as the contract says
};
StandIn* g_stand_in = nullptr;

hsd_status counting_claim(void* session, hsd_call* call, hsd_str_view worker, int64_t now, int64_t lease,
                          hsd_row_fn on_row, void* user) {
  ++g_stand_in->claims;
  if (g_stand_in->newer_schema) {
    call->set_error(make_error(ErrorCode::unsupported, "the database schema is at version 99; this plugin knows up to 7"));
    return HSD_ERR_UNSUPPORTED;
  }
  return g_stand_in->real->job_claim(session, call, worker, now, lease, on_row, user);
}

hsd_status signalled_wait(void*, hsd_call* call, int64_t timeout_ms, int32_t* out_woken) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock lock(g_stand_in->mutex);
  ++g_stand_in->waiting;
  hsd_status status = HSD_OK;
  *out_woken = 0;
  for (;;) {
    if (g_stand_in->wakeups > 0) {
      --g_stand_in->wakeups;
      *out_woken = 1;
      break;
    }
    if (call->cancelled()) {
      ++g_stand_in->waits_cancelled;
      status = HSD_ERR_CANCELLED;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    // The contract's slices: cancellation is seen within 250 ms.
    g_stand_in->signalled.wait_for(lock, std::chrono::milliseconds(20));
  }
  --g_stand_in->waiting;
  return status;
}

hsd_status newer_schema_status(void*, hsd_call*, hsd_row_fn on_row, void* user) {
  const std::string row = R"({"version":99,"supported":7,"pending":[],"applied":[]})";
  return on_row(user, hsd_str_view{row.data(), row.size()});
}

class JobListenerTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    g_stand_in = &stand_in_;
    const Plugin* plugin = engine().plugins().find("sqlite");
    ASSERT_NE(plugin, nullptr);
    stand_in_.real = plugin->storage();
    table_ = *plugin->storage();
    table_.struct_size = sizeof(hsd_storage_api);
    table_.job_claim = counting_claim;
    table_.job_wait = signalled_wait;
    table_.schema_status = newer_schema_status;
    engine().storage() = Storage(&table_, plugin->instance());
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "acme");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
  }
  void TearDown() override {
    workers_.reset();
    g_stand_in = nullptr;
    DomainFixture::TearDown();
  }

  // Workers that never poll within a test: only a wake-up makes them look again.
  JobWorkers& start_workers() {
    WorkerOptions options;
    options.workers = 2;
    options.poll = std::chrono::hours(1);
    options.name = "test";
    workers_ = std::make_unique<JobWorkers>(engine(), credentials(), options);
    workers_->start();
    return *workers_;
  }

  // Queued as another engine would: nothing in this process hears of it.
  std::int64_t enqueue_elsewhere() {
    JobRequest request;
    request.workspace_id = workspace_;
    request.connection_id = connection_;
    request.pipeline = "retrieve";
    request.params_json = R"({"count":2})";
    auto queued = enqueue_job(session(), request, Actor{});
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    return queued.ok() ? queued->job->getValue<std::int64_t>("id") : 0;
  }

  void signal_job() {
    {
      std::lock_guard lock(stand_in_.mutex);
      ++stand_in_.wakeups;
    }
    stand_in_.signalled.notify_all();
  }

  StandIn stand_in_;
  hsd_storage_api table_{};
  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
  std::unique_ptr<JobWorkers> workers_;
};

TEST_F(JobListenerTest, TheListenerWakesIdleWorkersForAJobQueuedElsewhere) {
  start_workers();
  // Both workers looked once and found nothing; the listener waits on the storage.
  ASSERT_TRUE(eventually([&] { return stand_in_.claims.load() >= 2 && stand_in_.waiting.load() == 1; }));
  const auto job_id = enqueue_elsewhere();
  const int claims_before = stand_in_.claims.load();
  signal_job();
  ASSERT_TRUE(eventually([&] { return state_of_job(job_id) == "succeeded"; }, std::chrono::seconds(20)))
      << "job " << job_id << " is " << state_of_job(job_id);
  EXPECT_GT(stand_in_.claims.load(), claims_before);
  EXPECT_FALSE(workers_->claims_stopped());
}

TEST_F(JobListenerTest, StoppingEndsTheListenersWaitThroughCancellation) {
  start_workers();
  ASSERT_TRUE(eventually([&] { return stand_in_.waiting.load() == 1; }));
  auto stopped = std::async(std::launch::async, [&] { workers_->stop(std::chrono::milliseconds(0)); });
  ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "stop() did not return";
  EXPECT_EQ(stand_in_.waits_cancelled.load(), 1);
  EXPECT_EQ(stand_in_.waiting.load(), 0);
}

TEST_F(JobListenerTest, AClaimRefusedForANewerSchemaStopsClaimingAndSaysWhyOnce) {
  stand_in_.newer_schema = true;
  ::testing::internal::CaptureStderr();
  auto& workers = start_workers();
  ASSERT_TRUE(eventually([&] { return workers.claims_stopped().has_value(); }, std::chrono::seconds(20)));
  const std::string expected =
      "the database schema is at version 99, newer than this engine (7): another engine has migrated it; "
      "this engine stops claiming jobs until it is upgraded";
  EXPECT_EQ(*workers.claims_stopped(), expected);
  // The database works again for claims, but this engine no longer asks.
  stand_in_.newer_schema = false;
  const auto job_id = enqueue_elsewhere();
  const int claims = stand_in_.claims.load();
  workers.wake();
  signal_job();
  EXPECT_FALSE(eventually([&] { return state_of_job(job_id) != "queued"; }, std::chrono::milliseconds(300)));
  EXPECT_EQ(stand_in_.claims.load(), claims);
  workers_.reset();
  const std::string err = ::testing::internal::GetCapturedStderr();
  std::size_t lines = 0;
  for (auto at = err.find(expected); at != std::string::npos; at = err.find(expected, at + 1)) ++lines;
  EXPECT_EQ(lines, 1u) << err;
}

}  // namespace
}  // namespace hsd::engine
