// Requests and replies as the handlers see them: plain values without Poco types, so a handler
// is a function from Request to Reply and the server alone talks to the socket.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hsd/fakes/common/form_codec.hpp"

namespace hsd::fakes::github_detail {

using Params = common::Params;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string target;  // path and query as sent
  std::string path;    // decoded, without the query
  std::string query_string;
  Params query;
  Headers headers;
  std::string body;
  std::map<std::string, std::string> captures;  // {name} segments of the matched route

  std::string header(std::string_view name) const;  // case-insensitive; "" when absent
  bool has_header(std::string_view name) const;
  std::optional<std::string> param(const std::string& name) const;
  /** Query parameters, or for a form body the body's fields (OAuth endpoints read both). */
  Params form() const;
};

struct Reply {
  int status = 200;
  std::string content_type;
  std::string body;
  Headers headers;

  static Reply json(int status, std::string body);
  static Reply text(int status, std::string body);
  static Reply empty(int status);
  static Reply redirect(int status, const std::string& location);
  std::string header(std::string_view name) const;
};

/** "user:password" of a Basic Authorization header; nullopt when absent or malformed. */
std::optional<std::pair<std::string, std::string>> basic_credentials(const std::string& authorization);

}  // namespace hsd::fakes::github_detail
