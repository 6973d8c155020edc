// Several real `hsdeploy serve` processes on one PostgreSQL database, against one fake HubSpot:
// the fixture of the multi-engine tests. Each test gets a fresh database on the ctest fixture's
// throwaway cluster (or a cluster of its own, for a test that restarts the server), engines that
// share the database and one secrets key and listen on their own free ports, and SQL on the
// database to check what the engines wrote (the jobs table above all).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot.hpp"
#include "service_harness.hpp"

namespace hsd::test {
class PgCluster;
}

namespace hsd::testing {

// A fresh database on a cluster, dropped with this object, and plain SQL on it.
class PgDatabase {
 public:
  using Row = std::vector<std::optional<std::string>>;

  explicit PgDatabase(hsd::test::PgCluster& cluster);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& dsn() const { return dsn_; }
  // Every row of a query (NULL as nullopt); throws std::runtime_error naming the SQL on failure.
  std::vector<Row> rows(const std::string& sql) const;
  std::int64_t integer(const std::string& sql) const;
  void exec(const std::string& sql) const;

 private:
  hsd::test::PgCluster& cluster_;
  std::string dsn_;
};

// One row of the jobs table.
struct JobRow {
  std::int64_t id = 0;
  std::int64_t connection_id = 0;
  std::string pipeline;
  std::string state;
  std::int64_t attempts = 0;
  std::string lease_owner;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  std::string error;
};

// Engines stamp a job's times before their statements run (a claim reads the clock before its
// query, a finish before its commit), so a claim that follows a finish may carry a time a few
// milliseconds earlier. Two runs at once would overlap by a whole retrieval (hundreds of ms).
inline constexpr std::int64_t kStampSkewMs = 25;

// A workspace with one HubSpot connection in it (a private app token of its own).
struct Portal {
  std::int64_t workspace_id = 0;
  std::int64_t connection_id = 0;
};

// A tiny portal (a handful of objects of every type, a few requests a retrieval) with the
// fake's rate limit off: hundreds of retrievals take seconds.
fakes::FakeHubSpotOptions tiny_portal();

std::int64_t now_ms();

class MultiEngineTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::seconds kWait{30};

  MultiEngineTest();
  ~MultiEngineTest() override;

  // Before start_engines: the database lives on a cluster of this test's own (restartable)
  // instead of the one ctest's fixture shares between test processes.
  void use_own_cluster();
  void start_fake(fakes::FakeHubSpotOptions options = tiny_portal());
  // Makes `count` engines on one fresh database (engine.yaml: storage postgres, one secrets key,
  // `service:` keys as given, workers 2 unless given, a free port each, the connectors block
  // pointing at the fake), bootstraps owner@acme.test in workspace "acme" through the first
  // one's CLI, and starts them all.
  void start_engines(int count, const std::string& service_keys = "");
  // Makes one more engine on the same database (not started); its index.
  int add_engine(const std::string& service_keys);

  ServiceUnderTest& engine(int index) { return *engines_.at(static_cast<std::size_t>(index)); }
  int engine_count() const { return static_cast<int>(engines_.size()); }
  const ApiClient& api(int index) { return engine(index).api(); }
  const Bootstrapped& owner() const { return owner_; }
  fakes::FakeHubSpot& fake() { return *fake_; }
  PgDatabase& db() { return *database_; }
  hsd::test::PgCluster& cluster() { return *cluster_; }

  // `count` new workspaces of the owner, each with a private-app connection to the fake, made
  // through the engines in turn (several at once). Each connection queues its first retrieval.
  std::vector<Portal> connect_portals(int count);
  // A private-app connection (`pat`, made known to the fake) in `workspace` as the user of
  // `user_token`, through engine `index`.
  std::int64_t connect_private_app(int index, const std::string& user_token, const std::string& pat,
                                   std::int64_t workspace);

  // The jobs table, by id.
  std::vector<JobRow> jobs(const std::string& where = "TRUE");
  // Waits until no job is queued or running (and at least `at_least` exist).
  bool wait_jobs_done(std::size_t at_least, std::chrono::seconds timeout);
  // `per_connection` retrievals queued for every connection in one transaction, with the NOTIFY
  // a queued job sends, as if people had asked for them all at once; their ids.
  std::vector<std::int64_t> queue_retrievals(int per_connection);

  // The engine whose worker holds a job's lease ("host:pid/worker"), -1 when none of ours.
  int engine_of(const std::string& lease_owner);
  // Polls `done` until it holds (a check that throws, the database restarting, counts as not yet).
  bool poll_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds timeout = kWait);
  // A JSON control call to the fake (its gates: /__fake/gates ...); the answer's body.
  std::string fake_control(const std::string& method, const std::string& path, const std::string& body = "{}");
  // How many requests the fake's gate on `path` holds now.
  int gate_waiting(const std::string& path);

 private:
  std::unique_ptr<hsd::test::PgCluster> own_cluster_;
  hsd::test::PgCluster* cluster_ = nullptr;
  std::unique_ptr<PgDatabase> database_;
  std::unique_ptr<fakes::FakeHubSpot> fake_;
  std::vector<std::unique_ptr<ServiceUnderTest>> engines_;
  std::string secret_key_file_;
  Bootstrapped owner_;
};

}  // namespace hsd::testing
