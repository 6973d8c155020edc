// A real Poco HTTPServer on 127.0.0.1 with an ephemeral port, plain or TLS, whose handler is a
// test lambda. It records each connection's client address so tests can count connections.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "hsd/engine/http_client.hpp"

namespace hsd::engine::testing {

// Designated initializers would leave fields out, which -Wextra rejects; this names them all.
inline HttpRequest make_request(
    std::string method, std::string url, std::string body = {}, HttpHeaders headers = {},
    std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  request.headers = std::move(headers);
  request.timeout = timeout;
  return request;
}

using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

// A one-shot latch: handlers wait on it, the test opens it. No sleeping anywhere.
class Gate {
 public:
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

class TestServer {
 public:
  // Plain HTTP.
  explicit TestServer(Handler handler)
      : TestServer(std::move(handler),
                   Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0))) {}
  // TLS with the given certificate chain and key (PEM files).
  TestServer(Handler handler, const std::string& cert_file, const std::string& key_file)
      : TestServer(std::move(handler),
                   Poco::Net::SecureServerSocket(
                       Poco::Net::SocketAddress("127.0.0.1", 0), 64,
                       new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key_file,
                                              cert_file, "", Poco::Net::Context::VERIFY_NONE))) {}
  ~TestServer() {
    server_->stopAll(true);
    pool_.joinAll();
  }

  Poco::UInt16 port() const { return port_; }
  std::size_t connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->clients.size();
  }

 private:
  struct State {
    mutable std::mutex mutex;
    std::set<std::string> clients;
    Handler handler;
  };

  class RequestHandler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit RequestHandler(std::shared_ptr<State> state) : state_(std::move(state)) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
      {
        std::lock_guard lock(state_->mutex);
        state_->clients.insert(request.clientAddress().toString());
      }
      state_->handler(request, response);
    }

   private:
    std::shared_ptr<State> state_;
  };

  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(std::shared_ptr<State> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new RequestHandler(state_);
    }

   private:
    std::shared_ptr<State> state_;
  };

  TestServer(Handler handler, const Poco::Net::ServerSocket& socket)
      : state_(std::make_shared<State>()), pool_(2, 16) {
    state_->handler = std::move(handler);
    port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(1000);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), pool_, socket, params);
    server_->start();
  }

  std::shared_ptr<State> state_;
  Poco::ThreadPool pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  Poco::UInt16 port_ = 0;
};

}  // namespace hsd::engine::testing
