// What a REST handler sees and answers: the request with its route's path parameters, and a
// response. Errors answer {"error": {"code", "message", "details"}} with the status DESIGN.md
// gives each kind of failure.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/json_util.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine::service {

struct ApiRequest {
  std::string method;
  std::string path;  // without the query string
  std::map<std::string, std::string> query;   // decoded
  std::map<std::string, std::string> params;  // from the route's {placeholders}
  std::string body;
  std::string authorization;  // the Authorization header
  std::string remote_addr;
  // Other headers the service reads, by lower-case name (kForwardedHeaders); absent when not sent.
  std::map<std::string, std::string> headers;

  // The header's value, "" when it was not sent (name in lower case).
  std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

// Error reasons that choose a status other than the code's usual one.
inline constexpr const char* kMalformedRequest = "malformed_request";  // 400
inline constexpr const char* kBodyTooLarge = "body_too_large";         // 413
// And kLinkGone (domain/password_links.hpp): 410, a used or expired one-time link.

int http_status_for(const Error& error);
ApiResponse json_response(int status, const Poco::Dynamic::Var& body);
// An error's message as callers may see it: secrets redacted, a server fault's internals hidden.
std::string public_message(const Error& error);
ApiResponse error_response(const Error& error);
ApiResponse no_content();

// An error about one field of the request: 422 (or 400 with kMalformedRequest) with
// details {"field": name}.
Error field_error(const std::string& field, const std::string& message, const char* reason = "");

}  // namespace hsd::engine::service

// Declares `var` from a Result-returning expression, or answers the request with its error.
#define HSD_API_TRY(var, expr) \
  auto var = (expr);           \
  if (!var) return ::hsd::engine::service::error_response(var.error())
