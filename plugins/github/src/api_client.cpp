#include "api_client.hpp"

#include "crypto.hpp"
#include "github_error.hpp"
#include "link_header.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <set>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::Failure;
using hsd::sdk::HttpResponse;
using hsd::sdk::Result;

constexpr uint32_t kTimeoutMs = 60000;
constexpr size_t kMaxPages = 1000;  // 100,000 repositories: beyond that something loops

}  // namespace

ApiClient::ApiClient(const hsd::sdk::Context& context, const Config& config, support::Clock& clock, const support::CancelSignal& stop,
                     EtagCache* cache, TokenSource token)
    : context_(context), config_(config), clock_(clock), stop_(stop), cache_(cache), token_(std::move(token)) {}

Failure ApiClient::rate_limited(const RateLimitHit& hit, const std::string& endpoint) {
  last_rate_limit_ = hit;
  const std::string reset_at = support::iso8601_utc(hit.reset_at_ms);
  Failure failure;
  failure.status = HSD_ERR_RATE_LIMITED;
  failure.code = "RATE_LIMITED";
  failure.retryable = true;
  if (hit.kind == RateLimitHit::Kind::kSecondary) {
    failure.message = "GitHub's secondary rate limit stopped " + endpoint + ": try again after " + reset_at;
  } else {
    failure.message = "GitHub's rate limit for this token is used up (" + endpoint + "): it resets at " + reset_at;
  }
  failure.details_json = "{\"reset_at\":" + hsd::sdk::json_string(reset_at) + "}";
  return failure;
}

Result<HttpResponse> ApiClient::send(const ApiRequest& request) {
  const std::string endpoint = describe_endpoint(request.method, request.url);
  bool waited = false;      // the one rate-limit wait is spent
  bool refreshed = false;   // the one forced refresh after a 401 is spent
  bool conditional = request.method == "GET" && request.auth == Auth::kBearer && cache_ != nullptr;
  for (;;) {
    if (stop_.stop_requested()) return cancelled_failure();
    hsd::sdk::HttpRequest http;
    http.method = request.method;
    http.url = request.url;
    http.body = request.body;
    http.timeout_ms = kTimeoutMs;
    http.headers.emplace_back("User-Agent", config_.user_agent);
    if (request.oauth_endpoint) {
      http.headers.emplace_back("Accept", "application/json");
    } else {
      http.headers.emplace_back("Accept", "application/vnd.github+json");
      http.headers.emplace_back("X-GitHub-Api-Version", "2022-11-28");
    }
    if (!request.content_type.empty()) http.headers.emplace_back("Content-Type", request.content_type);
    std::string cache_key;
    if (request.auth == Auth::kBearer) {
      auto token = token_.get();
      if (!token) return token.failure();
      http.headers.emplace_back("Authorization", "Bearer " + *token);
      if (conditional) {
        cache_key = EtagCache::key(*token, request.url);
        if (auto etag = cache_->etag(cache_key); !etag.empty()) http.headers.emplace_back("If-None-Match", etag);
      }
    } else if (request.auth == Auth::kBasic) {
      http.headers.emplace_back("Authorization",
                                "Basic " + base64(config_.client_id + ":" + config_.client_secret));
    }

    auto response = context_.http(http);
    if (!response) {
      Failure failure = response.failure();
      if (failure.status == HSD_ERR_UNAVAILABLE) {
        // A 1.2 host says what failed (a stable code, a cause naming the host); an older one
        // only that the request failed.
        failure.message = failure.code.empty() ? "GitHub could not be reached (" + endpoint + ")"
                                               : endpoint + " failed: " + failure.message;
        failure.retryable = true;
      }
      return failure;
    }

    if (response->status == 304 && !cache_key.empty()) {
      if (auto cached = cache_->response(cache_key)) return std::move(*cached);
      // Evicted between the question and the answer: ask again without the condition.
      conditional = false;
      continue;
    }
    if (response->status == 401 && request.auth == Auth::kBearer && token_.refreshable() && !refreshed) {
      refreshed = true;
      auto token = token_.get(true);
      if (!token) return token.failure();
      continue;
    }
    if (auto hit = classify_rate_limit(*response, clock_.now_ms())) {
      const int64_t max_wait_ms = int64_t{config_.max_rate_limit_wait_seconds} * 1000;
      if (waited || !hit->known || hit->wait_ms > max_wait_ms) return rate_limited(*hit, endpoint);
      waited = true;
      context_.info(endpoint + " hit GitHub's rate limit; waiting " + std::to_string((hit->wait_ms + 999) / 1000) +
                    " s before the one retry");
      if (!clock_.sleep_for(std::chrono::milliseconds(hit->wait_ms), stop_)) return cancelled_failure();
      continue;
    }
    if (!cache_key.empty() && response->status == 200) cache_->store(cache_key, *response);
    return response;
  }
}

Result<HttpResponse> ApiClient::get(const std::string& url) {
  ApiRequest request;
  request.url = url;
  return send(request);
}

Result<Listing> ApiClient::list_all(const std::string& first_url) {
  Listing listing;
  std::set<std::string> seen;
  const std::string origin = url_origin(config_.api_base_url);
  std::optional<std::string> url = first_url;
  while (url) {
    if (seen.size() >= kMaxPages || !seen.insert(*url).second) {
      return malformed_response(describe_endpoint("GET", first_url), "pages in a loop (a next link repeats)");
    }
    if (url_origin(*url) != origin) {
      return malformed_response(describe_endpoint("GET", first_url),
                                "names a next page on another host; the token is not sent there");
    }
    auto response = get(*url);
    if (!response) return response.failure();
    if (response->status < 200 || response->status >= 300) {
      listing.refused_endpoint = describe_endpoint("GET", *url);
      listing.refused = std::move(*response);
      return listing;
    }
    // Some list endpoints answer 204 with no body instead of [].
    if (response->status != 204 && !response->body.empty()) {
      auto page = support::parse_json_array(response->body);
      if (!page) return malformed_response(describe_endpoint("GET", *url), "is not a JSON array");
      for (size_t i = 0; i < page->size(); ++i) {
        auto item = page->getObject(static_cast<unsigned>(i));
        if (item) listing.items.push_back(item);
      }
    }
    url = next_link(response->header("link"));
  }
  return listing;
}

}  // namespace hsd::plugins::github
