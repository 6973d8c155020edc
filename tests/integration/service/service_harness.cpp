#include "service_harness.hpp"

#include "answer_recorder.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <signal.h>

#include <regex>
#include <sstream>
#include <utility>
#include <vector>
#include <stdexcept>

namespace hsd::testing {
namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
  auto value = Poco::JSON::Parser().parse(text);
  return value.extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

Poco::JSON::Object::Ptr HttpReply::json() const { return parse_object(body); }

Poco::JSON::Array::Ptr HttpReply::array() const {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>();
}

std::string HttpReply::error_code() const {
  try {
    return json()->getObject("error")->getValue<std::string>("code");
  } catch (const std::exception&) {
    return "";
  }
}

std::string HttpReply::error_message() const {
  try {
    return json()->getObject("error")->getValue<std::string>("message");
  } catch (const std::exception&) {
    return "";
  }
}

std::string HttpReply::error_field() const {
  try {
    return json()->getObject("error")->getObject("details")->getValue<std::string>("field");
  } catch (const std::exception&) {
    return "";
  }
}

HttpReply ApiClient::request(const std::string& method, const std::string& path, const std::string& token,
                             const std::optional<std::string>& body,
                             const std::map<std::string, std::string>& headers) const {
  Poco::URI uri(base_url_);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(60, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (body) {
    // JSON unless the test sends another type (a form's text/plain, say).
    if (!request.has("Content-Type")) request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body->size()));
    session.sendRequest(request) << *body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  for (const auto& [name, value] : response) reply.headers[lower(name)] = value;
  record_answer(method, path, reply);
  return reply;
}

std::string follow_consent_page(const std::string& authorize_url) {
  const Poco::URI uri(authorize_url);
  Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  session.receiveResponse(response).ignore(1 << 20);
  EXPECT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_FOUND) << "the consent page did not redirect";
  return response.get("Location", "");
}

namespace {

// The service block: the test's keys, then defaults for the keys it did not give.
std::string service_block(const std::string& keys) {
  std::string block = keys;
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"listen", "\"127.0.0.1:0\""}, {"workers", "2"}, {"threads", "8"}, {"public_url", "\"http://ui.test\""}}) {
    if (keys.find(key + ":") == std::string::npos) block += (block.empty() ? "" : ", ") + key + ": " + value;
  }
  return "service: { " + block + " }\n";
}

}  // namespace

ServiceUnderTest::ServiceUnderTest(const std::string& name, const std::string& service_config,
                                   const std::string& extra_config)
    : runner_(name, service_block(service_config) + extra_config) {}

ServiceUnderTest::~ServiceUnderTest() {
  if (process_) kill();
}

Bootstrapped ServiceUnderTest::bootstrap(const std::string& workspace, const std::string& email) {
  auto result = runner_.run({"admin", "bootstrap", "--workspace", workspace, "--email", email, "--output", "json"});
  if (result.exit_code != 0) throw std::runtime_error("admin bootstrap failed: " + result.err);
  auto out = parse_object(result.out);
  Bootstrapped made;
  made.workspace_id = out->getObject("workspace")->getValue<std::int64_t>("id");
  made.user_id = out->getObject("user")->getValue<std::int64_t>("id");
  made.token = out->getValue<std::string>("token");
  return made;
}

std::string ServiceUnderTest::create_token(const std::string& email) {
  auto result = runner_.run({"tokens", "create", "--email", email, "--output", "json"});
  if (result.exit_code != 0) throw std::runtime_error("tokens create failed: " + result.err);
  return parse_object(result.out)->getValue<std::string>("token");
}

void ServiceUnderTest::start(const std::map<std::string, std::string>& env) {
  auto environment = env;
  environment.emplace("HSD_LOG_FORMAT", "json");
  process_ = std::make_unique<CliProcess>(runner_.start({"serve"}, environment));
  process_->drain_in_background();
  const std::string line = process_->read_err_line_with("\"service listening\"");
  std::smatch match;
  static const std::regex kUrl("\"url\":\"([^\"]+)\"");
  if (!std::regex_search(line, match, kUrl)) {
    auto ended = process_->finish();
    process_.reset();
    throw std::runtime_error("the service did not start: " + ended.err);
  }
  api_ = std::make_unique<ApiClient>(match[1].str());
}

std::string ServiceUnderTest::wait_for_log(const std::string& needle) {
  return process_ ? process_->read_err_line_with(needle) : std::string();
}

CliResult ServiceUnderTest::terminate() {
  if (!process_) return {};
  process_->signal(SIGTERM);
  auto result = process_->finish();
  process_.reset();
  return result;
}

CliResult ServiceUnderTest::kill() {
  if (!process_) return {};
  process_->signal(SIGKILL);
  auto result = process_->finish();
  process_.reset();
  return result;
}

}  // namespace hsd::testing
