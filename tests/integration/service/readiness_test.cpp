// /readyz reports the database: the schema version it is at and the newest this engine knows,
// and 503 with the reason once another, newer hsdeploy has migrated the database; the job
// workers then stop claiming and say so once in the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

class ReadinessTest : public ::testing::Test {
 protected:
  ReadinessTest() : service_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {}
  ~ReadinessTest() override {
    if (service_.running()) service_.terminate();
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((service_.cli().dir() / "var" / "hsdeploy.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10'000);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  ServiceUnderTest service_;
};

TEST_F(ReadinessTest, ReadyReportsTheDatabaseAndItsSchemaVersion) {
  service_.start();
  auto ready = service_.api().get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  auto database = ready.json()->getObject("database");
  ASSERT_TRUE(database) << ready.body;
  EXPECT_TRUE(database->getValue<bool>("ok"));
  EXPECT_FALSE(database->has("reason"));
  ASSERT_FALSE(database->isNull("schema_version")) << ready.body;
  EXPECT_GT(database->getValue<std::int64_t>("schema_version"), 0);
  EXPECT_EQ(database->getValue<std::int64_t>("schema_version"), database->getValue<std::int64_t>("supported"));
}

TEST_F(ReadinessTest, ASchemaMigratedByANewerEngineMakesItNotReadyAndStopsItsClaims) {
  service_.start();
  ASSERT_EQ(service_.api().get("/readyz").status, 200);
  sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)");
  auto refused = service_.api().get("/readyz");
  ASSERT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json()->getValue<std::string>("status"), "not ready");
  auto database = refused.json()->getObject("database");
  ASSERT_TRUE(database) << refused.body;
  EXPECT_FALSE(database->getValue<bool>("ok"));
  EXPECT_EQ(database->getValue<std::int64_t>("schema_version"), 999);
  EXPECT_THAT(database->getValue<std::string>("reason"), HasSubstr("the database schema is at version 999, newer than this engine"));
  // The workers' next claim is refused; they stop claiming and say why, once.
  const std::string line = "the database schema is at version 999, newer than this engine";
  ASSERT_NE(service_.wait_for_log(line), "");
  auto stopped = service_.terminate();
  std::size_t lines = 0;
  for (auto at = stopped.err.find(line); at != std::string::npos; at = stopped.err.find(line, at + 1)) ++lines;
  EXPECT_EQ(lines, 1u) << stopped.err;
}

}  // namespace
}  // namespace hsd::testing
