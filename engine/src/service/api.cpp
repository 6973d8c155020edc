#include "api.hpp"

#include <Poco/JSON/Object.h>

#include "domain/password_links.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine::service {

int http_status_for(const Error& error) {
  if (error.reason == kMalformedRequest) return 400;
  if (error.reason == kBodyTooLarge) return 413;
  if (error.reason == kLinkGone) return 410;
  switch (error.code) {
    case ErrorCode::invalid_argument: return 422;
    case ErrorCode::not_found: return 404;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::permission_denied: return 403;
    case ErrorCode::conflict: return 409;
    case ErrorCode::cancelled: return 409;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unsupported: return 400;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

ApiResponse json_response(int status, const Poco::Dynamic::Var& body) {
  ApiResponse response;
  response.status = status;
  response.body = stringify(body);
  return response;
}

std::string public_message(const Error& error) {
  // A server fault's message may name internals; the log has it, the caller gets the gist.
  return http_status_for(error) == 500 ? std::string("internal error; the service log has the details")
                                       : log::redact_secrets(error.message);
}

ApiResponse error_response(const Error& error) {
  Poco::JSON::Object::Ptr inner = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  inner->set("code", std::string(error_code_name(error.code)));
  const int status = http_status_for(error);
  inner->set("message", public_message(error));
  JsonObject details = new Poco::JSON::Object;
  if (!error.details_json.empty() && status != 500) {
    if (auto parsed = parse_object(error.details_json, "error details")) details = *parsed;
  }
  // An unavailable storage (the database restarting, say) is worth another try in a second.
  if (status == 503 && !details->has("retry_after")) details->set("retry_after", 1);
  inner->set("details", details);
  Poco::JSON::Object::Ptr outer = new Poco::JSON::Object;
  outer->set("error", inner);
  ApiResponse response = json_response(status, outer);
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  // A throttled or overloaded request says when to come back, in the header and in details.
  if ((status == 429 || status == 503) && details->has("retry_after")) {
    response.headers.emplace_back("Retry-After", details->get("retry_after").toString());
  }
  return response;
}

ApiResponse no_content() {
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Error field_error(const std::string& field, const std::string& message, const char* reason) {
  Error error = hsd::engine::field_error(field, message);
  error.reason = reason;
  return error;
}

}  // namespace hsd::engine::service
