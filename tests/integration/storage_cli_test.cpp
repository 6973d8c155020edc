// hsdeploy storage status | migrate with the real binary on the embedded default storage: a
// fresh database has every migration pending until `storage migrate` applies them (once;
// again is "nothing to migrate"), storage.migrate: manual refuses to start while any are
// pending and names the command, and a database another, newer hsdeploy migrated is reported
// by status and refused by migrate.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "cli_runner.hpp"

namespace {

using hsd::testing::CliResult;
using hsd::testing::CliRunner;
using ::testing::HasSubstr;
using Poco::JSON::Object;

Object::Ptr object(const std::string& text) { return Poco::JSON::Parser().parse(text).extract<Object::Ptr>(); }

class StorageCliTest : public ::testing::Test {
 protected:
  StorageCliTest() : cli_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {
    // The database's folder, as a first start makes it; status then reads an empty file.
    std::filesystem::create_directories(cli_.dir() / "var");
  }

  Object::Ptr status() {
    auto result = cli_.run({"storage", "status", "--output", "json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? object(result.out) : Object::Ptr(new Object);
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((cli_.dir() / "var" / "hsdeploy.db").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  CliRunner cli_;
};

TEST_F(StorageCliTest, AFreshDatabaseHasEveryMigrationPendingUntilMigrateAppliesThem) {
  auto before = status();
  ASSERT_TRUE(before->has("supported")) << "no status";
  const auto supported = before->getValue<std::int64_t>("supported");
  EXPECT_GT(supported, 0);
  EXPECT_EQ(before->getValue<std::int64_t>("version"), 0);
  EXPECT_FALSE(before->getValue<bool>("newer"));
  const auto pending = before->getArray("pending");
  ASSERT_EQ(static_cast<std::int64_t>(pending->size()), supported);
  EXPECT_EQ(pending->getObject(0)->getValue<std::int64_t>("version"), 1);
  EXPECT_FALSE(pending->getObject(0)->getValue<std::string>("name").empty());

  auto text = cli_.run({"storage", "status"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("schema version 0; this hsdeploy knows up to " + std::to_string(supported)));
  EXPECT_THAT(text.out, HasSubstr(pending->getObject(0)->getValue<std::string>("name")));
  EXPECT_THAT(text.out, HasSubstr("hsdeploy storage migrate"));

  auto migrated = cli_.run({"storage", "migrate"});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_THAT(migrated.out, HasSubstr("applied 1 " + pending->getObject(0)->getValue<std::string>("name")));
  EXPECT_THAT(migrated.out, HasSubstr("the database schema is now at version " + std::to_string(supported)));

  auto after = status();
  EXPECT_EQ(after->getValue<std::int64_t>("version"), supported);
  EXPECT_EQ(after->getArray("pending")->size(), 0u);
  EXPECT_EQ(static_cast<std::int64_t>(after->getArray("applied")->size()), supported);

  auto again = cli_.run({"storage", "migrate", "--output", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto nothing = object(again.out);
  EXPECT_EQ(nothing->getArray("applied")->size(), 0u);
  EXPECT_EQ(nothing->getValue<std::int64_t>("version"), supported);
  auto again_text = cli_.run({"storage", "migrate"});
  EXPECT_EQ(again_text.exit_code, 0) << again_text.err;
  EXPECT_THAT(again_text.out, HasSubstr("nothing to migrate"));
}

TEST_F(StorageCliTest, ManualMigrationRefusesToStartWhileMigrationsArePendingAndNamesTheCommand) {
  const std::map<std::string, std::string> manual{{"HSD_STORAGE_MIGRATE", "manual"}};
  auto refused = cli_.run({"connections", "list"}, manual);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("hsdeploy storage migrate"));
  // Nothing was applied by the refusal.
  EXPECT_EQ(status()->getValue<std::int64_t>("version"), 0);
  auto migrated = cli_.run({"storage", "migrate"}, manual);
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  auto listed = cli_.run({"connections", "list"}, manual);
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
}

TEST_F(StorageCliTest, ADatabaseMigratedByANewerHsdeployIsReportedAndNotMigrated) {
  ASSERT_EQ(cli_.run({"storage", "migrate"}).exit_code, 0);
  sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', 0)");
  auto newer = status();
  EXPECT_TRUE(newer->getValue<bool>("newer"));
  EXPECT_EQ(newer->getValue<std::int64_t>("version"), 999);
  auto text = cli_.run({"storage", "status"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("the database schema is at version 999, newer than this hsdeploy knows"));
  auto refused = cli_.run({"storage", "migrate"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("version 999"));
}

TEST_F(StorageCliTest, HelpListsBothSubcommandsAndAnUnknownOneIsAUsageError) {
  auto help = cli_.run({"storage", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("storage status"));
  EXPECT_THAT(help.out, HasSubstr("storage migrate"));
  auto top = cli_.run({"--help"});
  EXPECT_THAT(top.out, HasSubstr("storage status"));
  auto unknown = cli_.run({"storage", "upgrade"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("upgrade"));
}

}  // namespace
