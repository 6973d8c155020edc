// postgres only: what the conformance suite cannot say for every plugin. The DSN's password
// stays out of errors; a connection the server dropped is reconnected between calls and is
// UNAVAILABLE (retryable: the engine's 503) inside a transaction; engines started together
// migrate once; a claim holds the connection's lock so one connection runs one job. ABI 1.4,
// several engines on one database: racing enqueues make one job, job_wait wakes on another
// session's enqueue or finish, named locks exclude across sessions and are lost with the
// connection (a server restart), a newer schema stops claims, storage.migrate manual|inspect.
#include <libpq-fe.h>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "hsd/engine/call_context.hpp"
#include "pg_cluster.hpp"
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

std::filesystem::path plugin_library() {
  return std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_postgres.so";
}

using Clock = std::chrono::steady_clock;

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// One call's outcome through the plugin's table: its status, error message and row.
struct Answer {
  hsd_status status = HSD_OK;
  std::string error;
  std::string row;
  bool ok() const { return status == HSD_OK; }
  Poco::JSON::Object::Ptr object() const { return obj(row); }
};

// A session of the plugin's table, called directly for the ABI 1.4 operations.
class TableSession {
 public:
  explicit TableSession(engine::Plugin& plugin) : table_(plugin.storage()) {
    engine::CallContext call;
    open_ = table_->session_open(plugin.instance(), &call, &handle_);
    if (open_ != HSD_OK) open_error_ = call.error() ? call.error()->message : "?";
  }
  ~TableSession() {
    if (handle_) table_->session_close(handle_);
  }
  TableSession(const TableSession&) = delete;
  TableSession& operator=(const TableSession&) = delete;
  bool ok() const { return open_ == HSD_OK; }
  const std::string& open_error() const { return open_error_; }

