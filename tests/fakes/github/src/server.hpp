// The Poco HTTP server on one port, routing each request to its face: /__fake/ control,
// /api/v3 REST, /login/ OAuth, /OWNER/NAME.git/... git. Its own thread pool, so it never
// competes with Poco's default pool used by the code under test.
#pragma once

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <memory>

#include "api_pipeline.hpp"
#include "router.hpp"
#include "state.hpp"

namespace hsd::fakes::detail {

class Dispatcher {
 public:
  explicit Dispatcher(GitHubState& state);
  Reply dispatch(Request& request);
  GitHubState& state() { return state_; }

 private:
  GitHubState& state_;
  ApiPipeline api_;
  Router web_;
  Router control_;
};

class Server {
 public:
  Server(GitHubState& state, const std::string& host, std::uint16_t port, int max_threads);
  ~Server();
  std::uint16_t port() const { return port_; }
  void stop();

 private:
  Dispatcher dispatcher_;
  Poco::ThreadPool pool_;  // declared before server_: destroyed (joined) after it
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  bool stopped_ = false;
};

}  // namespace hsd::fakes::detail
