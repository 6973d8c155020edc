#include "recording_proxy.hpp"

#include <Poco/JSON/Object.h>
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
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <set>

namespace hsd::testing {
namespace {

// Hop-by-hop and length headers: the proxy sets its own.
bool forwarded(const std::string& name) {
  static const std::set<std::string> skip{"host", "connection", "keep-alive", "content-length", "transfer-encoding"};
  return skip.count(Poco::toLower(name)) == 0;
}

void remember_tokens(RecordingProxy::Log& log, const std::string& body) {
  try {
    auto json = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    std::lock_guard lock(log.mutex);
    if (json->has("refresh_token")) log.refresh_tokens.push_back(json->getValue<std::string>("refresh_token"));
    if (json->has("access_token")) log.access_tokens.push_back(json->getValue<std::string>("access_token"));
  } catch (const Poco::Exception&) {
    // Not a token answer (an error page): nothing to remember.
  }
}

class ForwardHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ForwardHandler(std::uint16_t target, std::shared_ptr<RecordingProxy::Log> log) : target_(target), log_(std::move(log)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    std::string body;
    Poco::StreamCopier::copyToString(in.stream(), body);
    const std::string authorization = in.get("Authorization", "");
    if (Poco::icompare(authorization.substr(0, 7), "bearer ") == 0) {
      std::lock_guard lock(log_->mutex);
      log_->bearer_tokens.push_back(authorization.substr(7));
    }

    Poco::Net::HTTPClientSession session("127.0.0.1", target_);
    Poco::Net::HTTPRequest request(in.getMethod(), in.getURI(), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : in) {
      if (forwarded(name)) request.add(name, value);
    }
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);

    const std::string path = Poco::URI(in.getURI()).getPath();
    const bool token_call = path.size() >= 6 && path.compare(path.size() - 6, 6, "/token") == 0;
    if (token_call && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) remember_tokens(*log_, answer);

    out.setStatusAndReason(response.getStatus(), response.getReason());
    for (const auto& [name, value] : response) {
      if (forwarded(name)) out.add(name, value);
    }
    out.setContentLength(static_cast<std::streamsize>(answer.size()));
    out.sendBuffer(answer.data(), answer.size());
  }

 private:
  std::uint16_t target_;
  std::shared_ptr<RecordingProxy::Log> log_;
};

class ForwardFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ForwardFactory(std::uint16_t target, std::shared_ptr<RecordingProxy::Log> log) : target_(target), log_(std::move(log)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ForwardHandler(target_, log_);
  }

 private:
  std::uint16_t target_;
  std::shared_ptr<RecordingProxy::Log> log_;
};

}  // namespace

RecordingProxy::RecordingProxy(std::uint16_t target_port) : log_(std::make_shared<Log>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new ForwardFactory(target_port, log_), socket, params);
  server_->start();
}

RecordingProxy::~RecordingProxy() { server_->stopAll(true); }

std::string RecordingProxy::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::string> RecordingProxy::refresh_tokens() const {
  std::lock_guard lock(log_->mutex);
  return log_->refresh_tokens;
}

std::vector<std::string> RecordingProxy::access_tokens() const {
  std::lock_guard lock(log_->mutex);
  return log_->access_tokens;
}

std::vector<std::string> RecordingProxy::bearer_tokens() const {
  std::lock_guard lock(log_->mutex);
  return log_->bearer_tokens;
}

}  // namespace hsd::testing
