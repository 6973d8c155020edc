// Maps method + path to a handler. Patterns are literal segments with {name} captures; the
// date-versioned paths and their legacy aliases are separate routes to the same handler.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "fake_state.hpp"
#include "http_exchange.hpp"

namespace hsd::fakes::detail {

enum class RouteKind {
  kOpen,  ///< no bearer token: OAuth endpoints, the consent page, control endpoints
  kData,  ///< bearer token, rate limit and scopes apply
};

/** `caller` is null for kOpen routes. */
using Handler = std::function<Reply(FakeState& state, const Request& request, const Caller* caller)>;

struct Route {
  std::string method;
  std::vector<std::string> segments;
  RouteKind kind = RouteKind::kOpen;
  Handler handler;
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, RouteKind kind, Handler handler);
  /** The route for this request, filling request.captures; null if none. */
  const Route* match(Request& request) const;
  /** True when the path exists under another method (for a 405). */
  bool path_known(const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace hsd::fakes::detail
