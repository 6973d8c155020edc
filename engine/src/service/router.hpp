// Maps "METHOD /path" to a handler by route patterns such as /api/v1/connections/{id}. A path
// that matches a route under another method answers 405 with Allow; no match at all is 404.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api.hpp"

namespace hsd::engine::service {

class RequestContext;
using Handler = std::function<ApiResponse(RequestContext&)>;

struct Route {
  std::string method;
  std::string pattern;  // also the route's name in metrics and the access log
  std::vector<std::string> segments;
  Handler handler;
  bool authenticated = true;  // needs a valid API token or browser session (web_auth.hpp)
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;  // when the path matched under other methods only
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, bool authenticated = true);
  RouteMatch match(const std::string& method, const std::string& path) const;
  // Every route in the order added, e.g. for checking the OpenAPI document against them.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace hsd::engine::service
