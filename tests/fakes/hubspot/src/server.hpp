// The fake HubSpot's HTTP server: a RequestPipeline behind the shared Poco server bootstrap,
// bound to host:port.
#pragma once

#include <cstdint>
#include <string>

#include "hsd/fakes/common/http_server.hpp"
#include "request_pipeline.hpp"

namespace hsd::fakes::detail {

class Server {
 public:
  Server(FakeState& state, const std::string& host, std::uint16_t port, int max_threads);
  std::uint16_t port() const { return http_.port(); }
  void stop() { http_.stop(); }

 private:
  RequestPipeline pipeline_;  // declared before http_: outlives the threads that use it
  common::HttpServer http_;
};

}  // namespace hsd::fakes::detail
