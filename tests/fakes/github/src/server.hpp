// The fake GitHub's HTTP server on one port (the shared Poco server bootstrap), routing each
// request to its face: /__fake/ control, /api/v3 REST, /login/ OAuth, /OWNER/NAME.git/... git.
#pragma once

#include <cstdint>
#include <string>

#include "api_pipeline.hpp"
#include "hsd/fakes/common/http_server.hpp"
#include "router.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

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
  std::uint16_t port() const { return http_.port(); }
  void stop() { http_.stop(); }

 private:
  Dispatcher dispatcher_;  // declared before http_: outlives the threads that use it
  common::HttpServer http_;
};

}  // namespace hsd::fakes::github_detail
