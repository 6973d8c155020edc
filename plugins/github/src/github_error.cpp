#include "github_error.hpp"

#include "link_header.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::github {
namespace {

hsd_status status_for(uint32_t http_status) {
  switch (http_status) {
    case 400: case 422: return HSD_ERR_INVALID_ARGUMENT;
    case 401: return HSD_ERR_UNAUTHENTICATED;
    case 403: case 451: return HSD_ERR_PERMISSION_DENIED;
    case 404: case 410: return HSD_ERR_NOT_FOUND;
    case 409: return HSD_ERR_CONFLICT;
    case 429: return HSD_ERR_RATE_LIMITED;
    default: break;
  }
  if (http_status == 408 || http_status >= 500) return HSD_ERR_UNAVAILABLE;
  return HSD_ERR_INTERNAL;
}

}  // namespace

std::string github_message(std::string_view body) {
  auto message = support::json_string_field(support::parse_json_object(body), "message").value_or("");
  if (message.size() > 300) message = message.substr(0, 300) + "...";
  return message;
}

hsd::sdk::Failure response_failure(const hsd::sdk::HttpResponse& response, std::string_view endpoint) {
  hsd::sdk::Failure failure;
  failure.status = status_for(response.status);
  failure.retryable = failure.status == HSD_ERR_UNAVAILABLE || failure.status == HSD_ERR_RATE_LIMITED;
  if (response.status == 401) failure.code = "ACCESS_REVOKED";
  failure.message = "GitHub answered " + std::to_string(response.status) + " for " + std::string(endpoint);
  const std::string said = github_message(response.body);
  if (!said.empty()) failure.message += ": " + said;
  failure.details_json = "{\"http_status\":" + std::to_string(response.status) + "}";
  return failure;
}

std::string describe_endpoint(std::string_view method, std::string_view url) {
  std::string_view path = url;
  const std::string authority = url_authority(url);
  if (!authority.empty()) {
    const size_t start = url.find(authority) + authority.size();
    path = url.substr(start);
  }
  path = path.substr(0, path.find('?'));
  return std::string(method) + " " + std::string(path.empty() ? "/" : path);
}

hsd::sdk::Failure cancelled_failure() { return hsd::sdk::fail(HSD_ERR_CANCELLED, "the call was cancelled"); }

hsd::sdk::Failure malformed_response(std::string_view endpoint, std::string_view what) {
  hsd::sdk::Failure failure;
  failure.status = HSD_ERR_UNAVAILABLE;
  failure.retryable = true;
  failure.code = "MALFORMED_RESPONSE";
  failure.message = "GitHub's answer to " + std::string(endpoint) + " " + std::string(what);
  return failure;
}

}  // namespace hsd::plugins::github
