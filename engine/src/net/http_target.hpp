// A request URL split into what a session needs (origin, path and query) and what a message
// may show (scheme://host[:port]/path: never the query, which can carry tokens or codes).
#pragma once

#include <cstdint>
#include <string>

#include "hsd/engine/result.hpp"

namespace hsd::engine::detail {

struct HttpTarget {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::uint16_t port = 0;
  std::string path_and_query;  // what goes on the request line
  std::string query;           // kept only to scrub it from error text
  std::string display;         // scheme://host[:port]/path, safe for messages and logs
  bool secure() const { return scheme == "https"; }
  // Sessions are pooled per origin.
  std::string origin() const { return scheme + "://" + host + ":" + std::to_string(port); }
};

// method only serves the error message.
Result<HttpTarget> parse_http_target(const std::string& method, const std::string& url);

}  // namespace hsd::engine::detail
