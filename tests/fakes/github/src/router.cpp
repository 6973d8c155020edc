#include "router.hpp"

namespace hsd::fakes::github_detail {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    const std::size_t slash = path.find('/', pos);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > pos) out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

void Router::add(std::string method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{std::move(method), split_path(pattern), std::move(handler)});
}

const Route* Router::match(Request& request) const {
  const auto segments = split_path(request.path);
  for (const auto& route : routes_) {
    if (route.method != request.method || route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> captures;
    bool ok = true;
    for (std::size_t i = 0; ok && i < segments.size(); ++i) {
      const std::string& p = route.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}')
        captures[p.substr(1, p.size() - 2)] = segments[i];
      else
        ok = p == segments[i];
    }
    if (ok) {
      request.captures = std::move(captures);
      return &route;
    }
  }
  return nullptr;
}

}  // namespace hsd::fakes::github_detail
