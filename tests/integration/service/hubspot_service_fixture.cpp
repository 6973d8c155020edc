#include "hubspot_service_fixture.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "service_database.hpp"
#include "service_waits.hpp"
#include "../hubspot/fake_hubspot_helpers.hpp"
#include "../hubspot/recording_proxy.hpp"

namespace hsd::testing {
namespace {

std::string sha256_of(const std::string& bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string query_parameter(const Poco::URI& uri, const std::string& name) {
  for (const auto& [key, value] : uri.getQueryParameters()) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace


ObjectHashes hashes_of(const std::vector<fakes::ExpectedObject>& expected) {
  ObjectHashes out;
  for (const auto& e : expected) out[{e.type, e.id}] = sha256_of(e.json);
  return out;
}

fakes::Fault slow_fault(const std::string& path, std::chrono::milliseconds delay, int count) {
  fakes::Fault fault;
  fault.path_prefix = path;
  fault.kind = fakes::FaultKind::kSlow;
  fault.count = count;
  fault.delay = delay;
  return fault;
}

std::vector<std::pair<std::size_t, std::string>> lines_with(const std::string& log,
                                                           const std::vector<std::string>& needles) {
  std::vector<std::pair<std::size_t, std::string>> out;
  for (std::size_t start = 0; start < log.size();) {
    auto end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    bool all = true;
    for (const auto& needle : needles) all = all && line.find(needle) != std::string::npos;
    if (all) out.emplace_back(start, line);
    start = end + 1;
  }
  return out;
}


HubSpotServiceTest::HubSpotServiceTest() = default;
HubSpotServiceTest::~HubSpotServiceTest() = default;

void HubSpotServiceTest::start_fake(fakes::FakeHubSpotOptions options, bool through_proxy) {
  fake_ = std::make_unique<fakes::FakeHubSpot>(std::move(options));
  fake_->start();
  if (through_proxy) proxy_ = std::make_unique<RecordingProxy>(fake_->port());
}

void HubSpotServiceTest::start_service(const std::string& service_keys, const std::string& connector_keys) {
  const auto& o = fake_->options();
  std::ostringstream config;
  config << "connectors:\n"
         << "  hubspot:\n"
         << "    client_id: \"" << o.client_id << "\"\n"
         << "    client_secret: \"" << o.client_secret << "\"\n"
         << "    api_base_url: \"" << (proxy_ ? proxy_->base_url() : fake_->base_url()) << "\"\n"
         << "    auth_base_url: \"" << fake_->base_url() << "\"\n"
         // No client-side limit unless the test sets one (connector_keys).
         << (connector_keys.find("rate_limit:") == std::string::npos ? "    rate_limit: 0\n" : "")
         << "    max_concurrency: 4\n"
         // Small pages, so that the small portal still spans several pages of each listing.
         << "    flows_page_size: 10\n"
         << "    flows_batch_size: 7\n"
         << "    forms_page_size: 5\n"
         << connector_keys;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  service_ = std::make_unique<ServiceUnderTest>(std::string("svc_hs_") + info->name(), service_keys, config.str());
  owner_ = service_->bootstrap("acme", "owner@acme.test");
  service_->start();
}

HttpReply HubSpotServiceTest::oauth_start(const std::string& token, std::int64_t workspace, const std::string& plugin) {
  return api().get("/api/v1/oauth/" + plugin + "/start?workspace=" + std::to_string(workspace), token);
}

std::string HubSpotServiceTest::consent(const std::string& authorize_url) {
  return follow_consent_page(authorize_url);
}

HttpReply HubSpotServiceTest::follow_to_service(const std::string& location) {
  return api().get(Poco::URI(location).getPathAndQuery());
}

std::int64_t HubSpotServiceTest::connect_oauth(std::int64_t workspace) {
  auto started = oauth_start(owner_.token, workspace);
  EXPECT_EQ(started.status, 302) << started.body;
  const std::string back = consent(started.headers["location"]);
  const Poco::URI back_uri(back);
  EXPECT_FALSE(query_parameter(back_uri, "code").empty()) << "no code in the consent redirect: " << back;
  auto called = follow_to_service(back);
  EXPECT_EQ(called.status, 302) << called.body;
  const Poco::URI landing(called.headers["location"]);
  const std::string id = query_parameter(landing, "connected");
  if (id.empty()) throw std::runtime_error("the callback did not name a connection: " + called.body);
  return std::stoll(id);
}

std::int64_t HubSpotServiceTest::connect_private_app(const std::string& token) {
  fake_->add_private_app_token(token, fakes::default_granted_scopes());
  auto created = api().post("/api/v1/workspaces/" + std::to_string(owner_.workspace_id) + "/connections",
                            owner_.token, R"({"plugin":"hubspot","private_app_token":")" + token + "\"}");
  EXPECT_EQ(created.status, 201) << created.body;
  if (created.status != 201) throw std::runtime_error("connecting with a private app token failed: " + created.body);
  return created.json()->getValue<std::int64_t>("id");
}

std::string HubSpotServiceTest::wait_log(const std::vector<std::string>& needles, std::chrono::seconds timeout) {
  return wait_for_log_lines(*service_, needles, timeout);
}

bool HubSpotServiceTest::poll_until(const std::function<bool()>& done, const std::string& what,
                                    std::chrono::seconds timeout) {
  return hsd::testing::poll_until(done, what, timeout);
}

Poco::JSON::Object::Ptr HubSpotServiceTest::connection(std::int64_t id) {
  auto shown = api().get("/api/v1/connections/" + std::to_string(id), owner_.token);
  EXPECT_EQ(shown.status, 200) << shown.body;
  if (shown.status != 200) throw std::runtime_error("GET connection " + std::to_string(id) + ": " + shown.body);
  return shown.json();
}

ObjectHashes HubSpotServiceTest::api_metadata(std::int64_t id, std::set<std::int64_t>* snapshots) {
  ObjectHashes out;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string path = "/api/v1/connections/" + std::to_string(id) + "/metadata?limit=1000";
    if (!cursor.empty()) path += "&cursor=" + cursor;
    auto reply = api().get(path, owner_.token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) break;
    auto body = reply.json();
    auto items = body->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) {
      auto item = items->getObject(i);
      out[{item->getValue<std::string>("type"), item->getValue<std::string>("id")}] = item->getValue<std::string>("hash");
      if (snapshots) snapshots->insert(item->getValue<std::int64_t>("snapshot"));
    }
    if (body->isNull("next_cursor")) break;
    std::string raw;
    Poco::URI::encode(body->getValue<std::string>("next_cursor"), "&=+?#/", raw);
    cursor = raw;
  }
  return out;
}

ObjectHashes HubSpotServiceTest::cli_metadata(std::int64_t id) {
  auto listed = service_->cli().run({"metadata", "list", "--connection", std::to_string(id), "--output", "json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  ObjectHashes out;
  if (listed.exit_code != 0) return out;
  auto array = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
  for (unsigned i = 0; i < array->size(); ++i) {
    auto item = array->getObject(i);
    out[{item->getValue<std::string>("type"), item->getValue<std::string>("id")}] = item->getValue<std::string>("hash");
  }
  return out;
}

std::optional<std::string> HubSpotServiceTest::sql_value(const std::string& query) {
  return database_value(service_->cli().dir() / "var" / "hsdeploy.db", query);
}

std::int64_t HubSpotServiceTest::sql_int(const std::string& query) {
  const auto value = sql_value(query);
  if (!value) throw std::runtime_error("SQL '" + query + "' gave no value");
  return std::stoll(*value);
}

void HubSpotServiceTest::sql_exec(const std::string& statement) {
  database_exec(service_->cli().dir() / "var" / "hsdeploy.db", statement);
}

bool HubSpotServiceTest::refresh_token_active(const std::string& refresh_token) {
  return hsd::testing::refresh_token_active(*fake_, refresh_token);
}

std::uint64_t HubSpotServiceTest::requests_to(const std::string& path) const { return hsd::testing::requests_to(*fake_, path); }

}  // namespace hsd::testing
