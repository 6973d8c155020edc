// postgres only: what the conformance suite cannot say for every plugin. The DSN's password
// stays out of errors; a connection the server dropped is reconnected between calls and is
// UNAVAILABLE (retryable: the engine's 503) inside a transaction; engines started together
// migrate once; a claim holds the connection's lock so one connection runs one job.
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "pg_cluster.hpp"
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

std::filesystem::path plugin_library() {
  return std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_postgres.so";
}

// A fresh database of the shared cluster, dropped at the end of the test.
class PostgresStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgCluster::bin_dir().empty()) GTEST_SKIP() << "PostgreSQL is not installed";
    std::string error;
    cluster_ = PgCluster::shared(error);
    ASSERT_NE(cluster_, nullptr) << error;
    dsn_ = cluster_->create_database(error);
    ASSERT_FALSE(dsn_.empty()) << error;
  }
  void TearDown() override {
    if (cluster_ && !dsn_.empty()) cluster_->drop_database(dsn_);
  }
  std::string config() const { return R"({"plugin":"postgres","dsn":")" + dsn_ + R"("})"; }

  // Ends every connection to the test's database but the admin's own, as a server restart does.
  void drop_connections() {
    PGconn* conn = PQconnectdb(dsn_.c_str());
    ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    // Waits (up to 5 s) until they are gone.
    PQclear(PQexec(conn, "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                         " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    PQfinish(conn);
  }

  std::int64_t scalar(const std::string& sql) {
    PGconn* conn = PQconnectdb(dsn_.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    const std::int64_t value =
        PQresultStatus(result) == PGRES_TUPLES_OK ? std::strtoll(PQgetvalue(result, 0, 0), nullptr, 10) : -1;
    PQclear(result);
    PQfinish(conn);
    return value;
  }

  // A workspace with one connection; the connection's id, 0 when it could not be made.
  static std::int64_t add_connection(engine::Session& session) {
    auto ws = session.insert("workspaces", *obj(R"({"name":"w"})"));
    if (!ws.ok()) return 0;
    auto connection = session.insert("connections", *obj(R"({"workspace_id":)" +
                                                         std::to_string((*ws)->getValue<std::int64_t>("id")) +
                                                         R"(,"plugin":"p","kind":"source","label":"c"})"));
    return connection.ok() ? (*connection)->getValue<std::int64_t>("id") : 0;
  }

  PgCluster* cluster_ = nullptr;
  std::string dsn_;
};

TEST_F(PostgresStorage, TheDsnsPasswordIsNeverInAnError) {
  // Nothing listens on port 1; the error names the server, never the password.
  for (const std::string dsn : {"host=127.0.0.1 port=1 dbname=x user=u password=s3cret-pw connect_timeout=2",
                                "postgresql://u:s3cret-pw@127.0.0.1:1/x?connect_timeout=2"}) {
    engine::PluginHost host;
    auto plugin = host.load(plugin_library(), R"({"plugin":"postgres","dsn":")" + dsn + R"("})");
    ASSERT_FALSE(plugin.ok());
    EXPECT_EQ(plugin.error().message.find("s3cret-pw"), std::string::npos) << plugin.error().message;
    EXPECT_NE(plugin.error().message.find("127.0.0.1"), std::string::npos) << plugin.error().message;
  }
}

TEST_F(PostgresStorage, AMalformedDsnsPasswordIsNotInItsError) {
  // libpq's parser quotes the piece it could not read, here a piece of the password.
  for (const std::string dsn : {"postgresql://u:50%zoff@127.0.0.1:1/x",
                                "host=127.0.0.1 port=1 password=s3cret pw"}) {
    engine::PluginHost host;
    auto plugin = host.load(plugin_library(), R"({"plugin":"postgres","dsn":")" + dsn + R"("})");
    ASSERT_FALSE(plugin.ok());
    EXPECT_EQ(plugin.error().message.find("50%zoff"), std::string::npos) << plugin.error().message;
    EXPECT_EQ(plugin.error().message.find("\"pw\""), std::string::npos) << plugin.error().message;
    EXPECT_NE(plugin.error().message.find("not a libpq connection string"), std::string::npos)
        << plugin.error().message;
  }
}

TEST_F(PostgresStorage, ADroppedConnectionIsReconnectedAndATransactionOnItIsUnavailable) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
  auto session = storage.open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  ASSERT_TRUE(session->insert("workspaces", *obj(R"({"name":"before"})")).ok());

  // Between calls: the next call reconnects and succeeds.
  drop_connections();
  auto after = session->insert("workspaces", *obj(R"({"name":"after"})"));
  ASSERT_TRUE(after.ok()) << after.error().message;

  // Inside a transaction: the transaction is gone, which the caller learns (retryable), and
  // nothing of it was written; after the rollback the session works again.
  ASSERT_TRUE(session->begin().ok());
  ASSERT_TRUE(session->insert("workspaces", *obj(R"({"name":"lost"})")).ok());
  drop_connections();
  auto lost = session->insert("workspaces", *obj(R"({"name":"lost too"})"));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, engine::ErrorCode::unavailable) << lost.error().message;
  EXPECT_TRUE(lost.error().retryable);
  EXPECT_TRUE(session->rollback().ok());
  auto rows = session->find("workspaces");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows->size(), 2u);
}

