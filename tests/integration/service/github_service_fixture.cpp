#include "github_service_fixture.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "service_waits.hpp"
#include "../hubspot/fake_hubspot_helpers.hpp"

namespace hsd::testing {
namespace {

bool forwarded(const std::string& name) {
  static const std::set<std::string> skip{"host", "connection", "keep-alive", "content-length", "transfer-encoding"};
  return skip.count(Poco::toLower(name)) == 0;
}

std::string decode(const std::string& text) {
  std::string plus = text;
  for (auto& c : plus) {
    if (c == '+') c = ' ';
  }
  std::string out;
  Poco::URI::decode(plus, out);
  return out;
}

bool terminal(const std::string& state) { return state == "succeeded" || state == "failed" || state == "cancelled"; }

}  // namespace

// --- BodyRecordingProxy ---------------------------------------------------------------------

struct BodyRecordingProxy::Impl {
  std::uint16_t port = 0;
  std::uint16_t target = 0;
  mutable std::mutex mutex;
  std::vector<Exchange> exchanges;
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

namespace {

class RecordingHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RecordingHandler(BodyRecordingProxy::Impl& impl) : impl_(impl) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    BodyRecordingProxy::Exchange exchange;
    exchange.method = in.getMethod();
    exchange.target = in.getURI();
    Poco::StreamCopier::copyToString(in.stream(), exchange.request_body);

    Poco::Net::HTTPClientSession session("127.0.0.1", impl_.target);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(in.getMethod(), in.getURI(), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : in) {
      if (forwarded(name)) request.add(name, value);
    }
    request.setContentLength(static_cast<std::streamsize>(exchange.request_body.size()));
    session.sendRequest(request) << exchange.request_body;
    Poco::Net::HTTPResponse response;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), exchange.response_body);
    exchange.status = static_cast<int>(response.getStatus());
    {
      std::lock_guard lock(impl_.mutex);
      impl_.exchanges.push_back(exchange);
    }
    out.setStatusAndReason(response.getStatus(), response.getReason());
    for (const auto& [name, value] : response) {
      if (forwarded(name)) out.add(name, value);
    }
    out.setContentLength(static_cast<std::streamsize>(exchange.response_body.size()));
    out.sendBuffer(exchange.response_body.data(), exchange.response_body.size());
  }

 private:
  BodyRecordingProxy::Impl& impl_;
};

class RecordingFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit RecordingFactory(BodyRecordingProxy::Impl& impl) : impl_(impl) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RecordingHandler(impl_);
  }

 private:
  BodyRecordingProxy::Impl& impl_;
};

}  // namespace

BodyRecordingProxy::BodyRecordingProxy(std::uint16_t target_port) : impl_(std::make_unique<Impl>()) {
  impl_->target = target_port;
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  impl_->port = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new RecordingFactory(*impl_), socket, params);
  impl_->server->start();
}

BodyRecordingProxy::~BodyRecordingProxy() { impl_->server->stopAll(true); }

std::string BodyRecordingProxy::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

std::vector<BodyRecordingProxy::Exchange> BodyRecordingProxy::exchanges() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->exchanges;
}

// --- helpers ---------------------------------------------------------------------------------

std::string form_value(const std::string& form, const std::string& name) {
  std::istringstream in(form);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    const auto eq = pair.find('=');
    const std::string key = decode(pair.substr(0, eq));
    if (key == name) return eq == std::string::npos ? "" : decode(pair.substr(eq + 1));
  }
  return "";
}

