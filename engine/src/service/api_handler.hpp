// One HTTP request through the API, whatever carried it: the path and query decoded, routed
// (404, or 405 with Allow), authenticated by bearer token or session cookie (web_auth.hpp), dispatched, failures mapped to
// statuses (StorageUnavailable -> 503, exceptions -> 500), counted in the request metrics and
// written to the access log. Paths outside the API are the web UI's files. Runs on the
// request-thread pool, never on an I/O thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api.hpp"
#include "router.hpp"
#include "service_context.hpp"
#include "static_files.hpp"

namespace hsd::engine::service {

// What the connection read: the request line, the headers the API needs, and the body.
struct IncomingRequest {
  std::string method;
  std::string target;  // the raw request target, query included
  std::string authorization;
  std::string remote_addr;
  std::string body;
  std::map<std::string, std::string> headers;  // those of kForwardedHeaders that were sent
};

// The request headers, beyond Authorization, that the connection hands to the handler: the
// browser session's cookie and its CSRF defence (web_auth.hpp), content negotiation and
// conditional GETs.
inline const std::vector<std::string> kForwardedHeaders = {"cookie", "origin", "x-csrf-token", "accept",
                                                           "if-none-match"};

class ApiHandler {
 public:
  // The web UI's files come from service.web_dir (static_files.hpp).
  ApiHandler(ServiceContext& context, const Router& router);

  // Answers the request. refused: the connection could not take its body (too large); a
  // matched route then answers that error instead of running.
  ApiResponse handle(IncomingRequest& request, const std::optional<Error>& refused = std::nullopt) const;

  // Answers a request that could not be parsed (bad syntax, headers too large) with status;
  // counted and logged like the others, under the route "unparsed".
  ApiResponse reject(const std::string& remote_addr, int status, const std::string& message) const;

 private:
  ApiResponse serve_ui(IncomingRequest& request) const;

  ServiceContext& context_;
  const Router& router_;
  StaticFiles static_files_;
};

// The error a body over service.max_body_bytes answers (413).
Error body_too_large(std::int64_t limit);

}  // namespace hsd::engine::service
