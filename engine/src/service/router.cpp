#include "router.hpp"

#include <Poco/URI.h>

namespace hsd::engine::service {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool is_placeholder(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, bool authenticated) {
  Route route;
  route.segments = split_path(pattern);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  route.authenticated = authenticated;
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(const std::string& method, const std::string& path) const {
  RouteMatch result;
  if (path.empty() || path.front() != '/') return result;
  const auto segments = split_path(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& want = route.segments[i];
      if (is_placeholder(want)) {
        std::string decoded;
        Poco::URI::decode(segments[i], decoded);
        if (decoded.empty()) matched = false;
        params[want.substr(1, want.size() - 2)] = decoded;
      } else {
        matched = want == segments[i];
      }
    }
    if (!matched) continue;
    if (route.method != method) {
      result.allowed_methods.push_back(route.method);
      continue;
    }
    result.route = &route;
    result.params = std::move(params);
    result.allowed_methods.clear();
    return result;
  }
  return result;
}

}  // namespace hsd::engine::service
