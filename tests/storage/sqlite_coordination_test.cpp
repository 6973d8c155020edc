// sqlite only: what the conformance suite cannot ask of every plugin. Locks are leases here
// (an expired one is taken over, and its former holder learns it lost it; taking a key again
// renews it), two plugin instances on one file exclude each other, and the `migrate` setting
// (manual refuses pending migrations, inspect changes and refuses nothing).
#include <sqlite3.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "coordination_session.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

constexpr std::int64_t kMinute = 60'000;


void exec(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

bool mentions(const engine::Error& error, const std::string& text) {
  return error.message.find(text) != std::string::npos;
}

// One loaded instance of the plugin on a file.
struct Loaded {
  engine::PluginHost host;
  engine::Plugin* plugin = nullptr;

  CoordinationSession session() {
    auto s = CoordinationSession::open(plugin->storage(), plugin->instance());
    if (!s.ok()) throw std::runtime_error("session_open: " + s.error().message);
    return std::move(*s);
  }
};

class SqliteCoordinationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_coord_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ / "hsdeploy.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string config(const std::string& migrate = "") const {
    return R"({"plugin":"sqlite","path":")" + path_.string() + "\"" +
           (migrate.empty() ? "" : R"(,"migrate":")" + migrate + "\"") + "}";
  }

  // Loads the plugin with migrate (empty: the default), or answers the load's error.
  engine::Result<std::unique_ptr<Loaded>> load(const std::string& migrate = "") const {
    auto loaded = std::make_unique<Loaded>();
    auto plugin = loaded->host.load(std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so",
                                    config(migrate));
    if (!plugin.ok()) return plugin.error();
    loaded->plugin = *plugin;
    return loaded;
  }

  // A database at the previous schema version: migration 8 undone by hand.
  void undo_migration_8() {
    ASSERT_TRUE(load().ok());
    exec(path_, "DROP TABLE locks; DROP INDEX jobs_pending_identity;"
                " DELETE FROM schema_migrations WHERE version = 8");
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

}  // namespace

TEST_F(SqliteCoordinationTest, AnExpiredLockIsTakenOverAndItsHolderLearnsItLostIt) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  auto b = (*loaded)->session();
  ASSERT_TRUE(a.lock_acquire("refresh", 0, 1).ok());  // a lease of 1 ms
  // b waits until the lease has lapsed, then takes the key.
  auto taken = b.lock_acquire("refresh", 10'000, kMinute);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  auto renew = a.lock_acquire("refresh", 0, kMinute);
  ASSERT_FALSE(renew.ok());
  EXPECT_EQ(renew.error().code, ErrorCode::conflict) << renew.error().message;
  EXPECT_TRUE(mentions(renew.error(), "lock 'refresh' was lost")) << renew.error().message;
  // Told once: a no longer counts itself a holder, so it now simply waits like anyone else.
  EXPECT_EQ(a.lock_acquire("refresh", 0, kMinute).error().code, ErrorCode::unavailable);
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM locks"), 1);
}

TEST_F(SqliteCoordinationTest, ReleasingALockLostToAnotherSessionIsAConflict) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  auto b = (*loaded)->session();
  ASSERT_TRUE(a.lock_acquire("refresh", 0, 1).ok());
  ASSERT_TRUE(b.lock_acquire("refresh", 10'000, kMinute).ok());
  auto release = a.lock_release("refresh");
  ASSERT_FALSE(release.ok());
  EXPECT_EQ(release.error().code, ErrorCode::conflict);
  EXPECT_TRUE(mentions(release.error(), "refresh")) << release.error().message;
  // b's lock is untouched.
  EXPECT_EQ(a.lock_acquire("refresh", 0, kMinute).error().code, ErrorCode::unavailable);
}

TEST_F(SqliteCoordinationTest, TakingALockAgainRenewsItsLease) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  ASSERT_TRUE(a.lock_acquire("k", 0, kMinute).ok());
  const auto first = sqlite_scalar_at(path_, "SELECT expires_at FROM locks WHERE key = 'k'");
  ASSERT_TRUE(a.lock_acquire("k", 0, 100 * kMinute).ok());
  const auto renewed = sqlite_scalar_at(path_, "SELECT expires_at FROM locks WHERE key = 'k'");
  EXPECT_GE(renewed - first, 99 * kMinute);
  ASSERT_TRUE(a.lock_release("k").ok());
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM locks"), 0);
}

