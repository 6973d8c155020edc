// The scheduler: each connection's retrieve_interval setting, scheduled retrievals for
// connections whose interval has passed, and token refreshes ahead of expiry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain/scheduler.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

constexpr std::int64_t kHourMs = 3'600'000;

JsonObject settings_with(const Poco::Dynamic::Var& interval) {
  JsonObject settings = new Poco::JSON::Object;
  settings->set("retrieve_interval", interval);
  return settings;
}

Result<std::optional<milliseconds>> parse(const std::string& text) {
  return parse_interval_setting(settings_with(text));
}

TEST(ParseIntervalSetting, AbsentMeansTheServiceDefault) {
  for (const JsonObject& settings : {JsonObject(), JsonObject(new Poco::JSON::Object), settings_with(Poco::Dynamic::Var())}) {
    auto parsed = parse_interval_setting(settings);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_FALSE(parsed->has_value());
  }
}

TEST(ParseIntervalSetting, ReadsDurations) {
  auto six_hours = parse("6h");
  ASSERT_TRUE(six_hours.ok()) << six_hours.error().message;
  ASSERT_TRUE(six_hours->has_value());
  EXPECT_EQ(**six_hours, milliseconds(6 * kHourMs));
  auto half_hour = parse("30m");
  ASSERT_TRUE(half_hour.ok());
  EXPECT_EQ(**half_hour, milliseconds(30 * 60'000));
}

TEST(ParseIntervalSetting, OffTurnsScheduledRetrievalsOff) {
  auto off = parse("off");
  ASSERT_TRUE(off.ok()) << off.error().message;
  ASSERT_TRUE(off->has_value());
  EXPECT_EQ(**off, milliseconds(0));
}

// scheduler.hpp documents "0" as a valid setting (like "off"), and the error message offers it.
TEST(ParseIntervalSetting, ZeroTurnsScheduledRetrievalsOff) {
  auto zero = parse("0");
  ASSERT_TRUE(zero.ok()) << zero.error().message;
  ASSERT_TRUE(zero->has_value());
  EXPECT_EQ(**zero, milliseconds(0));
}

TEST(ParseIntervalSetting, RefusesWhatIsNotADuration) {
  for (const std::string bad : {"garbage", "", "6x", "-5m", "h", "6 h", "Off"}) {
    auto parsed = parse(bad);
    ASSERT_FALSE(parsed.ok()) << "'" << bad << "'";
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(parsed.error().message, HasSubstr("retrieve_interval: '" + bad + "' is not a duration"));
    EXPECT_THAT(parsed.error().message, HasSubstr("\"off\""));
  }
}

class SchedulerTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    workspace_ = workspace("acme");
  }

  // A completed echo connection made hours_ago hours ago.
  std::int64_t connection(const std::string& account, std::int64_t hours_ago = 7,
                          std::optional<int> expires_in = std::nullopt) {
    auto row = connect_echo(workspace_, account, expires_in);
    if (row.isNull()) return 0;
    const auto id = row->getValue<std::int64_t>("id");
    Poco::JSON::Object patch;
    patch.set("status", std::string("completed"));
    patch.set("created_at", now_ms() - hours_ago * kHourMs);
    auto updated = session().update("connections", id, patch);
    EXPECT_TRUE(updated.ok()) << updated.error().message;
    return id;
  }

  void set(std::int64_t id, const std::string& column, const Poco::Dynamic::Var& value) {
    Poco::JSON::Object patch;
    patch.set(column, value);
    auto updated = session().update("connections", id, patch);
    ASSERT_TRUE(updated.ok()) << updated.error().message;
  }

  std::size_t retrieve_jobs(std::int64_t connection_id) {
    auto jobs = list_jobs(session(), connection_id, std::nullopt, 100);
    EXPECT_TRUE(jobs.ok());
    if (!jobs.ok()) return 0;
    std::size_t queued = 0;
    for (const auto& job : *jobs) {
      if (job->getValue<std::string>("pipeline") == "retrieve" && job->getValue<std::string>("state") == "queued") {
        ++queued;
      }
    }
    return queued;
  }

  std::unique_ptr<Scheduler> scheduler(SchedulerOptions options = {}) {
    return std::make_unique<Scheduler>(engine(), credentials(), options, [this] { ++queued_calls_; });
  }

  std::string access_token(std::int64_t id) {
    auto loaded = credentials().load(session(), id);
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    if (!loaded.ok()) return "";
    auto parsed = parse_object(*loaded, "credentials");
    return parsed.ok() ? (*parsed)->optValue<std::string>("access_token", "") : "";
  }

  std::int64_t expires_at(std::int64_t id) { return row("connections", id)->getValue<std::int64_t>("token_expires_at"); }

  std::int64_t workspace_ = 0;
  std::atomic<int> queued_calls_{0};
};

TEST_F(SchedulerTest, QueuesARetrievalOnlyWhereTheIntervalHasPassed) {
  const auto due = connection("due");
  const auto recent = connection("recent");
  set(recent, "retrieved_at", now_ms() - kHourMs);
  const auto off = connection("off");
  set(off, "settings", settings_with(std::string("off")));
  const auto own_interval = connection("own");
  set(own_interval, "settings", settings_with(std::string("30m")));
  set(own_interval, "retrieved_at", now_ms() - kHourMs);
  const auto young = connection("young", 0);
  const auto pending = connection("pending");
  set(pending, "status", std::string("pending"));

  scheduler()->run_once();

  EXPECT_EQ(retrieve_jobs(due), 1u);
  EXPECT_EQ(retrieve_jobs(own_interval), 1u);
  EXPECT_EQ(retrieve_jobs(recent), 0u);
  EXPECT_EQ(retrieve_jobs(off), 0u);
  EXPECT_EQ(retrieve_jobs(young), 0u);
  EXPECT_EQ(retrieve_jobs(pending), 0u);
  EXPECT_EQ(row("connections", due)->getValue<std::string>("status"), "pending");
  EXPECT_EQ(row("connections", recent)->getValue<std::string>("status"), "completed");
  EXPECT_EQ(queued_calls_.load(), 1);
}