std::string query_value(const std::string& url, const std::string& name) {
  for (const auto& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return "";
}

std::string s256(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  const auto& digest = engine.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

// --- GitHubServiceTest -----------------------------------------------------------------------

GitHubServiceTest::GitHubServiceTest() = default;
GitHubServiceTest::~GitHubServiceTest() {
  // The service first: it may be talking to the fakes.
  service_.reset();
  web_proxy_.reset();
}

void GitHubServiceTest::start(const std::string& service_keys, bool web_through_proxy) {
  fakes::FakeGitHubOptions options;
  options.redirect_uris = {kCallbackUri};
  github_ = std::make_unique<fakes::FakeGitHub>(options);
  github_->start();
  github_->create_user(fakes::UserSpec{.login = kOrg, .type = "Organization"});
  user_id_ = github_->create_user(fakes::UserSpec{.login = kLogin, .name = "The Octocat", .orgs = {kOrg}});
  github_->set_oauth(fakes::OAuthSettings{.default_user = std::string(kLogin)});
  repo_ = github_->create_repo(fakes::RepoSpec{.owner = kOrg, .name = "hubspot-config", .is_private = true,
                                               .default_branch = "main", .branches = {"dev"}});
  public_repo_ = github_->create_repo(fakes::RepoSpec{.owner = kLogin, .name = "notes"});

  hubspot_ = std::make_unique<fakes::FakeHubSpot>(small_portal());
  hubspot_->start();
  if (web_through_proxy) web_proxy_ = std::make_unique<BodyRecordingProxy>(github_->port());

  const auto& hs = hubspot_->options();
  std::ostringstream config;
  config << "connectors:\n"
         << "  github:\n"
         << "    api_base_url: \"" << github_->api_url() << "\"\n"
         << "    web_base_url: \"" << (web_proxy_ ? web_proxy_->base_url() : github_->base_url()) << "\"\n"
         << "    client_id: \"" << options.client_id << "\"\n"
         << "    client_secret: \"" << options.client_secret << "\"\n"
         << "    max_rate_limit_wait_seconds: 2\n"
         << "  hubspot:\n"
         << "    client_id: \"" << hs.client_id << "\"\n"
         << "    client_secret: \"" << hs.client_secret << "\"\n"
         << "    api_base_url: \"" << hubspot_->base_url() << "\"\n"
         << "    auth_base_url: \"" << hubspot_->base_url() << "\"\n"
         << "    rate_limit: 0\n"
         << "    max_concurrency: 4\n"
         << "    flows_page_size: 10\n"
         << "    flows_batch_size: 7\n"
         << "    forms_page_size: 5\n";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  service_ = std::make_unique<ServiceUnderTest>(std::string("svc_gh_") + info->test_suite_name() + "_" + info->name(),
                                                service_keys, config.str());
  owner_ = service_->bootstrap("acme", "owner@acme.test");
  service_->start();
}

std::string GitHubServiceTest::classic_token(const std::vector<std::string>& scopes) {
  return github_->create_token(fakes::TokenSpec{.login = kLogin, .kind = fakes::TokenKind::kClassic, .scopes = scopes});
}

std::int64_t GitHubServiceTest::connect_github(const std::string& token) {
  auto created = api().post(ws_path() + "/connections", owner_.token,
                            R"({"plugin":"github","token":")" + token + "\"}");
  EXPECT_EQ(created.status, 201) << created.body;
  if (created.status != 201) throw std::runtime_error("connecting GitHub failed: " + created.body);
  return created.json()->getValue<std::int64_t>("id");
}

std::int64_t GitHubServiceTest::connect_hubspot(const std::string& token) {
  hubspot_->add_private_app_token(token, fakes::default_granted_scopes());
  auto created = api().post(ws_path() + "/connections", owner_.token,
                            R"({"plugin":"hubspot","private_app_token":")" + token + "\"}");
  EXPECT_EQ(created.status, 201) << created.body;
  if (created.status != 201) throw std::runtime_error("connecting HubSpot failed: " + created.body);
  const auto id = created.json()->getValue<std::int64_t>("id");
  auto jobs = get_array("/api/v1/jobs?connection=" + std::to_string(id));
  EXPECT_EQ(jobs->size(), 1u) << "connecting a source queues its first retrieval";
  if (jobs->size() != 1) throw std::runtime_error("no retrieval was queued for the HubSpot connection");
  const auto job_id = jobs->getObject(0)->getValue<std::int64_t>("id");
  EXPECT_EQ(jobs->getObject(0)->getValue<std::string>("pipeline"), "retrieve");
  auto done = wait_job(id, job_id, std::chrono::seconds(60));
  if (!done || done->getValue<std::string>("state") != "succeeded") {
    ADD_FAILURE() << "the HubSpot retrieval did not succeed";
    throw std::runtime_error("the HubSpot retrieval did not succeed");
  }
  return id;
}

std::int64_t GitHubServiceTest::add_repo(std::int64_t connection, const std::string& full_name) {
  auto added = api().post(connection_path(connection) + "/repos", owner_.token,
                          R"({"repository":")" + full_name + "\"}");
  EXPECT_EQ(added.status, 201) << added.body;
  if (added.status != 201) throw std::runtime_error("adding " + full_name + " failed: " + added.body);
  return added.json()->getValue<std::int64_t>("id");
}

