#include "answer_headers.hpp"

#include "domain/secret_tokens.hpp"
#include "static_files.hpp"

namespace hsd::engine::service {

void add_security_headers(ApiResponse& response) {
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "same-origin");
}

void add_validators(const ApiRequest& request, const std::string& if_none_match, ApiResponse& response) {
  if (request.method != "GET" || !request.path.starts_with("/api/") || response.status != 200 ||
      !response.content_type.starts_with("application/json")) {
    return;
  }
  // 128 bits of the body's SHA-256: equal tags mean equal bodies for any practical purpose.
  const std::string etag = "\"" + sha256_hex(response.body).substr(0, 32) + "\"";
  response.headers.emplace_back("ETag", etag);
  response.headers.emplace_back("Cache-Control", "no-cache");
  // The same URL answers each caller with their own view.
  response.headers.emplace_back("Vary", "Cookie, Authorization");
  if (etag_matches(if_none_match, etag)) {
    response.status = 304;
    response.body.clear();
  }
}

}  // namespace hsd::engine::service