  Answer enqueue(const std::string& record, const std::string& unless = R"(["queued"])") {
    return run([&](hsd_call* call, Answer& a) {
      return table_->job_enqueue(handle_, call, text(record), text(unless), collect, &a);
    });
  }
  // woken: 1 or 0, or -1 when the call failed.
  Answer wait(std::int64_t timeout_ms, int& woken, engine::CallContext* cancellable = nullptr) {
    std::int32_t out = -1;
    engine::CallContext own;
    engine::CallContext& call = cancellable ? *cancellable : own;
    Answer a;
    a.status = table_->job_wait(handle_, &call, timeout_ms, &out);
    if (!a.ok()) a.error = call.error() ? call.error()->message : "?";
    woken = a.ok() ? out : -1;
    return a;
  }
  Answer lock(const std::string& key, std::int64_t timeout_ms) {
    return run([&](hsd_call* call, Answer&) {
      return table_->lock_acquire(handle_, call, text(key), timeout_ms, 60'000);
    });
  }
  Answer unlock(const std::string& key) {
    return run([&](hsd_call* call, Answer&) { return table_->lock_release(handle_, call, text(key)); });
  }
  Answer schema_status() {
    return run([&](hsd_call* call, Answer& a) { return table_->schema_status(handle_, call, collect, &a); });
  }
  Answer claim(const std::string& worker) {
    return run([&](hsd_call* call, Answer& a) {
      return table_->job_claim(handle_, call, text(worker), now(), 60'000, collect, &a);
    });
  }
  Answer finish(std::int64_t job, const std::string& worker) {
    return run([&](hsd_call* call, Answer&) {
      return table_->job_finish(handle_, call, job, text(worker), text("succeeded"), text("{}"));
    });
  }
  Answer begin() {
    return run([&](hsd_call* call, Answer&) { return table_->begin(handle_, call); });
  }
  Answer commit() {
    return run([&](hsd_call* call, Answer&) { return table_->commit(handle_, call); });
  }
  Answer rollback() {
    return run([&](hsd_call* call, Answer&) { return table_->rollback(handle_, call); });
  }

  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }

 private:
  static hsd_str_view text(const std::string& s) { return {s.data(), s.size()}; }
  static hsd_status collect(void* user, hsd_str_view row) {
    static_cast<Answer*>(user)->row.assign(row.data, row.size);
    return HSD_OK;
  }
  template <class Call>
  Answer run(Call&& body) {
    engine::CallContext call;
    Answer a;
    a.status = body(&call, a);
    if (!a.ok()) a.error = call.error() ? call.error()->message : "?";
    return a;
  }

  const hsd_storage_api* table_;
  void* handle_ = nullptr;
  hsd_status open_ = HSD_OK;
  std::string open_error_;
};

// Runs query on conn until it answers "t" or deadline_ms passes; true when it did.
bool eventually(const std::string& dsn, const std::string& query, int deadline_ms = 10'000) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  bool holds = false;
  for (const auto start = Clock::now(); !holds && ms_since(start) < deadline_ms;) {
    PGresult* result = PQexec(conn, query.c_str());
    holds = PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0 &&
            std::string(PQgetvalue(result, 0, 0)) == "t";
    PQclear(result);
    if (!holds) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  PQfinish(conn);
  return holds;
}

// Someone waits for an advisory lock of the database (a blocked enqueue or lock).
const char* const kAdvisoryWaiter =
    "SELECT count(*) > 0 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted";

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

  std::string text(const std::string& sql) {
    PGconn* conn = PQconnectdb(dsn_.c_str());
    PGresult* result = PQexec(conn, sql.c_str());
    const std::string value = PQresultStatus(result) == PGRES_TUPLES_OK ? PQgetvalue(result, 0, 0) : "";
    PQclear(result);
    PQfinish(conn);
    return value;
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


// Other claimers holding the oldest jobs (more than one batch of candidates) do not make a claim
// answer "no job": it reads on to the next runnable one; NOT_FOUND only once none is left.
TEST_F(PostgresStorage, AClaimReadsPastTheJobsOtherClaimersHold) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession session(**plugin);
  ASSERT_TRUE(session.ok()) << session.open_error();
  constexpr int kJobs = 40, kHeld = 37;
  for (int j = 0; j < kJobs; ++j) {
    ASSERT_TRUE(session.enqueue(R"({"pipeline":"p","params":{"n":)" + std::to_string(j) + "}}").ok());
  }
  // Another claimer's transaction holds the oldest kHeld rows.
  PGconn* other = PQconnectdb(dsn_.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "BEGIN"));
  PGresult* held = PQexec(other, ("SELECT id FROM jobs ORDER BY id LIMIT " + std::to_string(kHeld) + " FOR UPDATE").c_str());
  ASSERT_EQ(PQntuples(held), kHeld) << PQerrorMessage(other);
  PQclear(held);
  const std::int64_t first_free = scalar("SELECT id FROM jobs ORDER BY id OFFSET " + std::to_string(kHeld) + " LIMIT 1");

  std::vector<std::int64_t> claimed;
  for (int c = kHeld; c < kJobs; ++c) {
    const Answer a = session.claim("w");
    ASSERT_TRUE(a.ok()) << "claim " << c << ": " << a.error;
    claimed.push_back(a.object()->getValue<std::int64_t>("id"));
  }
  EXPECT_EQ(claimed, (std::vector<std::int64_t>{first_free, first_free + 1, first_free + 2}));
  const Answer none = session.claim("w");
  EXPECT_EQ(none.status, HSD_ERR_NOT_FOUND) << none.error;

  // Let go, the held jobs are claimable again, oldest first.
  PQclear(PQexec(other, "ROLLBACK"));
  PQfinish(other);
  const Answer oldest = session.claim("w");
  ASSERT_TRUE(oldest.ok()) << oldest.error;
  EXPECT_EQ(oldest.object()->getValue<std::int64_t>("id"), scalar("SELECT min(id) FROM jobs"));
}


// ---- ABI 1.4: several engines on one database

// Two engines (plugin hosts) with four sessions each enqueue one identical job at once, over
// and over: one job is made, and every other answer joins it.
TEST_F(PostgresStorage, RacingEnqueuesOfOneJobMakeOneJob) {
  engine::PluginHost first_host, second_host;
  auto first = first_host.load(plugin_library(), config());
  auto second = second_host.load(plugin_library(), config());
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(second.ok()) << second.error().message;
  engine::Storage storage((*first)->storage(), (*first)->instance());
  auto setup = storage.open_session();
  ASSERT_TRUE(setup.ok());
  const std::int64_t c = add_connection(*setup);
  ASSERT_GT(c, 0);
  const std::string record = R"({"connection_id":)" + std::to_string(c) +
                             R"(,"pipeline":"retrieve","params":{"a":1,"b":[2]}})";

  constexpr int kThreads = 8, kRounds = 5;
  std::mutex mutex;
  std::vector<std::string> errors;
  std::set<std::int64_t> job_ids;
  int made = 0, joined = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TableSession session(t % 2 ? **second : **first);
      for (int round = 0; round < kRounds; ++round) {
        const Answer a = session.ok() ? session.enqueue(record, R"(["queued","running"])") : Answer{};
        std::lock_guard lock(mutex);
        if (!session.ok() || !a.ok()) {
          errors.push_back(session.ok() ? a.error : session.open_error());
          continue;
        }
        const auto answer = a.object();
        job_ids.insert(answer->getObject("job")->getValue<std::int64_t>("id"));
        (answer->getValue<bool>("joined") ? joined : made) += 1;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, std::vector<std::string>());
  EXPECT_EQ(made, 1);
  EXPECT_EQ(joined, kThreads * kRounds - 1);
  EXPECT_EQ(job_ids.size(), 1u);
  EXPECT_EQ(scalar("SELECT count(*) FROM jobs"), 1);

  // Other params, or no connection, are other jobs; a job no longer queued is not joined.
  TableSession session(**first);
  ASSERT_TRUE(session.ok()) << session.open_error();
  const Answer other = session.enqueue(R"({"connection_id":)" + std::to_string(c) +
                                       R"(,"pipeline":"retrieve","params":{"a":2}})");
  ASSERT_TRUE(other.ok()) << other.error;
  EXPECT_FALSE(other.object()->getValue<bool>("joined"));
  const Answer unbound = session.enqueue(R"({"connection_id":null,"pipeline":"retrieve","params":{"a":1,"b":[2]}})");
  ASSERT_TRUE(unbound.ok()) << unbound.error;
  EXPECT_FALSE(unbound.object()->getValue<bool>("joined"));
  const Answer claimed = session.claim("w");
  ASSERT_TRUE(claimed.ok()) << claimed.error;
  EXPECT_EQ(claimed.object()->getValue<std::int64_t>("id"), *job_ids.begin());
  const Answer while_running = session.enqueue(record);  // unless queued only
  ASSERT_TRUE(while_running.ok()) << while_running.error;
  EXPECT_FALSE(while_running.object()->getValue<bool>("joined"));
  EXPECT_EQ(scalar("SELECT count(*) FROM jobs"), 4);

  const Answer bad = session.enqueue(record, R"(["queued","done"])");
  EXPECT_EQ(bad.status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_NE(bad.error.find("unless_states"), std::string::npos) << bad.error;
  EXPECT_EQ(scalar("SELECT count(*) FROM jobs"), 4);
}

// Inside a caller's transaction the identity stays locked until it ends: an identical
// enqueue elsewhere waits, then joins the job committed meanwhile.
TEST_F(PostgresStorage, AnEnqueueInATransactionHoldsItsIdentityUntilCommit) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession a(**plugin), b(**plugin);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string record = R"({"pipeline":"schedule","params":{}})";
  ASSERT_TRUE(a.begin().ok());
  const Answer first = a.enqueue(record);
  ASSERT_TRUE(first.ok()) << first.error;
  auto second = std::async(std::launch::async, [&] { return b.enqueue(record); });
  ASSERT_TRUE(eventually(dsn_, kAdvisoryWaiter)) << "the second enqueue did not wait for the first";
  ASSERT_TRUE(a.commit().ok());
  const Answer joined = second.get();
  ASSERT_TRUE(joined.ok()) << joined.error;
  EXPECT_TRUE(joined.object()->getValue<bool>("joined"));
  EXPECT_EQ(joined.object()->getObject("job")->getValue<std::int64_t>("id"),
            first.object()->getObject("job")->getValue<std::int64_t>("id"));
  EXPECT_EQ(scalar("SELECT count(*) FROM jobs"), 1);
}

TEST_F(PostgresStorage, JobWaitWakesOnAnotherSessionsEnqueueAndFinish) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession waiter(**plugin), worker(**plugin);
  ASSERT_TRUE(waiter.ok() && worker.ok());
  int woken = -1;
  // The first wait starts listening; nothing has happened yet.
  ASSERT_TRUE(waiter.wait(0, woken).ok());
  EXPECT_EQ(woken, 0);