std::int64_t GitHubServiceTest::add_backup(std::int64_t source, const std::string& body) {
  auto added = api().post(connection_path(source) + "/backups", owner_.token, body);
  EXPECT_EQ(added.status, 201) << added.body;
  if (added.status != 201) throw std::runtime_error("adding a backup failed: " + added.body);
  return added.json()->getValue<std::int64_t>("id");
}

Poco::JSON::Array::Ptr GitHubServiceTest::get_array(const std::string& path) {
  auto reply = api().get(path, owner_.token);
  EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
  if (reply.status != 200) return new Poco::JSON::Array;
  return reply.array();
}

Poco::JSON::Object::Ptr GitHubServiceTest::get_object(const std::string& path) {
  auto reply = api().get(path, owner_.token);
  EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
  if (reply.status != 200) return new Poco::JSON::Object;
  return reply.json();
}

Poco::JSON::Array::Ptr GitHubServiceTest::audit() { return get_array(ws_path() + "/audit?limit=500"); }

std::vector<Poco::JSON::Object::Ptr> GitHubServiceTest::audit_entries(const std::string& action) {
  std::vector<Poco::JSON::Object::Ptr> out;
  auto log = audit();
  for (std::size_t i = 0; i < log->size(); ++i) {
    auto entry = log->getObject(static_cast<unsigned>(i));
    if (entry->getValue<std::string>("action") == action) out.push_back(entry);
  }
  return out;
}

Poco::JSON::Object::Ptr GitHubServiceTest::wait_job(std::int64_t connection, std::int64_t job,
                                                     std::chrono::seconds timeout) {
  Poco::JSON::Object::Ptr found;
  const bool done = poll_until(
      [&] {
        auto reply = api().get("/api/v1/jobs?connection=" + std::to_string(connection), owner_.token);
        if (reply.status != 200) return false;
        auto jobs = reply.array();
        for (std::size_t i = 0; i < jobs->size(); ++i) {
          auto row = jobs->getObject(static_cast<unsigned>(i));
          if (row->getValue<std::int64_t>("id") == job && terminal(row->getValue<std::string>("state"))) {
            found = row;
            return true;
          }
        }
        return false;
      },
      "job " + std::to_string(job) + " of connection " + std::to_string(connection) + " to finish", timeout);
  return done ? found : Poco::JSON::Object::Ptr();
}

bool GitHubServiceTest::poll_until(const std::function<bool()>& done, const std::string& what,
                                   std::chrono::seconds timeout) {
  return hsd::testing::poll_until(done, what, timeout);
}

std::string GitHubServiceTest::wait_log(const std::vector<std::string>& needles, std::chrono::seconds timeout) {
  return wait_for_log_lines(*service_, needles, timeout);
}

HttpReply GitHubServiceTest::oauth_start(const std::string& token, std::int64_t workspace) {
  return api().get("/api/v1/oauth/github/start?workspace=" + std::to_string(workspace), token);
}

std::string GitHubServiceTest::consent(const std::string& authorize_url) {
  return follow_consent_page(authorize_url);
}

HttpReply GitHubServiceTest::follow_to_service(const std::string& location) {
  return api().get(Poco::URI(location).getPathAndQuery());
}

std::string GitHubServiceTest::git(const std::string& bare, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"--git-dir=" + bare};
  argv.insert(argv.end(), args.begin(), args.end());
  Poco::Pipe out;
  Poco::Pipe err;
  auto handle = Poco::Process::launch("git", argv, nullptr, &out, &err);
  Poco::PipeInputStream out_stream(out);
  Poco::PipeInputStream err_stream(err);
  std::string text;
  std::string error;
  Poco::StreamCopier::copyToString(out_stream, text);
  Poco::StreamCopier::copyToString(err_stream, error);
  const int code = handle.wait();
  std::string joined;
  for (const auto& arg : args) joined += " " + arg;
  EXPECT_EQ(code, 0) << "git" << joined << ": " << error;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string GitHubServiceTest::database_bytes() const {
  std::string bytes;
  const auto base = service_->cli().dir() / "var" / "hsdeploy.db";
  for (const std::string suffix : {"", "-wal", "-journal", "-shm"}) {
    std::ifstream in(base.string() + suffix, std::ios::binary);
    if (!in) continue;
    std::ostringstream content;
    content << in.rdbuf();
    bytes += content.str();
  }
  return bytes;
}

}  // namespace hsd::testing
