// The Poco HTTP server around a RequestPipeline: its own thread pool (so it never competes
// with Poco's default pool used by the code under test), bound to host:port.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <memory>

#include "request_pipeline.hpp"

namespace hsd::fakes::detail {

class Server {
 public:
  Server(FakeState& state, const std::string& host, std::uint16_t port, int max_threads);
  ~Server();
  std::uint16_t port() const { return port_; }
  void stop();

 private:
  RequestPipeline pipeline_;
  Poco::ThreadPool pool_;  // declared before server_: destroyed (joined) after it
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace hsd::fakes::detail
