// Backup configuration rules that need no VCS plugin: schedules, folder paths, which sources
// may be backed up, and the cancelling of a backup's queued runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/backups.hpp"
#include "domain/job_queue.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

TEST(BackupRules, SchedulesAreHourlyDailyWeeklyOrNone) {
  EXPECT_EQ(*backup_period_ms(""), 0);
  EXPECT_EQ(*backup_period_ms("hourly"), 3'600'000);
  EXPECT_EQ(*backup_period_ms("daily"), 24 * 3'600'000);
  EXPECT_EQ(*backup_period_ms("weekly"), 7 * 24 * 3'600'000);
  for (const char* bad : {"Daily", "monthly", "1h", " daily"}) {
    auto period = backup_period_ms(bad);
    ASSERT_FALSE(period.ok()) << bad;
    EXPECT_EQ(period.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(period.error().message, HasSubstr("schedule: '" + std::string(bad) + "'"));
    EXPECT_THAT(period.error().message, HasSubstr("hourly, daily, weekly"));
  }
}

TEST(BackupRules, PathsAreNormalisedFolderNames) {
  EXPECT_EQ(*normal_backup_path(""), "");
  EXPECT_EQ(*normal_backup_path("portals"), "portals");
  EXPECT_EQ(*normal_backup_path("/portals/prod/"), "portals/prod");
  EXPECT_EQ(*normal_backup_path("config/hubspot"), "config/hubspot");
  for (const char* bad : {"..", "a/../b", "./a", "a//b", "a\\b", "a/./b", "tab\there"}) {
    auto path = normal_backup_path(bad);
    ASSERT_FALSE(path.ok()) << bad;
    EXPECT_EQ(path.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(path.error().message, HasSubstr("path:"));
  }
}

class BackupsTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    workspace_ = workspace("acme");
    auto connection = connect_echo(workspace_, "vcs-standin");
    ASSERT_FALSE(connection.isNull());
    connection_ = connection->getValue<std::int64_t>("id");
  }

  std::int64_t queue_run(std::int64_t backup_id) {
    JobRequest request{workspace_, connection_, "backup", "{\"backup_id\":" + std::to_string(backup_id) + "}", 3};
    auto queued = enqueue_job(session(), request, Actor{std::nullopt, "test"});
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    return queued.ok() ? queued->job->getValue<std::int64_t>("id") : 0;
  }

  std::int64_t workspace_ = 0;
  std::int64_t connection_ = 0;
};

TEST_F(BackupsTest, CancellingABackupsQueuedRunsLeavesOtherBackupsAndOtherJobs) {
  const auto mine = queue_run(7);
  const auto other = queue_run(8);
  JobRequest retrieve{workspace_, connection_, "retrieve", "{\"backup_id\":7}", 3};
  auto unrelated = enqueue_job(session(), retrieve, Actor{std::nullopt, "test"});
  ASSERT_TRUE(unrelated.ok());

  ASSERT_TRUE(cancel_queued_backup_runs(session(), 7).ok());
  EXPECT_EQ(state_of_job(mine), "cancelled");
  EXPECT_EQ(state_of_job(other), "queued");
  EXPECT_EQ(state_of_job(unrelated->job->getValue<std::int64_t>("id")), "queued");
}

TEST_F(BackupsTest, OnlyASourceCanBeBackedUpAndTheRepositoryMustExist) {
  auto source = row("connections", connection_);
  source->set("kind", std::string("vcs_target"));
  auto refused = add_backup(session(), source, BackupRequest{"acme/config", "", "", "", Actor{}});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("is not a source of metadata"));

  auto unknown = add_backup(session(), row("connections", connection_), BackupRequest{"acme/config", "", "", "", Actor{}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
  EXPECT_THAT(unknown.error().message, HasSubstr("no repository 'acme/config' in this workspace"));

  auto bad_schedule =
      add_backup(session(), row("connections", connection_), BackupRequest{"acme/config", "", "", "often", Actor{}});
  ASSERT_FALSE(bad_schedule.ok());
  EXPECT_THAT(bad_schedule.error().message, HasSubstr("schedule: 'often'"));
  auto configs = session().find("backup_configs");
  ASSERT_TRUE(configs.ok());
  EXPECT_TRUE(configs->empty());
}

}  // namespace
}  // namespace hsd::engine
