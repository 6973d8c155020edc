#include "multi_engine_harness.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <libpq-fe.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "../../storage/pg_cluster.hpp"
#include "service_waits.hpp"

namespace hsd::testing {
namespace {

std::string replace_line(std::string text, const std::string& prefix, const std::string& line) {
  const auto at = text.find(prefix);
  if (at == std::string::npos) throw std::runtime_error("engine.yaml has no line starting '" + prefix + "'");
  const auto end = text.find('\n', at);
  return text.replace(at, end - at, line);
}

// base64 of 32 random bytes, mode 0600: the key file every engine of a test shares.
void write_secret_key(const std::string& path) {
  std::random_device random;
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(random() & 0xff));
  std::ostringstream encoded;
  Poco::Base64Encoder encoder(encoded);
  encoder << key;
  encoder.close();
  std::ofstream(path) << encoded.str() << "\n";
  ::chmod(path.c_str(), 0600);
}

}  // namespace

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

fakes::FakeHubSpotOptions tiny_portal() {
  fakes::FakeHubSpotOptions o;
  o.sizes.custom_schemas = 1;
  o.sizes.properties_per_schema = 2;
  o.sizes.contact_properties = 3;
  o.sizes.deal_properties = 2;
  o.sizes.archived_properties = 1;
  o.sizes.sensitive_properties = 1;
  o.sizes.highly_sensitive_properties = 1;
  o.sizes.flows = 3;
  o.sizes.forms = 3;
  o.sizes.archived_forms = 1;
  o.sizes.max_enum_options = 3;
  o.rate_limit = 0;
  o.daily_limit = 0;
  o.max_threads = 32;
  return o;
}

PgDatabase::PgDatabase(hsd::test::PgCluster& cluster) : cluster_(cluster) {
  std::string error;
  dsn_ = cluster_.create_database(error);
  if (dsn_.empty()) throw std::runtime_error("cannot create a test database: " + error);
}

PgDatabase::~PgDatabase() { cluster_.drop_database(dsn_); }

std::vector<PgDatabase::Row> PgDatabase::rows(const std::string& sql) const {
  PGconn* conn = PQconnectdb(dsn_.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test database: " + error);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const std::string error = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    throw std::runtime_error("SQL failed: " + sql + ": " + error);
  }
  std::vector<Row> out;
  for (int r = 0; r < PQntuples(result); ++r) {
    Row row;
    for (int c = 0; c < PQnfields(result); ++c) {
      if (PQgetisnull(result, r, c)) row.emplace_back();
      else row.emplace_back(PQgetvalue(result, r, c));
    }
    out.push_back(std::move(row));
  }
  PQclear(result);
  PQfinish(conn);
  return out;
}

std::int64_t PgDatabase::integer(const std::string& sql) const {
  const auto got = rows(sql);
  if (got.empty() || got.front().empty() || !got.front().front()) throw std::runtime_error("no value from " + sql);
  return std::stoll(*got.front().front());
}

void PgDatabase::exec(const std::string& sql) const { rows(sql); }

MultiEngineTest::MultiEngineTest() = default;

MultiEngineTest::~MultiEngineTest() {
  // Engines first (they hold sessions on the database), then the database, then the fake.
  for (auto& engine : engines_) {
    if (engine && engine->running()) engine->kill();
  }
  engines_.clear();
  database_.reset();
  if (fake_) fake_->stop();
  if (!secret_key_file_.empty()) std::filesystem::remove(secret_key_file_);
}

void MultiEngineTest::use_own_cluster() {
  std::string error;
  own_cluster_ = hsd::test::PgCluster::start(error);
  if (!own_cluster_) throw std::runtime_error("cannot start a PostgreSQL cluster: " + error);
  cluster_ = own_cluster_.get();
}

void MultiEngineTest::start_fake(fakes::FakeHubSpotOptions options) {
  fake_ = std::make_unique<fakes::FakeHubSpot>(std::move(options));
  fake_->start();
}

int MultiEngineTest::add_engine(const std::string& service_keys) {
  if (!fake_) throw std::runtime_error("start_fake before making engines");
  if (!cluster_) {
    std::string error;
    cluster_ = hsd::test::PgCluster::shared(error);
    if (!cluster_) throw std::runtime_error("no PostgreSQL cluster: " + error);
  }
  if (!database_) database_ = std::make_unique<PgDatabase>(*cluster_);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name = std::string("multi_") + info->name();
  if (secret_key_file_.empty()) {
    secret_key_file_ = (std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()) + ".key")).string();
    write_secret_key(secret_key_file_);
  }
  const auto& o = fake_->options();
  std::ostringstream connectors;
  connectors << "connectors:\n"
             << "  hubspot:\n"
             << "    client_id: \"" << o.client_id << "\"\n"
             << "    client_secret: \"" << o.client_secret << "\"\n"
             << "    api_base_url: \"" << fake_->base_url() << "\"\n"
             << "    auth_base_url: \"" << fake_->base_url() << "\"\n"
             << "    rate_limit: 0\n";
  const int index = static_cast<int>(engines_.size());
  auto engine = std::make_unique<ServiceUnderTest>(name + "_" + std::to_string(index), service_keys, connectors.str());
  // The harness writes a SQLite engine.yaml: these engines share one PostgreSQL database and key.
  const auto file = engine->cli().config_file();
  std::ifstream in(file);
  std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  config = replace_line(config, "storage:", "storage: { plugin: postgres, dsn: \"" + database_->dsn() + "\" }");
  config = replace_line(config, "secrets:", "secrets: { key_file: \"" + secret_key_file_ + "\" }");
  std::ofstream(file) << config;
  engines_.push_back(std::move(engine));
  return index;
}

