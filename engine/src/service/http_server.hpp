// The HTTP side of the service: Poco's HTTPServer with a bounded thread pool, read and write
// timeouts, an optional TLS certificate, a request body limit, token authentication, the access
// log and request metrics, in front of the API router.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>
#include <string>

#include "router.hpp"
#include "service_context.hpp"

namespace hsd::engine::service {

class HttpServer {
 public:
  // Binds config.service.listen (port 0: any free port) and starts serving.
  static Result<std::unique_ptr<HttpServer>> start(ServiceContext& context, Router router);
  ~HttpServer();

  // "http://127.0.0.1:8080" with the port actually bound.
  const std::string& url() const { return url_; }
  // Stops accepting connections; requests in flight finish.
  void stop();

 private:
  HttpServer() = default;
  std::unique_ptr<Router> router_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::string url_;
};

}  // namespace hsd::engine::service
