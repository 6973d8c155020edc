// The HTTP side of the service: an event-driven server on Boost.Asio/Beast. One or two I/O
// threads accept and serve every connection (optionally over TLS 1.2+); handlers run on a
// separate pool of service.threads request threads. A connection holds no thread while it is
// idle, sending slowly, or waiting for a request thread, so idle keep-alive connections and
// slow clients cannot starve the others; deadlines close the ones that stall.
#pragma once

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

  // "http://127.0.0.1:8080" with the port actually bound ("https://", "[::1]" as it applies).
  const std::string& url() const { return url_; }
  // Stops accepting, closes idle connections, lets requests in flight finish and be answered,
  // then joins every thread.
  void stop();

 private:
  struct State;  // Asio and Beast stay out of this header
  HttpServer();
  std::unique_ptr<State> state_;
  std::string url_;
};

}  // namespace hsd::engine::service
