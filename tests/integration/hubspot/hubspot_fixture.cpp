#include "hubspot_fixture.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <ctime>
#include <iomanip>
#include <iterator>
#include <stdexcept>
#include <fstream>
#include <sstream>

#include "fake_hubspot_helpers.hpp"

namespace hsd::testing {

const std::vector<std::string>& plugin_default_scopes() {
  static const std::vector<std::string> scopes{
      "crm.objects.custom.read", "crm.objects.custom.write", "crm.schemas.custom.read", "crm.schemas.custom.write",
      "crm.schemas.contacts.read", "crm.schemas.deals.read", "automation", "forms"};
  return scopes;
}

std::string sha256_hex(const std::string& bytes) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(bytes);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
}

Array::Ptr parse_array(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Array::Ptr>();
}


void HubSpotCliTest::start(fakes::FakeHubSpotOptions options, PluginSettings settings) {
  fake_ = std::make_unique<fakes::FakeHubSpot>(std::move(options));
  fake_->start();
  std::string api = fake_->base_url();
  if (settings.through_proxy) {
    proxy_ = std::make_unique<RecordingProxy>(fake_->port());
    api = proxy_->base_url();
  }
  const auto& o = fake_->options();
  std::ostringstream config;
  config << "connectors:\n"
         << "  hubspot:\n"
         << "    client_id: \"" << o.client_id << "\"\n"
         << "    client_secret: \"" << o.client_secret << "\"\n"
         << "    api_base_url: \"" << api << "\"\n"
         << "    auth_base_url: \"" << fake_->base_url() << "\"\n"
         << "    rate_limit: " << settings.rate_limit << "\n"
         << "    max_concurrency: " << settings.max_concurrency << "\n"
         << "    max_attempts: " << settings.max_attempts << "\n"
         // Small pages so that the small portal still spans several pages of each listing.
         << "    flows_page_size: 10\n"
         << "    flows_batch_size: 7\n"
         << "    forms_page_size: 5\n";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  cli_ = std::make_unique<CliRunner>(std::string("hubspot_") + info->name(), config.str());
}

HttpAnswer browser_get(const std::string& url) {
  const Poco::URI uri(url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  HttpAnswer answer;
  answer.status = response.getStatus();
  answer.location = response.get("Location", "");
  answer.body.assign(std::istreambuf_iterator<char>(body), std::istreambuf_iterator<char>());
  return answer;
}

std::string authorize_url(CliProcess& process) {
  const std::string line = process.read_err_line_with("/oauth/authorize?");
  const auto start = line.find("http://");
  return start == std::string::npos ? "" : line.substr(start);
}

CliResult HubSpotCliTest::connect_oauth(const std::string& label, bool json) {
  std::vector<std::string> args{"connect", "hubspot", "--oauth", "--oauth-timeout", "60"};
  if (!label.empty()) args.insert(args.end(), {"--label", label});
  if (json) args.insert(args.end(), {"--output", "json"});
  auto process = cli_->start(args);
  const auto url = authorize_url(process);
  if (url.empty()) return process.finish();  // it printed no URL: its error says why
  const auto consent = browser_get(url);
  EXPECT_EQ(consent.status, 302) << consent.body;
  if (consent.status == 302) browser_get(consent.location);
  return process.finish();
}

Object::Ptr HubSpotCliTest::connect_oauth_ok(const std::string& label) {
  auto result = connect_oauth(label);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("connect failed: " + result.err);
  return parse_object(result.out);
}

CliResult HubSpotCliTest::connect_private_app(const std::string& token, const std::vector<std::string>& extra) {
  fake_->add_private_app_token(token, fakes::default_granted_scopes());
  std::vector<std::string> args{"connect", "hubspot", "--private-app-token", token, "--output", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return cli_->run(args);
}

CliResult HubSpotCliTest::retrieve(const std::string& connection, const std::vector<std::string>& global) {
  std::vector<std::string> args = global;
  for (const char* a : {"run", "retrieve", "--connection"}) args.emplace_back(a);
  args.push_back(connection);
  args.emplace_back("--output");
  args.emplace_back("json");
  return cli_->run(args);
}

Array::Ptr HubSpotCliTest::metadata_list(const std::string& connection) {
  auto result = cli_->run({"metadata", "list", "--connection", connection, "--output", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) return new Array;
  return parse_array(result.out);
}

Object::Ptr HubSpotCliTest::show_connection(const std::string& ref) {
  auto result = cli_->run({"connections", "show", ref, "--output", "json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (result.exit_code != 0) throw std::runtime_error("connections show failed: " + result.err);
  return parse_object(result.out);
}

std::map<ObjectKey, std::string> HubSpotCliTest::stored_hashes(const std::string& connection) {
  std::map<ObjectKey, std::string> out;
  auto list = metadata_list(connection);
  for (unsigned i = 0; i < list->size(); ++i) {
    auto o = list->getObject(i);
    const ObjectKey key{o->getValue<std::string>("type"), o->getValue<std::string>("id")};
    EXPECT_TRUE(out.emplace(key, o->getValue<std::string>("hash")).second)
        << "stored twice: " << key.first << " " << key.second;
  }
  return out;
}

void HubSpotCliTest::expect_stored_equals(const std::vector<fakes::ExpectedObject>& expected,
                                          const std::string& connection) {
  std::map<ObjectKey, std::string> want;
  std::map<std::string, size_t> want_counts;
  for (const auto& e : expected) {
    want[{e.type, e.id}] = sha256_hex(e.json);
    ++want_counts[e.type];
  }
  const auto got = stored_hashes(connection);
  std::map<std::string, size_t> got_counts;
  for (const auto& [key, hash] : got) ++got_counts[key.first];
  EXPECT_EQ(got_counts, want_counts);
  for (const auto& [key, hash] : want) {
    const auto found = got.find(key);
    if (found == got.end()) {
      ADD_FAILURE() << "not stored: " << key.first << " " << key.second;
    } else {
      EXPECT_EQ(found->second, hash) << "other bytes stored for " << key.first << " " << key.second;
    }
  }
  for (const auto& [key, hash] : got) {
    if (!want.count(key)) ADD_FAILURE() << "stored but not in the portal: " << key.first << " " << key.second;
  }
}

std::string HubSpotCliTest::database_bytes() const {
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::ifstream in(cli_->dir() / "var" / (std::string("hsdeploy.db") + suffix), std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

bool HubSpotCliTest::refresh_token_active(const std::string& refresh_token) {
  return hsd::testing::refresh_token_active(*fake_, refresh_token);
}

std::uint64_t HubSpotCliTest::requests_to(const std::string& path) const { return hsd::testing::requests_to(*fake_, path); }

}  // namespace hsd::testing
