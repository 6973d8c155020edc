#include "hubspot_errors.hpp"

#include <atomic>
#include <random>

#include "hsd/fakes/common/json_writer.hpp"
#include "prng.hpp"
#include "time_format.hpp"

namespace hsd::fakes::detail {

std::string new_correlation_id() {
  // Unique per request, like HubSpot's; deliberately not seeded from the portal seed.
  static std::atomic<std::uint64_t> counter{std::random_device{}()};
  Prng rng(counter.fetch_add(0x9E37, std::memory_order_relaxed));
  return rng.uuid();
}

Reply standard_error(int status, const std::string& category, const std::string& message) {
  common::JsonWriter w;
  w.begin_object().str("status", "error").str("message", message).str("correlationId", new_correlation_id());
  w.str("category", category).end_object();
  return Reply::json(status, w.take());
}

Reply validation_error(const std::string& message) { return standard_error(400, "VALIDATION_ERROR", message); }

Reply not_found(const std::string& message) { return standard_error(404, "OBJECT_NOT_FOUND", message); }

Reply invalid_authentication() {
  return standard_error(401, "INVALID_AUTHENTICATION",
                        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
                        "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
}

Reply expired_authentication(std::chrono::system_clock::time_point expired_at,
                             std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const auto ago = duration_cast<seconds>(now - expired_at).count();
  const long long secs = ago < 0 ? 0 : ago;
  std::string amount;
  if (secs < 60)
    amount = std::to_string(secs) + " second(s)";
  else if (secs < 3600)
    amount = std::to_string(secs / 60) + " minute(s)";
  else if (secs < 86400)
    amount = std::to_string(secs / 3600) + " hour(s)";
  else
    amount = std::to_string(secs / 86400) + " day(s)";
  common::JsonWriter w;
  w.begin_object().str("status", "error");
  w.str("message", "The OAuth token used to make this call expired " + amount + " ago.");
  w.str("correlationId", new_correlation_id()).str("category", "EXPIRED_AUTHENTICATION");
  w.key("context").begin_object().strings("expire time", {iso8601(expired_at)}).end_object();
  w.end_object();
  return Reply::json(401, w.take());
}

Reply missing_scopes(const std::vector<std::string>& any_of, MissingScopesShape shape) {
  common::JsonWriter w;
  w.begin_object().str("status", "error");
  w.str("message",
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes "
        "here: https://developers.hubspot.com/scopes.");
  w.str("correlationId", new_correlation_id());
  if (shape == MissingScopesShape::kLegacy) {
    w.key("context").begin_object().strings("requiredScopes", any_of).end_object();
  } else {
    w.key("errors").begin_array().begin_object().str("message", "One or more of the following scopes are required.");
    w.key("context").begin_object();
    w.strings(shape == MissingScopesShape::kSpec ? "missingScopes" : "requiredGranularScopes", any_of);
    w.end_object().end_object().end_array();
  }
  w.key("links").begin_object().str("scopes", "https://developers.hubspot.com/scopes").end_object();
  w.str("category", "MISSING_SCOPES").end_object();
  return Reply::json(403, w.take());
}

Reply ten_secondly_rolling(std::uint64_t hub_id) {
  common::JsonWriter w;
  w.begin_object().str("status", "error").str("message", "You have reached your ten_secondly_rolling limit.");
  w.str("errorType", "RATE_LIMIT").str("correlationId", new_correlation_id());
  w.str("policyName", "TEN_SECONDLY_ROLLING");
  w.str("groupName", "publicapi:oauth:ten-secondly:" + std::to_string(hub_id)).end_object();
  return Reply::json(429, w.take());
}

Reply daily_limit() {
  common::JsonWriter w;
  w.begin_object().str("status", "error").str("message", "You have reached your daily limit.");
  w.str("errorType", "RATE_LIMIT").str("correlationId", new_correlation_id());
  w.str("policyName", "DAILY").str("requestId", new_correlation_id()).end_object();
  return Reply::json(429, w.take());
}

Reply oauth_error(int http_status, const std::string& status, const std::string& message,
                  const std::string& error, const std::string& error_description) {
  common::JsonWriter w;
  w.begin_object().str("status", status).str("message", message);
  w.str("error", error).str("error_description", error_description).end_object();
  return Reply::json(http_status, w.take());
}

Reply server_error(int status) {
  if (status == 500) return standard_error(500, "INTERNAL_ERROR", "internal error");
  const std::string code = std::to_string(status);
  return Reply::html(status, "<html>\n<head><title>" + code + " Service Error</title></head>\n<body>\n<center><h1>" +
                                 code + "</h1></center>\n<hr><center>cloudflare</center>\n</body>\n</html>\n");
}

}  // namespace hsd::fakes::detail
