#include "loopback_redirect.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <condition_variable>
#include <mutex>
#include <optional>

namespace hsd::engine::cli {

struct LoopbackRedirect::Impl {
  std::string path;
  std::string redirect_uri;
  std::mutex mutex;
  std::condition_variable arrived;
  std::optional<Params> params;
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

namespace {

const char* kPage =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>hsdeploy</title></head>"
    "<body><p>hsdeploy received the authorization. You can close this window and return to "
    "the terminal.</p></body></html>";

class RedirectHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RedirectHandler(LoopbackRedirect::Impl& impl) : impl_(impl) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    const Poco::URI uri(request.getURI());
    response.setContentType("text/html; charset=utf-8");
    if (uri.getPath() != impl_.path || request.getMethod() != "GET") {
      response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
      response.send() << "not found";
      return;
    }
    {
      std::lock_guard lock(impl_.mutex);
      if (!impl_.params) {
        LoopbackRedirect::Params params;
        for (const auto& [key, value] : uri.getQueryParameters()) params[key] = value;
        impl_.params = std::move(params);
      }
    }
    impl_.arrived.notify_all();
    response.send() << kPage;
  }

 private:
  LoopbackRedirect::Impl& impl_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(LoopbackRedirect::Impl& impl) : impl_(impl) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RedirectHandler(impl_);
  }

 private:
  LoopbackRedirect::Impl& impl_;
};

}  // namespace

LoopbackRedirect::LoopbackRedirect(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LoopbackRedirect::~LoopbackRedirect() {
  if (impl_ && impl_->server) impl_->server->stopAll(true);
}

const std::string& LoopbackRedirect::redirect_uri() const { return impl_->redirect_uri; }

Result<std::unique_ptr<LoopbackRedirect>> LoopbackRedirect::start(const std::string& redirect_uri) {
  auto impl = std::make_unique<Impl>();
  std::uint16_t port = 0;
  impl->path = "/callback";
  if (!redirect_uri.empty()) {
    try {
      const Poco::URI uri(redirect_uri);
      if (uri.getScheme() != "http" || (uri.getHost() != "127.0.0.1" && uri.getHost() != "localhost")) {
        return make_error(ErrorCode::invalid_argument,
                          "--redirect-uri: with --oauth it must be http://127.0.0.1:PORT/PATH (or localhost)");
      }
      port = uri.getPort();
      if (!uri.getPath().empty()) impl->path = uri.getPath();
    } catch (const Poco::Exception& e) {
      return make_error(ErrorCode::invalid_argument, "--redirect-uri: " + e.displayText());
    }
  }
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    const std::uint16_t bound = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    impl->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*impl), socket, params);
    impl->server->start();
    impl->redirect_uri = redirect_uri.empty()
                             ? "http://127.0.0.1:" + std::to_string(bound) + impl->path
                             : redirect_uri;
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::unavailable,
                      "cannot listen on 127.0.0.1:" + std::to_string(port) + " for the OAuth redirect: " + e.displayText());
  }
  return std::unique_ptr<LoopbackRedirect>(new LoopbackRedirect(std::move(impl)));
}

Result<LoopbackRedirect::Params> LoopbackRedirect::wait(std::chrono::seconds timeout) {
  std::unique_lock lock(impl_->mutex);
  if (!impl_->arrived.wait_for(lock, timeout, [this] { return impl_->params.has_value(); })) {
    return make_error(ErrorCode::unavailable, "no OAuth redirect arrived at " + impl_->redirect_uri + " within " +
                                                  std::to_string(timeout.count()) + " seconds");
  }
  return *impl_->params;
}

}  // namespace hsd::engine::cli