TEST_F(SqliteCoordinationTest, BadLeaseOrTimeoutIsRefusedNamingIt) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  for (const std::int64_t lease : {0, -5}) {
    auto bad = a.lock_acquire("k", 0, lease);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
    EXPECT_TRUE(mentions(bad.error(), "lease_ms")) << bad.error().message;
  }
  auto timeout = a.lock_acquire("k", -1, kMinute);
  ASSERT_FALSE(timeout.ok());
  EXPECT_EQ(timeout.error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(mentions(timeout.error(), "timeout_ms")) << timeout.error().message;
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM locks"), 0);
}

TEST_F(SqliteCoordinationTest, WaitingForALockStopsWhenTheCallIsCancelled) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  auto b = (*loaded)->session();
  ASSERT_TRUE(a.lock_acquire("k", 0, kMinute).ok());
  const std::atomic<bool> cancelled{true};
  const auto started = std::chrono::steady_clock::now();
  auto waited = b.lock_acquire("k", 60'000, kMinute, &cancelled);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, ErrorCode::cancelled) << waited.error().message;
  EXPECT_TRUE(mentions(waited.error(), "'k'")) << waited.error().message;
  // Well before its minute: it asks between attempts, not only at the deadline.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

TEST_F(SqliteCoordinationTest, InsideATransactionALockIsTriedOnceAndGoesWithARollback) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  auto b = (*loaded)->session();
  ASSERT_TRUE(b.lock_acquire("held", 0, kMinute).ok());
  ASSERT_TRUE(a.begin().ok());
  // a holds the database's write lock: b could not release "held" meanwhile, so no waiting.
  const auto started = std::chrono::steady_clock::now();
  auto busy = a.lock_acquire("held", 60'000, kMinute);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, ErrorCode::unavailable) << busy.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  ASSERT_TRUE(a.lock_acquire("free", 0, kMinute).ok());
  ASSERT_TRUE(a.rollback().ok());
  // The rollback took a's lock back with the rest of the transaction.
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM locks WHERE key = 'free'"), 0);
  EXPECT_TRUE(b.lock_acquire("free", 0, kMinute).ok());
}

TEST_F(SqliteCoordinationTest, ALockWaitBehindAnotherWritersTransactionSaysSo) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto writer = (*loaded)->session();
  auto a = (*loaded)->session();
  ASSERT_TRUE(writer.begin().ok());  // holds the database's write lock
  auto blocked = a.lock_acquire("k", 0, kMinute);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(blocked.error().retryable);
  EXPECT_TRUE(mentions(blocked.error(), "lock 'k': the database stayed locked by another writer"))
      << blocked.error().message;
  ASSERT_TRUE(writer.commit().ok());
  EXPECT_TRUE(a.lock_acquire("k", 0, kMinute).ok());
}

TEST_F(SqliteCoordinationTest, TwoInstancesOnOneFileExcludeEachOther) {
  auto first = load();
  auto second = load();
  ASSERT_TRUE(first.ok() && second.ok());
  auto a = (*first)->session();
  auto b = (*second)->session();
  ASSERT_TRUE(a.lock_acquire("connection:3:credentials", 0, kMinute).ok());
  auto blocked = b.lock_acquire("connection:3:credentials", 50, kMinute);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable);
  EXPECT_TRUE(blocked.error().retryable);
  a.close();
  EXPECT_TRUE(b.lock_acquire("connection:3:credentials", 0, kMinute).ok());
}

