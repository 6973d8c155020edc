// Sends one logical HubSpot request through the host, with everything a HubSpot call needs
// around it: the bearer token fetched from the host before every attempt (the host refreshes
// it when it is about to expire), one forced refresh and retry on 401 EXPIRED_AUTHENTICATION,
// the portal's rate limiter, 429 handling by policy, and exponential backoff for 5xx, 530,
// timeouts and transport failures. Anything else comes back as a response for the caller to
// interpret. One ApiClient serves one call; it may be used from several threads at once.
#pragma once

#include "backoff.hpp"
#include "rate_limiter.hpp"

#include <hsd/plugins/support/cancel_signal.hpp>
#include <hsd/plugins/support/clock.hpp>
#include <hsd/plugins/support/form_encoding.hpp>

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

namespace hsd::plugins::hubspot {

enum class AuthMode {
  kConnection,  // Bearer token from the connection's credentials (context.credentials())
  kExplicit,    // Bearer token given in the request (a private app token being checked)
  kNone,        // no Authorization header (OAuth token endpoints: client id/secret in the body)
};

struct ApiRequest {
  std::string method = "GET";
  std::string base_url;  // https://api.hubapi.com
  std::string path;      // /crm/properties/2026-03/contacts (named in messages)
  std::string query;     // archived=true (without '?'); never named in messages
  std::string body;
  std::string content_type;  // for bodies: application/json or application/x-www-form-urlencoded
  AuthMode auth = AuthMode::kConnection;
  std::string token;  // for kExplicit

  std::string url() const { return base_url + path + (query.empty() ? "" : "?" + query); }
  std::string endpoint() const { return method + " " + path; }
};

struct JsonResponse {
  hsd::sdk::HttpResponse response;
  Poco::JSON::Object::Ptr body;  // nullptr when the body is not a JSON object
};

class ApiClient {
 public:
  ApiClient(const hsd::sdk::Context& context, support::Clock& clock, const support::CancelSignal& stop, Backoff backoff,
            std::shared_ptr<RateLimiter> limiter);

  /**
   * Sends request, retrying what is worth retrying. Returns the final response (any status
   * the client does not handle itself: 2xx, 400, 403, 404, ...) or a Failure.
   */
  hsd::sdk::Result<hsd::sdk::HttpResponse> send(const ApiRequest& request);

  /**
   * send(), then for a 2xx response parses the body as a JSON object, asking once more when
   * it is not one (a truncated body); the second malformed body is a MALFORMED_RESPONSE
   * failure naming the endpoint. Other statuses come back with body parsed when possible.
   */
  hsd::sdk::Result<JsonResponse> send_json(const ApiRequest& request);

  const hsd::sdk::Context& context() const { return context_; }
  support::Clock& clock() { return clock_; }
  const support::CancelSignal& stop() const { return stop_; }

 private:
  hsd::sdk::Result<std::string> access_token(const ApiRequest& request, bool force_refresh);
  bool wait(std::chrono::milliseconds delay);

  const hsd::sdk::Context& context_;
  support::Clock& clock_;
  const support::CancelSignal& stop_;
  Backoff backoff_;
  std::shared_ptr<RateLimiter> limiter_;
};

/** The Failure returned when the call was asked to stop. */
hsd::sdk::Failure cancelled_failure();

}  // namespace hsd::plugins::hubspot
