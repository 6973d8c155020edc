#include "router.hpp"

namespace hsd::fakes::detail {
namespace {

bool segments_match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>* captures) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      if (captures) (*captures)[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const std::size_t slash = path.find('/', pos);
    out.push_back(path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos));
    if (slash == std::string::npos) break;
    pos = slash;
  }
  return out;
}

void Router::add(std::string method, const std::string& pattern, RouteKind kind, Handler handler) {
  routes_.push_back(Route{std::move(method), split_path(pattern), kind, std::move(handler)});
}

const Route* Router::match(Request& request) const {
  const auto segments = split_path(request.path);
  for (const auto& route : routes_) {
    if (route.method != request.method) continue;
    std::map<std::string, std::string> captures;
    if (segments_match(route.segments, segments, &captures)) {
      request.captures = std::move(captures);
      return &route;
    }
  }
  return nullptr;
}

bool Router::path_known(const std::string& path) const {
  const auto segments = split_path(path);
  for (const auto& route : routes_)
    if (segments_match(route.segments, segments, nullptr)) return true;
  return false;
}

}  // namespace hsd::fakes::detail
