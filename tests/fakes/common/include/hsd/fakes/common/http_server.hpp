// The Poco HTTP server a fake runs on: bound to host:port (0 picks a free port), with its own
// thread pool so it never competes with Poco's default pool used by the code under test. The
// fake supplies the handler factory; what the handlers do is the fake's own.
#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hsd::fakes::common {

class HttpServer {
 public:
  /** Starts serving at once. server_name is the Server header; factory is owned by the server. */
  HttpServer(Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const std::string& server_name,
             const std::string& host, std::uint16_t port, int max_threads);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  /** Stops accepting, ends open connections and joins the pool; idempotent. */
  void stop();

 private:
  Poco::ThreadPool pool_;  // declared before server_: destroyed (joined) after it
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace hsd::fakes::common