void MultiEngineTest::start_engines(int count, const std::string& service_keys) {
  for (int i = 0; i < count; ++i) add_engine(service_keys);
  owner_ = engine(0).bootstrap("acme", "owner@acme.test");
  for (auto& engine : engines_) engine->start();
}

std::int64_t MultiEngineTest::connect_private_app(int index, const std::string& user_token, const std::string& pat,
                                                  std::int64_t workspace) {
  fake_->add_private_app_token(pat, fakes::default_granted_scopes());
  auto created = api(index).post("/api/v1/workspaces/" + std::to_string(workspace) + "/connections", user_token,
                                 R"({"plugin":"hubspot","private_app_token":")" + pat + "\"}");
  if (created.status != 201) throw std::runtime_error("connecting a private app failed: " + created.body);
  return created.json()->getValue<std::int64_t>("id");
}

std::vector<Portal> MultiEngineTest::connect_portals(int count) {
  // The fake is one portal: a workspace can hold one connection to it, so each gets its own.
  std::vector<Portal> portals(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto work = [&] {
    for (int i = next++; i < count; i = next++) {
      const int via = i % engine_count();
      try {
        auto made = api(via).post("/api/v1/workspaces", owner_.token,
                                  R"({"name":"portal )" + std::to_string(i) + "\"}");
        if (made.status != 201) throw std::runtime_error("creating a workspace: " + made.body);
        auto& portal = portals[static_cast<std::size_t>(i)];
        portal.workspace_id = made.json()->getValue<std::int64_t>("id");
        portal.connection_id =
            connect_private_app(via, owner_.token, "pat-na1-multi-" + std::to_string(i), portal.workspace_id);
      } catch (const std::exception& e) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(work);
  for (auto& thread : threads) thread.join();
  if (!failures.empty()) throw std::runtime_error(failures.front());
  return portals;
}

std::vector<JobRow> MultiEngineTest::jobs(const std::string& where) {
  std::vector<JobRow> out;
  for (const auto& row : database_->rows(
           "SELECT id, coalesce(connection_id, 0), pipeline, state, attempts, coalesce(lease_owner, ''), created_at,"
           " started_at, finished_at, error FROM jobs WHERE " + where + " ORDER BY id")) {
    JobRow job;
    job.id = std::stoll(*row[0]);
    job.connection_id = std::stoll(*row[1]);
    job.pipeline = *row[2];
    job.state = *row[3];
    job.attempts = std::stoll(*row[4]);
    job.lease_owner = *row[5];
    job.created_at = std::stoll(*row[6]);
    if (row[7]) job.started_at = std::stoll(*row[7]);
    if (row[8]) job.finished_at = std::stoll(*row[8]);
    job.error = row[9].value_or("");
    out.push_back(std::move(job));
  }
  return out;
}

bool MultiEngineTest::wait_jobs_done(std::size_t at_least, std::chrono::seconds timeout) {
  return poll_until(
      [&] {
        return static_cast<std::size_t>(database_->integer("SELECT count(*) FROM jobs")) >= at_least &&
               database_->integer("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')") == 0;
      },
      "every job to finish", timeout);
}

std::vector<std::int64_t> MultiEngineTest::queue_retrievals(int per_connection) {
  const auto before = database_->integer("SELECT coalesce(max(id), 0) FROM jobs");
  database_->exec("BEGIN;"
                  " INSERT INTO jobs (workspace_id, connection_id, pipeline)"
                  "   SELECT c.workspace_id, c.id, 'retrieve' FROM connections c, generate_series(1, " +
                  std::to_string(per_connection) + ") ORDER BY c.id;"
                  " NOTIFY hsd_jobs;"
                  " COMMIT;");
  std::vector<std::int64_t> ids;
  for (const auto& job : jobs("id > " + std::to_string(before))) ids.push_back(job.id);
  return ids;
}

int MultiEngineTest::engine_of(const std::string& lease_owner) {
  for (int i = 0; i < engine_count(); ++i) {
    const std::string pid = ":" + std::to_string(engine(i).pid()) + "/";
    if (engine(i).pid() != 0 && lease_owner.find(pid) != std::string::npos) return i;
  }
  return -1;
}

bool MultiEngineTest::poll_until(const std::function<bool()>& done, const std::string& what,
                                 std::chrono::seconds timeout) {
  // A check that cannot read the database now (a restart) has simply not seen it yet.
  const auto guarded = [&] {
    try {
      return done();
    } catch (const std::exception&) {
      return false;
    }
  };
  return hsd::testing::poll_until(guarded, what, timeout);
}

std::string MultiEngineTest::fake_control(const std::string& method, const std::string& path, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", fake_->port());
  session.setTimeout(Poco::Timespan(10, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::string answer;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
  if (response.getStatus() >= 300) throw std::runtime_error(method + " " + path + " at the fake: " + answer);
  return answer;
}

int MultiEngineTest::gate_waiting(const std::string& path) {
  auto body = Poco::JSON::Parser().parse(fake_control("GET", "/__fake/gates")).extract<Poco::JSON::Object::Ptr>();
  auto gates = body->getArray("gates");
  for (unsigned i = 0; gates && i < gates->size(); ++i) {
    auto gate = gates->getObject(i);
    if (gate->getValue<std::string>("path") == path) return gate->getValue<int>("waiting");
  }
  return 0;
}

}  // namespace hsd::testing