TEST_F(SqliteCoordinationTest, JobWaitIsUnsupportedSoTheEnginePolls) {
  auto loaded = load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto a = (*loaded)->session();
  auto wait = a.job_wait(10'000);
  ASSERT_FALSE(wait.ok());
  EXPECT_EQ(wait.error().code, ErrorCode::unsupported);
  EXPECT_TRUE(mentions(wait.error(), "poll")) << wait.error().message;
}

TEST_F(SqliteCoordinationTest, ManualMigrateRefusesPendingMigrationsAndChangesNothing) {
  undo_migration_8();
  if (HasFatalFailure()) return;
  auto manual = load("manual");
  ASSERT_FALSE(manual.ok());
  EXPECT_EQ(manual.error().code, ErrorCode::unsupported) << manual.error().message;
  EXPECT_TRUE(mentions(manual.error(), "0008_locks")) << manual.error().message;
  EXPECT_TRUE(mentions(manual.error(), "hsdeploy storage migrate")) << manual.error().message;
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM schema_migrations WHERE version = 8"), 0);
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM sqlite_master WHERE name = 'locks'"), 0);
  // auto (what `hsdeploy storage migrate` loads with) applies it; manual then loads.
  ASSERT_TRUE(load("auto").ok());
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM schema_migrations WHERE version = 8"), 1);
  auto again = load("manual");
  EXPECT_TRUE(again.ok()) << again.error().message;
}

TEST_F(SqliteCoordinationTest, ManualMigrateRefusesAFreshFileAndANewerOne) {
  auto fresh = load("manual");
  ASSERT_FALSE(fresh.ok());
  EXPECT_TRUE(mentions(fresh.error(), "0001_initial")) << fresh.error().message;
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM sqlite_master"), 0);
  ASSERT_TRUE(load().ok());
  exec(path_, "INSERT INTO schema_migrations VALUES (9999, '9999_from_the_future', 0)");
  auto newer = load("manual");
  ASSERT_FALSE(newer.ok());
  EXPECT_TRUE(mentions(newer.error(), "9999")) << newer.error().message;
  EXPECT_TRUE(mentions(newer.error(), "newer")) << newer.error().message;
}

TEST_F(SqliteCoordinationTest, InspectMigrateReportsPendingMigrationsWithoutApplyingThem) {
  undo_migration_8();
  if (HasFatalFailure()) return;
  auto inspect = load("inspect");
  ASSERT_TRUE(inspect.ok()) << inspect.error().message;
  auto s = (*inspect)->session();
  auto status = s.schema_status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ((*status)->getValue<std::int64_t>("version"), 7);
  EXPECT_EQ((*status)->getValue<std::int64_t>("supported"), 8);
  auto pending = (*status)->getArray("pending");
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->getObject(0)->getValue<std::int64_t>("version"), 8);
  EXPECT_EQ(pending->getObject(0)->getValue<std::string>("name"), "0008_locks");
  EXPECT_EQ((*status)->getArray("applied")->size(), 7u);
  EXPECT_EQ(sqlite_scalar_at(path_, "SELECT count(*) FROM schema_migrations WHERE version = 8"), 0);
}

TEST_F(SqliteCoordinationTest, InspectMigrateLoadsANewerOrAFreshFile) {
  std::int64_t supported = 0;
  {
    auto fresh = load("inspect");
    ASSERT_TRUE(fresh.ok()) << fresh.error().message;
    auto status = (*fresh)->session().schema_status();
    ASSERT_TRUE(status.ok()) << status.error().message;
    EXPECT_EQ((*status)->getValue<std::int64_t>("version"), 0);
    supported = (*status)->getValue<std::int64_t>("supported");
    EXPECT_EQ(static_cast<std::int64_t>((*status)->getArray("pending")->size()), supported);
    EXPECT_EQ((*status)->getArray("applied")->size(), 0u);
  }
  ASSERT_TRUE(load().ok());
  exec(path_, "INSERT INTO schema_migrations VALUES (9999, '9999_from_the_future', 0)");
  auto newer = load("inspect");
  ASSERT_TRUE(newer.ok()) << newer.error().message;
  auto status = (*newer)->session().schema_status();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ((*status)->getValue<std::int64_t>("version"), 9999);
  EXPECT_EQ((*status)->getValue<std::int64_t>("supported"), supported);
}

TEST_F(SqliteCoordinationTest, ABadMigrateValueIsRefusedNamingTheKeyAndTheChoices) {
  auto bad = load("sometimes");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument) << bad.error().message;
  EXPECT_TRUE(mentions(bad.error(), "storage.migrate")) << bad.error().message;
  EXPECT_TRUE(mentions(bad.error(), "auto, manual or inspect")) << bad.error().message;
  EXPECT_TRUE(mentions(bad.error(), "sometimes")) << bad.error().message;
}

}  // namespace hsd::test