TEST_F(PostgresStorage, ABlobAnotherTransactionIsReferringToOutlivesACollection) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
  auto session = storage.open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  const std::int64_t c = add_connection(*session);
  ASSERT_GT(c, 0);
  auto old_snapshot = session->snapshot_create(c);
  ASSERT_TRUE(old_snapshot.ok()) << old_snapshot.error().message;
  ASSERT_TRUE(session->snapshot_add_objects(*old_snapshot, {{"t", "a", "A", R"({"x": 1})"}}).ok());
  auto new_snapshot = session->snapshot_create(c);
  ASSERT_TRUE(new_snapshot.ok()) << new_snapshot.error().message;

  // Another engine's transaction adds an object with the same bytes to the new snapshot (its
  // foreign key's check locks the blob) while this one discards the old snapshot, the blob's
  // only committed user: the collection leaves the blob alone instead of failing on the key.
  PGconn* other = PQconnectdb(dsn_.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "BEGIN"));
  PGresult* added = PQexec(other, ("INSERT INTO metadata_objects (snapshot_id, connection_id, type, external_id,"
                                   " content_hash) SELECT " + std::to_string(*new_snapshot) +
                                   ", connection_id, type, external_id, content_hash FROM metadata_objects"
                                   " WHERE snapshot_id = " + std::to_string(*old_snapshot)).c_str());
  EXPECT_EQ(PQresultStatus(added), PGRES_COMMAND_OK) << PQerrorMessage(other);
  PQclear(added);
  auto discarded = std::async(std::launch::async, [&] { return session->snapshot_discard(*old_snapshot); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  PQclear(PQexec(other, "COMMIT"));
  PQfinish(other);
  const auto status = discarded.get();
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM metadata_blobs"), 1);
  EXPECT_EQ(scalar("SELECT count(*) FROM metadata_objects"), 1);
}

TEST_F(PostgresStorage, ATextValueWithANulIsRefusedNotCutShort) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
  auto session = storage.open_session();
  ASSERT_TRUE(session.ok()) << session.error().message;
  const std::int64_t c = add_connection(*session);
  ASSERT_GT(c, 0);
  auto snapshot = session->snapshot_create(c);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  const std::string a("a\0x", 3), b("a\0y", 3);
  const auto added = session->snapshot_add_objects(*snapshot, {{"t", a, "A", "{}"}, {"t", b, "B", "{}"}});
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().code, engine::ErrorCode::invalid_argument) << added.error().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM metadata_objects"), 0);
  EXPECT_FALSE(session->insert("workspaces", *obj(R"({"name":"a\u0000b"})")).ok());
}

TEST_F(PostgresStorage, EnginesStartedTogetherMigrateOnce) {
  constexpr int kEngines = 4;
  std::vector<std::string> errors(kEngines);
  std::vector<std::thread> engines;
  for (int i = 0; i < kEngines; ++i) {
    engines.emplace_back([&, i] {
      engine::PluginHost host;
      auto plugin = host.load(plugin_library(), config());
      if (!plugin.ok()) errors[i] = plugin.error().message;
    });
  }
  for (auto& t : engines) t.join();
  for (const auto& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(scalar("SELECT count(*) FROM schema_migrations"), scalar("SELECT max(version) FROM schema_migrations"));
}

TEST_F(PostgresStorage, ConcurrentClaimsStartOneJobPerConnection) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
  auto setup = storage.open_session();
  ASSERT_TRUE(setup.ok());
  const auto ws = (*setup->insert("workspaces", *obj(R"({"name":"w"})")))->getValue<std::int64_t>("id");
  std::vector<std::int64_t> connections;
  for (int c = 0; c < 3; ++c) {
    auto row = setup->insert("connections", *obj(R"({"workspace_id":)" + std::to_string(ws) +
                                                 R"(,"plugin":"p","kind":"source","label":"c)" +
                                                 std::to_string(c) + R"("})"));
    ASSERT_TRUE(row.ok()) << row.error().message;
    connections.push_back((*row)->getValue<std::int64_t>("id"));
  }
  // Five queued jobs per connection; eight claimers at once may start one per connection only.
  for (int j = 0; j < 5; ++j) {
    for (auto c : connections) {
      ASSERT_TRUE(setup->insert("jobs", *obj(R"({"connection_id":)" + std::to_string(c) +
                                              R"(,"pipeline":"retrieve"})"))
                      .ok());
    }
  }
  const std::int64_t now = 1'000'000;
  std::vector<std::int64_t> claimed_connections;
  std::mutex mutex;
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&, w] {
      auto session = storage.open_session();
      if (!session.ok()) return;
      for (int round = 0; round < 3; ++round) {
        auto job = session->job_claim("worker-" + std::to_string(w), now, 60'000);
        if (job.ok() && *job) {
          std::lock_guard lock(mutex);
          claimed_connections.push_back((*job)->getValue<std::int64_t>("connection_id"));
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  std::sort(claimed_connections.begin(), claimed_connections.end());
  EXPECT_EQ(claimed_connections, connections);
}

}  // namespace
}  // namespace hsd::test