  // Sent between two waits: kept for the next one.
  const Answer queued = worker.enqueue(R"({"pipeline":"p"})");
  ASSERT_TRUE(queued.ok()) << queued.error;
  auto start = Clock::now();
  ASSERT_TRUE(waiter.wait(30'000, woken).ok());
  EXPECT_EQ(woken, 1);
  EXPECT_LT(ms_since(start), 10'000);

  // Sent while waiting.
  const Answer claimed = worker.claim("w");
  ASSERT_TRUE(claimed.ok()) << claimed.error;
  start = Clock::now();
  auto finished = std::async(std::launch::async, [&] {
    return worker.finish(claimed.object()->getValue<std::int64_t>("id"), "w");
  });
  ASSERT_TRUE(waiter.wait(30'000, woken).ok());
  EXPECT_EQ(woken, 1);
  EXPECT_LT(ms_since(start), 10'000);
  const Answer finish = finished.get();
  EXPECT_TRUE(finish.ok()) << finish.error;

  // A rolled-back enqueue announces nothing.
  ASSERT_TRUE(worker.begin().ok());
  ASSERT_TRUE(worker.enqueue(R"({"pipeline":"q"})").ok());
  ASSERT_TRUE(worker.rollback().ok());
  start = Clock::now();
  ASSERT_TRUE(waiter.wait(300, woken).ok());
  EXPECT_EQ(woken, 0);
  EXPECT_GE(ms_since(start), 290);
}

TEST_F(PostgresStorage, JobWaitTimesOutIsCancelledAndWakesAfterALostConnection) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession waiter(**plugin), worker(**plugin);
  ASSERT_TRUE(waiter.ok() && worker.ok());
  int woken = -1;
  auto start = Clock::now();
  ASSERT_TRUE(waiter.wait(400, woken).ok());
  EXPECT_EQ(woken, 0);
  EXPECT_GE(ms_since(start), 390);

  // Cancelled through the call, while waiting: within a slice (250 ms), not the timeout.
  engine::CallContext call;
  start = Clock::now();
  auto cancelled = std::async(std::launch::async, [&] {
    int out = -1;
    return waiter.wait(60'000, out, &call);
  });
  call.cancel();
  const Answer stopped = cancelled.get();
  EXPECT_EQ(stopped.status, HSD_ERR_CANCELLED) << stopped.error;
  EXPECT_LT(ms_since(start), 5'000);

  // The server ends the connection: the next wait reconnects, listens again and says "look".
  drop_connections();
  ASSERT_TRUE(waiter.wait(30'000, woken).ok());
  EXPECT_EQ(woken, 1);
  ASSERT_TRUE(worker.enqueue(R"({"pipeline":"after"})").ok());
  ASSERT_TRUE(waiter.wait(30'000, woken).ok());
  EXPECT_EQ(woken, 1);
}

TEST_F(PostgresStorage, ALockExcludesOtherSessionsUntilReleased) {
  engine::PluginHost first_host, second_host;
  auto first = first_host.load(plugin_library(), config());
  auto second = second_host.load(plugin_library(), config());
  ASSERT_TRUE(first.ok() && second.ok());
  TableSession a(**first), b(**second);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string key = "connection:7:credentials";
  ASSERT_TRUE(a.lock(key, 0).ok());
  ASSERT_TRUE(a.lock(key, 0).ok());  // held already: kept, and one release frees it
  EXPECT_TRUE(b.lock("connection:8:credentials", 0).ok());  // other keys are free

  auto start = Clock::now();
  const Answer busy = b.lock(key, 300);
  EXPECT_EQ(busy.status, HSD_ERR_UNAVAILABLE);
  EXPECT_NE(busy.error.find(key), std::string::npos) << busy.error;
  EXPECT_GE(ms_since(start), 290);

  // b waits; a's release lets it in.
  start = Clock::now();
  const std::string before = text("SELECT clock_timestamp()");
  auto waiting = std::async(std::launch::async, [&] { return b.lock(key, 30'000); });
  // b has tried (and failed: a holds the key) since: it is waiting.
  ASSERT_TRUE(eventually(dsn_, "SELECT count(*) > 0 FROM pg_stat_activity WHERE query LIKE"
                               " 'SELECT pg_try_advisory_lock%' AND query_start > '" + before + "'"));
  ASSERT_TRUE(a.unlock(key).ok());
  const Answer taken = waiting.get();
  EXPECT_TRUE(taken.ok()) << taken.error;
  EXPECT_LT(ms_since(start), 10'000);
  EXPECT_EQ(a.lock(key, 0).status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(a.unlock(key).ok());  // not held: no change

  // Closing a session releases its locks.
  {
    TableSession c(**first);
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(b.unlock(key).ok());
    ASSERT_TRUE(c.lock(key, 0).ok());
    EXPECT_EQ(b.lock(key, 0).status, HSD_ERR_UNAVAILABLE);
  }
  EXPECT_TRUE(b.lock(key, 5'000).ok());
}

// A cluster of this test's own: a restart ends the connections of every process on it.
TEST_F(PostgresStorage, LocksHeldAcrossAServerRestartAreLost) {
  std::string error;
  auto cluster = PgCluster::start(error);
  ASSERT_NE(cluster, nullptr) << error;
  const std::string dsn = cluster->create_database(error);
  ASSERT_FALSE(dsn.empty()) << error;
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), R"({"plugin":"postgres","dsn":")" + dsn + R"("})");
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession a(**plugin), waiter(**plugin);
  ASSERT_TRUE(a.ok() && waiter.ok());
  int woken = -1;
  ASSERT_TRUE(waiter.wait(0, woken).ok());
  ASSERT_TRUE(a.lock("k1", 0).ok());
  ASSERT_TRUE(a.lock("k2", 0).ok());

  ASSERT_TRUE(cluster->restart(error)) << error;

  const Answer again = a.lock("k1", 0);
  EXPECT_EQ(again.status, HSD_ERR_CONFLICT);
  EXPECT_NE(again.error.find("lock lost"), std::string::npos) << again.error;
  const Answer release = a.unlock("k2");
  EXPECT_EQ(release.status, HSD_ERR_CONFLICT);
  EXPECT_NE(release.error.find("lock lost"), std::string::npos) << release.error;
  // Forgotten: taken afresh on the new connection, and held there.
  EXPECT_TRUE(a.lock("k1", 0).ok());
  TableSession b(**plugin);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b.lock("k1", 0).status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(b.lock("k2", 0).ok());
  // The waiter may have missed a notification while the server was down: it says "look".
  ASSERT_TRUE(waiter.wait(30'000, woken).ok());
  EXPECT_EQ(woken, 1);
}

TEST_F(PostgresStorage, AClaimRefusesADatabaseNewerThanThePlugin) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession session(**plugin);
  ASSERT_TRUE(session.ok());
  const Answer status = session.schema_status();
  ASSERT_TRUE(status.ok()) << status.error;
  const auto supported = status.object()->getValue<std::int64_t>("supported");
  EXPECT_EQ(status.object()->getValue<std::int64_t>("version"), supported);
  EXPECT_EQ(status.object()->getArray("pending")->size(), 0u);
  EXPECT_EQ(status.object()->getArray("applied")->size(), static_cast<std::size_t>(supported));
  ASSERT_TRUE(session.enqueue(R"({"pipeline":"p"})").ok());

  // Another engine, newer, migrates.
  const std::string newer = std::to_string(supported + 1);
  ASSERT_EQ(scalar("WITH added AS (INSERT INTO schema_migrations (version, name, applied_at) VALUES (" + newer +
                   ", 'from_a_newer_hsdeploy', 0) RETURNING version) SELECT version FROM added"),
            supported + 1);
  const Answer claim = session.claim("w");
  EXPECT_EQ(claim.status, HSD_ERR_UNSUPPORTED);
  EXPECT_NE(claim.error.find("the database schema is at version " + newer + "; this hsdeploy knows up to " +
                             std::to_string(supported)),
            std::string::npos)
      << claim.error;
  EXPECT_EQ(scalar("SELECT count(*) FROM jobs WHERE state = 'queued'"), 1);
  const Answer after = session.schema_status();
  ASSERT_TRUE(after.ok()) << after.error;
  EXPECT_EQ(after.object()->getValue<std::int64_t>("version"), supported + 1);
  EXPECT_EQ(after.object()->getValue<std::int64_t>("supported"), supported);
}

// The version is read with the candidates: an empty queue refuses a newer schema too (the
// engine stops claiming then, not when the next job comes).
TEST_F(PostgresStorage, AClaimOnAnEmptyQueueRefusesADatabaseNewerThanThePlugin) {
  engine::PluginHost host;
  auto plugin = host.load(plugin_library(), config());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  TableSession session(**plugin);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session.claim("w").status, HSD_ERR_NOT_FOUND);
  const std::int64_t newer = scalar("SELECT max(version) + 1 FROM schema_migrations");
  ASSERT_GT(newer, 1);
  ASSERT_EQ(scalar("WITH added AS (INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                   std::to_string(newer) + ", 'from_a_newer_hsdeploy', 0) RETURNING version) SELECT version FROM added"),
            newer);
  const Answer claim = session.claim("w");
  EXPECT_EQ(claim.status, HSD_ERR_UNSUPPORTED);
  EXPECT_NE(claim.error.find("the database schema is at version " + std::to_string(newer)), std::string::npos)
      << claim.error;
}

TEST_F(PostgresStorage, MigrateManualRefusesPendingMigrationsAndInspectLoads) {
  const auto with = [&](const std::string& migrate) {
    return R"({"plugin":"postgres","dsn":")" + dsn_ + R"(","migrate":")" + migrate + R"("})";
  };
  {
    engine::PluginHost host;
    auto refused = host.load(plugin_library(), with("manual"));
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("hsdeploy storage migrate"), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 0);

    engine::PluginHost other_host;
    auto bad = other_host.load(plugin_library(), with("sometimes"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, engine::ErrorCode::invalid_argument);
    EXPECT_NE(bad.error().message.find("storage.migrate must be auto, manual or inspect"), std::string::npos)
        << bad.error().message;
  }
  {
    engine::PluginHost host;
    auto inspect = host.load(plugin_library(), with("inspect"));
    ASSERT_TRUE(inspect.ok()) << inspect.error().message;
    TableSession session(**inspect);
    ASSERT_TRUE(session.ok()) << session.open_error();
    const Answer status = session.schema_status();
    ASSERT_TRUE(status.ok()) << status.error;
    const auto supported = status.object()->getValue<std::int64_t>("supported");
    EXPECT_EQ(status.object()->getValue<std::int64_t>("version"), 0);
    EXPECT_EQ(status.object()->getArray("pending")->size(), static_cast<std::size_t>(supported));
    EXPECT_EQ(status.object()->getArray("pending")->getObject(0)->getValue<std::string>("name"), "0001_initial");
    EXPECT_EQ(status.object()->getArray("applied")->size(), 0u);
    EXPECT_EQ(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 0);
  }
  {
    engine::PluginHost host;
    auto migrated = host.load(plugin_library(), with("auto"));
    ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  }
  engine::PluginHost host;
  auto manual = host.load(plugin_library(), with("manual"));
  EXPECT_TRUE(manual.ok()) << manual.error().message;
}

}  // namespace
}  // namespace hsd::test
