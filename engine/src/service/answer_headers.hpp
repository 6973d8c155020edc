// Headers the service adds to answers after they are made: the browser protections every
// answer carries (the UI's and the API's alike), and the validators that let a page poll the
// API cheaply (a 304 with no body when nothing changed).
#pragma once

#include <string>

#include "api.hpp"

namespace hsd::engine::service {

// The Content-Security-Policy every answer carries: scripts, workers, connections, fonts and
// the manifest from the page's own origin only, no inline scripts (inline styles are allowed:
// the editor the UI loads later sets them), no framing, no base or form targets elsewhere.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Content-Security-Policy, X-Content-Type-Options: nosniff and Referrer-Policy: same-origin.
void add_security_headers(ApiResponse& response);

// A 200 JSON answer to a GET under /api/ gets a strong ETag (a hash of its body),
// Cache-Control: no-cache and Vary: Cookie, Authorization; when if_none_match names that ETag
// the answer becomes 304 with no body. Other answers are left as they are.
void add_validators(const ApiRequest& request, const std::string& if_none_match, ApiResponse& response);

}  // namespace hsd::engine::service
