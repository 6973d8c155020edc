#include "api_client.hpp"

#include "error_body.hpp"
#include "rate_limit_headers.hpp"
#include "response_failure.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::fail;
using hsd::sdk::Failure;
using hsd::sdk::HttpResponse;
using hsd::sdk::Result;

constexpr uint32_t kTimeoutMs = 60000;

bool transient(uint32_t status) { return status == 408 || status >= 500; }

Failure unauthenticated(const ErrorBody& body, const std::string& endpoint) {
  Failure failure;
  failure.status = HSD_ERR_UNAUTHENTICATED;
  failure.code = body.category.empty() ? "INVALID_AUTHENTICATION" : body.category;
  failure.message = "HubSpot refused the access token for " + endpoint + " (" + failure.code +
                    "): reconnect the portal";
  return failure;
}

}  // namespace

Failure cancelled_failure() { return fail(HSD_ERR_CANCELLED, "the retrieval was cancelled"); }

ApiClient::ApiClient(const hsd::sdk::Context& context, support::Clock& clock, const support::CancelSignal& stop, Backoff backoff,
                     std::shared_ptr<RateLimiter> limiter)
    : context_(context), clock_(clock), stop_(stop), backoff_(std::move(backoff)), limiter_(std::move(limiter)) {}

bool ApiClient::wait(std::chrono::milliseconds delay) { return clock_.sleep_for(delay, stop_); }

Result<std::string> ApiClient::access_token(const ApiRequest& request, bool force_refresh) {
  if (request.auth == AuthMode::kExplicit) return request.token;
  auto credentials = context_.credentials(force_refresh);
  if (!credentials) {
    Failure failure = credentials.failure();
    if (failure.status == HSD_ERR_UNAUTHENTICATED) failure.message = "Token refresh failed: reconnect the portal";
    return failure;
  }
  auto token = support::json_string_field(support::parse_json_object(*credentials), "access_token");
  if (!token || token->empty()) {
    return fail(HSD_ERR_UNAUTHENTICATED, "The connection's credentials hold no access token: reconnect the portal");
  }
  return *token;
}

Result<HttpResponse> ApiClient::send(const ApiRequest& request) {
  const std::string endpoint = request.endpoint();
  int attempts = 0;        // attempts counted against max_attempts for transient failures
  int rate_limited = 0;    // 429s seen; bounded by the same number
  bool refreshed = false;  // the one forced refresh after EXPIRED_AUTHENTICATION is spent
  bool force_refresh = false;
  for (;;) {
    if (stop_.stop_requested()) return cancelled_failure();
    hsd::sdk::HttpRequest http;
    http.method = request.method;
    http.url = request.url();
    http.body = request.body;
    http.timeout_ms = kTimeoutMs;
    http.headers.emplace_back("Accept", "application/json");
    if (!request.content_type.empty()) http.headers.emplace_back("Content-Type", request.content_type);
    if (request.auth != AuthMode::kNone) {
      auto token = access_token(request, force_refresh);
      if (!token) return token.failure();
      http.headers.emplace_back("Authorization", "Bearer " + *token);
    }
    force_refresh = false;
    std::optional<RateLimiter::Ticket> slot;
    if (limiter_) {
      slot = limiter_->acquire(clock_, stop_);
      if (!slot) return cancelled_failure();
    }
    ++attempts;

    auto response = context_.http(http);
    if (slot) limiter_->complete(*slot, clock_.now());
    if (!response) {
      Failure failure = response.failure();
      if (failure.status != HSD_ERR_UNAVAILABLE) return failure;
      // A 1.2 host says what failed (a stable code, a cause naming the host); an older one
      // only that the request failed.
      failure.message = endpoint + " failed: " + (failure.code.empty() ? "HubSpot could not be reached" : failure.message);
      failure.retryable = true;
      if (!backoff_.may_retry(attempts)) {
        failure.message += " after " + std::to_string(attempts) + " attempts";
        return failure;
      }
      context_.debug(failure.message + "; retrying");
      if (!wait(backoff_.delay(attempts))) return cancelled_failure();
      continue;
    }
    if (limiter_) limiter_->observe(parse_rate_limit_headers(response->headers), clock_.now());
    const uint32_t status = response->status;

    // The token endpoints (no bearer token) interpret their own 401s.
    if (status == 401 && request.auth != AuthMode::kNone) {
      const ErrorBody body = parse_error_body(response->body);
      // HubSpot answers a garbage token with EXPIRED_AUTHENTICATION too, so only one refresh.
      if (body.category == "EXPIRED_AUTHENTICATION" && request.auth == AuthMode::kConnection && !refreshed) {
        refreshed = true;
        force_refresh = true;
        --attempts;  // the refresh retry is not a transient-failure attempt
        continue;
      }
      return unauthenticated(body, endpoint);
    }

    if (status == 429) {
      const ErrorBody body = parse_error_body(response->body);
      const RateLimitPolicy policy = body.rate_limit_policy();
      if (policy == RateLimitPolicy::kDaily) {
        Failure failure;
        failure.status = HSD_ERR_RATE_LIMITED;
        failure.code = "DAILY";
        failure.message = "HubSpot's daily API limit for this portal is used up (" + endpoint +
                          "); it resets at midnight in the portal's time zone";
        return failure;
      }
      --attempts;
      if (++rate_limited >= backoff_.policy().max_attempts) {
        Failure failure = response_failure(*response, endpoint);
        failure.message += " (still rate limited after " + std::to_string(rate_limited) + " attempts)";
        failure.retryable = true;
        return failure;
      }
      const auto retry_after =
          parse_retry_after(response->header("Retry-After"), response->header("retry-after-ms"));
      if (limiter_) {
        limiter_->penalize(policy, clock_.now(), retry_after);
      } else {
        const auto pause = policy == RateLimitPolicy::kSecondly ? std::chrono::milliseconds(1000)
                                                                 : std::chrono::milliseconds(10000);
        if (!wait(retry_after ? std::max(*retry_after, pause) : pause)) return cancelled_failure();
      }
      context_.debug(endpoint + " was rate limited (" + body.policy_name + "); waiting for the window to roll");
      continue;
    }

    if (transient(status)) {
      if (!backoff_.may_retry(attempts)) {
        Failure failure = response_failure(*response, endpoint);
        failure.status = HSD_ERR_UNAVAILABLE;
        failure.retryable = true;
        failure.message += " (after " + std::to_string(attempts) + " attempts)";
        return failure;
      }
      const auto retry_after =
          parse_retry_after(response->header("Retry-After"), response->header("retry-after-ms"));
      context_.debug(endpoint + " answered " + std::to_string(status) + "; retrying");
      if (!wait(retry_after ? *retry_after : backoff_.delay(attempts))) return cancelled_failure();
      continue;
    }
    return response;
  }
}

Result<JsonResponse> ApiClient::send_json(const ApiRequest& request) {
  for (int attempt = 1;; ++attempt) {
    auto response = send(request);
    if (!response) return response.failure();
    JsonResponse out{std::move(*response), nullptr};
    out.body = support::parse_json_object(out.response.body);
    const bool success = out.response.status >= 200 && out.response.status < 300;
    if (!success || out.body) return out;
    if (attempt >= 2) {
      Failure failure;
      failure.status = HSD_ERR_UNAVAILABLE;
      failure.code = "MALFORMED_RESPONSE";
      failure.message = "HubSpot sent a malformed response for " + request.endpoint() + ": the body is not a JSON object";
      return failure;
    }
    context_.debug("HubSpot sent a malformed response for " + request.endpoint() + "; asking again");
  }
}

}  // namespace hsd::plugins::hubspot
