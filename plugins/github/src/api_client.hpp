// Sends the requests of one call to GitHub through the host, one at a time (GitHub asks for
// serial requests), with what every request needs: User-Agent, the pinned API version, the
// token; conditional GETs against the instance's ETag cache (a 304 comes back as the cached
// 200); rate-limit waits (interruptible, bounded by max_rate_limit_wait_seconds, one retry);
// one forced token refresh after a 401 when the connection can refresh. Redirects are NOT
// followed (the host's client does not either): callers that care (repo_status) look at 301s.
// Every other status comes back as a response for the caller to interpret.
#pragma once

#include "config.hpp"
#include "etag_cache.hpp"
#include "rate_limit.hpp"
#include "token_source.hpp"

#include <hsd/plugins/support/cancel_signal.hpp>
#include <hsd/plugins/support/clock.hpp>

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace hsd::plugins::github {

enum class Auth {
  kBearer,  // Authorization: Bearer <token from the TokenSource>
  kBasic,   // Authorization: Basic client_id:client_secret (the OAuth app endpoints)
  kNone,    // the token endpoints on web_base_url: the client id goes in the body
};

struct ApiRequest {
  std::string method = "GET";
  std::string url;  // absolute; its path is named in messages, its query never
  std::string body;
  std::string content_type;  // for bodies
  Auth auth = Auth::kBearer;
  bool oauth_endpoint = false;  // web_base_url/login/...: Accept: application/json, no API version header
};

/** Every element of a paged listing, or where it stopped. */
struct Listing {
  std::vector<Poco::JSON::Object::Ptr> items;
  std::optional<hsd::sdk::HttpResponse> refused;  // a page answered non-2xx: the listing stopped there
  std::string refused_endpoint;
};

class ApiClient {
 public:
  /** cache may be null (no conditional requests). */
  ApiClient(const hsd::sdk::Context& context, const Config& config, support::Clock& clock, const support::CancelSignal& stop,
            EtagCache* cache, TokenSource token);

  hsd::sdk::Result<hsd::sdk::HttpResponse> send(const ApiRequest& request);
  hsd::sdk::Result<hsd::sdk::HttpResponse> get(const std::string& url);

  /**
   * GETs first_url and every page its link headers name as rel="next", exactly as given; the
   * elements of each page's JSON array are collected. A next URL on another origin than
   * api_base_url (the token would leak) or one seen before is a failure.
   */
  hsd::sdk::Result<Listing> list_all(const std::string& first_url);

  /** The rate limit behind the last RATE_LIMITED failure, for callers that report it. */
  const std::optional<RateLimitHit>& last_rate_limit() const { return last_rate_limit_; }

  const Config& config() const { return config_; }
  support::Clock& clock() { return clock_; }
  const support::CancelSignal& stop() const { return stop_; }
  const hsd::sdk::Context& context() const { return context_; }

 private:
  hsd::sdk::Failure rate_limited(const RateLimitHit& hit, const std::string& endpoint);

  const hsd::sdk::Context& context_;
  const Config& config_;
  support::Clock& clock_;
  const support::CancelSignal& stop_;
  EtagCache* cache_;
  TokenSource token_;
  std::optional<RateLimitHit> last_rate_limit_;
};

}  // namespace hsd::plugins::github
