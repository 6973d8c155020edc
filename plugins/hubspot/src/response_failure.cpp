#include "response_failure.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::Failure;

hsd_status status_for(uint32_t http_status) {
  switch (http_status) {
    case 400: case 405: case 414: case 422: return HSD_ERR_INVALID_ARGUMENT;
    case 401: return HSD_ERR_UNAUTHENTICATED;
    case 403: return HSD_ERR_PERMISSION_DENIED;
    case 404: return HSD_ERR_NOT_FOUND;
    case 409: return HSD_ERR_CONFLICT;
    case 429: return HSD_ERR_RATE_LIMITED;
    default: break;
  }
  if (http_status == 408 || http_status >= 500) return HSD_ERR_UNAVAILABLE;
  return HSD_ERR_INTERNAL;
}

std::string details(const ErrorBody& body, uint32_t http_status) {
  std::string out = "{\"http_status\":" + std::to_string(http_status);
  if (!body.correlation_id.empty()) out += ",\"correlation_id\":" + hsd::sdk::json_string(body.correlation_id);
  if (!body.required_scopes.empty()) out += ",\"required_scopes\":" + support::json_string_array(body.required_scopes);
  return out + "}";
}

}  // namespace

std::string describe_endpoint(std::string_view method, std::string_view path) {
  return std::string(method) + " " + std::string(path.substr(0, path.find('?')));
}

Failure missing_scopes_failure(const ErrorBody& body, std::string_view endpoint) {
  Failure failure;
  failure.status = HSD_ERR_PERMISSION_DENIED;
  failure.code = "MISSING_SCOPES";
  failure.message = "HubSpot refused " + std::string(endpoint) + ": the portal did not grant the scopes it needs";
  if (!body.required_scopes.empty()) {
    failure.message += " (one of: " + support::json_string_array(body.required_scopes) + ")";
  }
  failure.details_json = details(body, 403);
  return failure;
}

Failure response_failure(const hsd::sdk::HttpResponse& response, std::string_view endpoint) {
  const ErrorBody body = parse_error_body(response.body);
  if (response.status == 403 && body.missing_scopes()) return missing_scopes_failure(body, endpoint);
  Failure failure;
  failure.status = status_for(response.status);
  failure.retryable = failure.status == HSD_ERR_UNAVAILABLE || failure.status == HSD_ERR_RATE_LIMITED;
  failure.code = body.code();
  failure.message = "HubSpot answered " + std::to_string(response.status);
  if (!failure.code.empty()) failure.message += " " + failure.code;
  failure.message += " for " + std::string(endpoint);
  // HubSpot's messages describe the problem, not the credentials, so they are safe to pass on.
  const std::string& said = !body.message.empty() ? body.message : body.error_description;
  if (!said.empty()) failure.message += ": " + said.substr(0, 300);
  failure.details_json = details(body, response.status);
  return failure;
}

}  // namespace hsd::plugins::hubspot
