#include "oauth.hpp"

#include "error_body.hpp"
#include "response_failure.hpp"

#include <hsd/plugins/support/json_reader.hpp>

namespace hsd::plugins::hubspot {
namespace {

using hsd::sdk::fail;
using hsd::sdk::Failure;
using hsd::sdk::Result;

Failure malformed_grant(const std::string& endpoint, const std::string& missing) {
  Failure failure;
  failure.status = HSD_ERR_UNAVAILABLE;
  failure.code = "MALFORMED_RESPONSE";
  failure.message = "HubSpot's token response from " + endpoint + " lacks " + missing;
  return failure;
}

}  // namespace

Failure oauth_not_configured() {
  return fail(HSD_ERR_INVALID_ARGUMENT,
              "OAuth is not configured: set connectors.hubspot.client_id and client_secret, or connect with a "
              "private app token");
}

std::string OAuthClient::authorize_url(const std::string& redirect_uri, const std::string& state) const {
  support::FormFields fields{{"client_id", config_.client_id},
                    {"redirect_uri", redirect_uri},
                    {"scope", support::join_spaced(config_.scopes)}};
  if (!config_.optional_scopes.empty()) fields.emplace_back("optional_scope", support::join_spaced(config_.optional_scopes));
  fields.emplace_back("state", state);
  return config_.auth_base_url + config_.endpoints.authorize + "?" + support::form_encode(fields);
}

ApiRequest OAuthClient::form_request(const std::string& path, const support::FormFields& fields) const {
  ApiRequest request;
  request.method = "POST";
  request.base_url = config_.api_base_url;
  request.path = path;
  request.body = support::form_encode(fields);
  request.content_type = "application/x-www-form-urlencoded";
  request.auth = AuthMode::kNone;
  return request;
}

Result<TokenGrant> OAuthClient::read_grant(const JsonResponse& response, const std::string& endpoint) const {
  TokenGrant grant;
  grant.access_token = support::json_string_field(response.body, "access_token").value_or("");
  if (grant.access_token.empty()) return malformed_grant(endpoint, "access_token");
  grant.refresh_token = support::json_string_field(response.body, "refresh_token").value_or("");
  // Tokens last 30 minutes today and lasted 6 hours before: only the response knows.
  auto expires_in = support::json_integer_field(response.body, "expires_in");
  if (!expires_in || *expires_in <= 0) return malformed_grant(endpoint, "expires_in");
  grant.expires_in = *expires_in;
  grant.hub_id = support::json_integer_field(response.body, "hub_id");
  if (response.body->getArray("scopes")) grant.scopes = support::json_string_list(response.body, "scopes");
  return grant;
}

Result<TokenGrant> OAuthClient::exchange_code(const std::string& code, const std::string& redirect_uri) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  const auto request = form_request(config_.endpoints.token, {{"grant_type", "authorization_code"},
                                                              {"client_id", config_.client_id},
                                                              {"client_secret", config_.client_secret},
                                                              {"redirect_uri", redirect_uri},
                                                              {"code", code}});
  auto response = api_.send_json(request);
  if (!response) return response.failure();
  const uint32_t status = response->response.status;
  if (status == 400 || status == 401 || status == 403) {
    const ErrorBody body = parse_error_body(response->response.body);
    Failure failure;
    failure.status = HSD_ERR_UNAUTHENTICATED;
    failure.code = body.code().empty() ? "BAD_AUTH_CODE" : body.code();
    failure.message = "HubSpot refused the authorization code (" + failure.code +
                      "): start the connection again (the code is single-use and short-lived, and "
                      "redirect_uri must match the one the consent page got)";
    return failure;
  }
  if (status < 200 || status >= 300) return response_failure(response->response, request.endpoint());
  return read_grant(*response, request.endpoint());
}

Result<TokenGrant> OAuthClient::refresh(const std::string& refresh_token) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  const auto request = form_request(config_.endpoints.token, {{"grant_type", "refresh_token"},
                                                              {"client_id", config_.client_id},
                                                              {"client_secret", config_.client_secret},
                                                              {"refresh_token", refresh_token}});
  auto response = api_.send_json(request);
  if (!response) return response.failure();
  const uint32_t status = response->response.status;
  if (status >= 400 && status < 500) {
    const ErrorBody body = parse_error_body(response->response.body);
    // A dead refresh token is a 400, not a 401; a 401/403 here means the app's own
    // credentials were refused. Neither gets better by retrying.
    if (body.bad_refresh_token() || status == 401 || status == 403) {
      Failure failure;
      failure.status = HSD_ERR_UNAUTHENTICATED;
      failure.code = body.bad_refresh_token() ? "BAD_REFRESH_TOKEN" : (body.code().empty() ? "INVALID_CLIENT" : body.code());
      failure.message = "Token refresh failed: reconnect the portal";
      failure.retryable = false;
      return failure;
    }
    return response_failure(response->response, request.endpoint());
  }
  if (status < 200 || status >= 300) return response_failure(response->response, request.endpoint());
  return read_grant(*response, request.endpoint());
}

Result<TokenInfo> OAuthClient::introspect(const std::string& access_token) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  const auto request = form_request(config_.endpoints.introspect, {{"client_id", config_.client_id},
                                                                   {"client_secret", config_.client_secret},
                                                                   {"token", access_token},
                                                                   {"token_type_hint", "access_token"}});
  auto response = api_.send_json(request);
  if (!response) return response.failure();
  if (response->response.status < 200 || response->response.status >= 300) {
    return response_failure(response->response, request.endpoint());
  }
  TokenInfo info;
  const auto& body = response->body;
  info.active = body->optValue<bool>("active", true);
  info.hub_id = support::json_integer_field(body, "hub_id");
  info.hub_domain = support::json_string_field(body, "hub_domain").value_or("");
  info.scopes = support::json_string_list(body, "scopes");
  return info;
}

Result<bool> OAuthClient::revoke(const std::string& refresh_token) {
  if (!config_.oauth_configured()) return oauth_not_configured();
  const auto request = form_request(config_.endpoints.revoke, {{"client_id", config_.client_id},
                                                               {"client_secret", config_.client_secret},
                                                               {"token", refresh_token},
                                                               {"token_type_hint", "refresh_token"}});
  auto response = api_.send(request);
  if (!response) return response.failure();
  if (response->status >= 200 && response->status < 300) return true;
  const ErrorBody body = parse_error_body(response->body);
  // Already revoked or the app was uninstalled: nothing left to revoke.
  if (response->status == 400 && (body.bad_refresh_token() || body.error == "invalid_token" ||
                                  body.category == "VALIDATION_ERROR")) {
    return false;
  }
  return response_failure(*response, request.endpoint());
}

}  // namespace hsd::plugins::hubspot
