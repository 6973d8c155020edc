// Maps method + path to a handler. Patterns are literal segments with {name} captures.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http_types.hpp"
#include "model.hpp"

namespace hsd::fakes::github_detail {

struct GitHubState;

/** Who an API call acts as; null for the web face and control endpoints. */
struct Caller {
  Token* token = nullptr;
  User* user = nullptr;
};

using Handler = std::function<Reply(GitHubState& state, Request& request, const Caller* caller)>;

struct Route {
  std::string method;
  std::vector<std::string> segments;
  Handler handler;
};

class Router {
 public:
  void add(std::string method, const std::string& pattern, Handler handler);
  /** The route for this request, filling request.captures; null if none. */
  const Route* match(Request& request) const;

 private:
  std::vector<Route> routes_;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace hsd::fakes::github_detail