TEST_F(SchedulerTest, ARecentRetrieveJobCountsAsARetrieval) {
  const auto id = connection("busy");
  JobRequest request;
  request.workspace_id = workspace_;
  request.connection_id = id;
  request.pipeline = "retrieve";
  ASSERT_TRUE(enqueue_job(session(), request, Actor{}).ok());
  ASSERT_TRUE(cancel_queued_jobs(session(), id).ok());
  ASSERT_TRUE(set_connection_status(session(), id, "completed", "").ok());
  scheduler()->run_once();
  EXPECT_EQ(retrieve_jobs(id), 0u);
  EXPECT_EQ(queued_calls_.load(), 0);
}

TEST_F(SchedulerTest, ASecondPassDoesNotQueueTheSameRetrievalAgain) {
  const auto id = connection("due");
  auto pass = scheduler();
  pass->run_once();
  pass->run_once();
  auto jobs = list_jobs(session(), id, std::nullopt, 100);
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(jobs->size(), 1u);
  EXPECT_EQ(queued_calls_.load(), 1);
}

TEST_F(SchedulerTest, NoDefaultIntervalMeansOnlyConnectionsWithTheirOwnAreRetrieved) {
  const auto plain = connection("plain");
  const auto own = connection("own");
  set(own, "settings", settings_with(std::string("1h")));
  SchedulerOptions options;
  options.retrieve_interval = milliseconds(0);
  scheduler(options)->run_once();
  EXPECT_EQ(retrieve_jobs(plain), 0u);
  EXPECT_EQ(retrieve_jobs(own), 1u);
}

TEST_F(SchedulerTest, ASettingOfZeroTurnsScheduledRetrievalsOff) {
  const auto zero = connection("zero");
  set(zero, "settings", settings_with(std::string("0")));
  scheduler()->run_once();
  EXPECT_EQ(retrieve_jobs(zero), 0u);
}

TEST_F(SchedulerTest, RefreshesATokenThatExpiresWithinRefreshAheadAndLeavesOthersAlone) {
  const auto soon = connection("soon", 0, 60);         // inside the 5 minute margin
  const auto ahead = connection("ahead", 0, 600);      // outside it, inside refresh_ahead (15m)
  const auto far = connection("far", 0, 86'400);
  const auto never = connection("never", 0);
  const auto soon_before = expires_at(soon);
  const auto ahead_before = expires_at(ahead);
  const auto far_before = expires_at(far);
  ASSERT_EQ(access_token(soon), "echo-soon#1");

  SchedulerOptions options;
  options.retrieve_interval = milliseconds(0);
  scheduler(options)->run_once();

  // echo_source's refresh issues the next generation, valid for an hour.
  EXPECT_EQ(access_token(soon), "echo-soon#2");
  EXPECT_EQ(access_token(ahead), "echo-ahead#2");
  EXPECT_GT(expires_at(soon), soon_before + 50 * 60'000);
  EXPECT_GT(expires_at(ahead), ahead_before + 40 * 60'000);
  EXPECT_EQ(access_token(far), "echo-far#1");
  EXPECT_EQ(expires_at(far), far_before);
  EXPECT_EQ(access_token(never), "echo-never");
  EXPECT_TRUE(row("connections", never)->isNull("token_expires_at"));
  EXPECT_EQ(queued_calls_.load(), 0);
}

TEST_F(SchedulerTest, AShorterRefreshAheadLeavesATokenOutsideItAlone) {
  const auto id = connection("ahead", 0, 600);
  SchedulerOptions options;
  options.retrieve_interval = milliseconds(0);
  options.refresh_ahead = milliseconds(5 * 60'000);
  scheduler(options)->run_once();
  EXPECT_EQ(access_token(id), "echo-ahead#1");
}

TEST_F(SchedulerTest, AFailedRefreshPutsTheConnectionInErrorAndIsNotRetriedEachTick) {
  const auto id = connection("revoked", 0, 60);  // echo refuses refresh token "refresh-revoked"
  SchedulerOptions options;
  options.retrieve_interval = milliseconds(0);
  auto pass = scheduler(options);
  pass->run_once();
  auto after = row("connections", id);
  EXPECT_EQ(after->getValue<std::string>("status"), "error");
  EXPECT_EQ(after->getValue<std::string>("status_detail"), "Token refresh failed: reconnect the echo account");
  EXPECT_EQ(after->getValue<std::string>("status_code"), kReauthRequired);
  // A connection that needs reconnecting is neither refreshed nor retrieved again.
  const auto updated_at = after->getValue<std::int64_t>("updated_at");
  pass->run_once();
  EXPECT_EQ(row("connections", id)->getValue<std::int64_t>("updated_at"), updated_at);
  EXPECT_EQ(retrieve_jobs(id), 0u);
}

TEST_F(SchedulerTest, StartRunsAPassAtOnceAndStopEndsTheThread) {
  const auto id = connection("due");
  SchedulerOptions options;
  options.tick = std::chrono::hours(1);
  auto running = scheduler(options);
  running->start();
  ASSERT_TRUE(eventually([&] { return queued_calls_.load() == 1; }));
  running->stop();
  EXPECT_EQ(retrieve_jobs(id), 1u);
}

}  // namespace
}  // namespace hsd::engine
