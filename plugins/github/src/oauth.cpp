#include "oauth.hpp"

#include "github_error.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <charconv>

namespace hsd::plugins::github {
namespace {

using hsd::sdk::Failure;
using hsd::sdk::Result;

constexpr const char* kTokenPath = "/login/oauth/access_token";
constexpr const char* kDevicePath = "/login/device/code";

std::optional<long long> to_integer(const std::string& text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Failure make(hsd_status status, std::string code, std::string message, bool retryable = false) {
  Failure failure;
  failure.status = status;
  failure.code = std::move(code);
  failure.message = std::move(message);
  failure.retryable = retryable;
  return failure;
}

// The token endpoints answer 200 with an error, or non-2xx for transport-level trouble.
Result<TokenResponse> read_token_answer(Result<hsd::sdk::HttpResponse> response, const std::string& endpoint) {
  if (!response) return response.failure();
  TokenResponse token = parse_token_response(response->body);
  if (!token.error.empty()) return token;
  if (response->status != 200) return response_failure(*response, endpoint);
  return token;
}

}  // namespace

TokenResponse parse_token_response(std::string_view body) {
  TokenResponse out;
  if (auto json = support::parse_json_object(body)) {
    out.access_token = support::json_string_field(json, "access_token").value_or("");
    out.token_type = support::json_string_field(json, "token_type").value_or("");
    out.scope = support::json_string_field(json, "scope").value_or("");
    out.refresh_token = support::json_string_field(json, "refresh_token").value_or("");
    out.expires_in = support::json_integer_field(json, "expires_in");
    out.refresh_token_expires_in = support::json_integer_field(json, "refresh_token_expires_in");
    out.interval = support::json_integer_field(json, "interval");
    out.error = support::json_string_field(json, "error").value_or("");
    out.error_description = support::json_string_field(json, "error_description").value_or("");
    return out;
  }
  for (const auto& [key, value] : support::form_decode(body)) {
    if (key == "access_token") out.access_token = value;
    else if (key == "token_type") out.token_type = value;
    else if (key == "scope") out.scope = value;
    else if (key == "refresh_token") out.refresh_token = value;
    else if (key == "expires_in") out.expires_in = to_integer(value);
    else if (key == "refresh_token_expires_in") out.refresh_token_expires_in = to_integer(value);
    else if (key == "interval") out.interval = to_integer(value);
    else if (key == "error") out.error = value;
    else if (key == "error_description") out.error_description = value;
  }
  return out;
}

Failure token_error_failure(const TokenResponse& response) {
  const std::string& error = response.error;
  const std::string said = response.error_description.empty() ? error : error + ": " + response.error_description;
  if (error == "bad_verification_code") {
    return make(HSD_ERR_UNAUTHENTICATED, "BAD_VERIFICATION_CODE",
                "GitHub refused the authorization code (" + said +
                    "): start the connection again (a code is single-use and lasts 10 minutes)");
  }
  if (error == "incorrect_client_credentials") {
    return make(HSD_ERR_INVALID_ARGUMENT, "INCORRECT_CLIENT_CREDENTIALS",
                "GitHub does not accept the OAuth app's credentials (" + said +
                    "): check connectors.github.client_id and client_secret");
  }
  if (error == "redirect_uri_mismatch") {
    return make(HSD_ERR_INVALID_ARGUMENT, "REDIRECT_URI_MISMATCH",
                "GitHub refused the redirect URI (" + said +
                    "): it must match the callback URL registered for the OAuth app");
  }
  if (error == "bad_refresh_token" || error == "unauthorized_client") {
    return make(HSD_ERR_UNAUTHENTICATED, "REFRESH_TOKEN_REVOKED",
                "GitHub refused the refresh token (" + error + "): reconnect GitHub");
  }
  if (error == "expired_token" || error == "token_expired") {
    return make(HSD_ERR_UNAUTHENTICATED, "DEVICE_CODE_EXPIRED", "the device code expired: run connect again");
  }
  if (error == "access_denied") {
    return make(HSD_ERR_PERMISSION_DENIED, "ACCESS_DENIED", "the authorization was refused");
  }
  if (error == "device_flow_disabled") {
    return make(HSD_ERR_UNSUPPORTED, "DEVICE_FLOW_DISABLED",
                "the GitHub app does not allow the device flow: enable \"Device Flow\" in the app's settings, or "
                "connect through the browser");
  }
  if (error == "unverified_user_email") {
    return make(HSD_ERR_PERMISSION_DENIED, "UNVERIFIED_USER_EMAIL",
                "GitHub refused the sign-in (" + said + "): verify the account's primary email address on GitHub");
  }
  return make(HSD_ERR_UNAUTHENTICATED, upper(error), "GitHub refused the token request (" + said + ")");
}

std::string OAuthClient::authorize_url(const std::string& redirect_uri, const std::string& state,
                                       const std::string& code_challenge) const {
  const support::FormFields fields{{"client_id", config_.client_id},
                          {"redirect_uri", redirect_uri},
                          {"scope", support::join_spaced(config_.scopes)},
                          {"state", state},
                          {"code_challenge", code_challenge},
                          {"code_challenge_method", "S256"}};
  return config_.web_url("/login/oauth/authorize") + "?" + support::form_encode(fields);
}

Result<TokenResponse> OAuthClient::post_token(const support::FormFields& fields) {
  ApiRequest request;
  request.method = "POST";
  request.url = config_.web_url(kTokenPath);
  request.body = support::form_encode(fields);
  request.content_type = "application/x-www-form-urlencoded";
  request.auth = Auth::kNone;
  request.oauth_endpoint = true;
  return read_token_answer(api_.send(request), std::string("POST ") + kTokenPath);
}

Result<DeviceCode> OAuthClient::start_device() {
  ApiRequest request;
  request.method = "POST";
  request.url = config_.web_url(kDevicePath);
  request.body = support::form_encode({{"client_id", config_.client_id}, {"scope", support::join_spaced(config_.scopes)}});
  request.content_type = "application/x-www-form-urlencoded";
  request.auth = Auth::kNone;
  request.oauth_endpoint = true;
  const std::string endpoint = std::string("POST ") + kDevicePath;
  auto response = api_.send(request);
  if (!response) return response.failure();
  auto json = support::parse_json_object(response->body);
  support::FormFields form;
  if (!json) form = support::form_decode(response->body);
  auto field = [&](const std::string& key) -> std::string {
    if (json) return support::json_string_field(json, key).value_or("");
    for (const auto& [k, v] : form) {
      if (k == key) return v;
    }
    return "";
  };
  if (!field("error").empty()) {
    TokenResponse error;
    error.error = field("error");
    error.error_description = field("error_description");
    return token_error_failure(error);
  }
  if (response->status == 404 || response->status == 401) {
    return make(HSD_ERR_INVALID_ARGUMENT, "UNKNOWN_CLIENT",
                "GitHub does not know connectors.github.client_id (" + endpoint + " answered " +
                    std::to_string(response->status) + ")");
  }
  if (response->status != 200) return response_failure(*response, endpoint);
  DeviceCode code;
  code.device_code = field("device_code");
  code.user_code = field("user_code");
  code.verification_uri = field("verification_uri");
  if (code.device_code.empty() || code.user_code.empty() || code.verification_uri.empty()) {
    return malformed_response(endpoint, "lacks device_code, user_code or verification_uri");
  }
  if (auto value = to_integer(field("expires_in")); value && *value > 0) code.expires_in = *value;
  if (auto value = to_integer(field("interval")); value && *value >= 0) code.interval = *value;
  return code;
}

Result<TokenResponse> OAuthClient::exchange_code(const std::string& code, const std::string& redirect_uri,
                                                 const std::string& code_verifier) {
  auto token = post_token({{"client_id", config_.client_id},
                           {"client_secret", config_.client_secret},
                           {"code", code},
                           {"redirect_uri", redirect_uri},
                           {"code_verifier", code_verifier}});
  if (!token) return token.failure();
  if (!token->error.empty()) return token_error_failure(*token);
  if (token->access_token.empty()) return malformed_response(std::string("POST ") + kTokenPath, "lacks access_token");
  return token;
}

Result<TokenResponse> OAuthClient::poll_device(const std::string& device_code) {
  // The device flow has no client secret (the app may be public): none is sent.
  return post_token({{"client_id", config_.client_id},
                     {"device_code", device_code},
                     {"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}});
}

Result<TokenResponse> OAuthClient::refresh(const std::string& refresh_token) {
  support::FormFields fields{{"client_id", config_.client_id}};
  // A token from the device flow refreshes without the secret; with one configured it is sent.
  if (!config_.client_secret.empty()) fields.emplace_back("client_secret", config_.client_secret);
  fields.emplace_back("grant_type", "refresh_token");
  fields.emplace_back("refresh_token", refresh_token);
  auto token = post_token(fields);
  if (!token) return token.failure();
  if (!token->error.empty()) return token_error_failure(*token);
  if (token->access_token.empty()) return malformed_response(std::string("POST ") + kTokenPath, "lacks access_token");
  return token;
}

Result<bool> OAuthClient::revoke(const std::string& access_token) {
  ApiRequest request;
  request.method = "DELETE";
  request.url = config_.api_url("/applications/" + support::percent_encode(config_.client_id) + "/token");
  request.body = "{\"access_token\":" + hsd::sdk::json_string(access_token) + "}";
  request.content_type = "application/json";
  request.auth = Auth::kBasic;
  auto response = api_.send(request);
  if (!response) return response.failure();
  if (response->status == 204 || response->status == 200) return true;
  if (response->status == 404) return false;
  return response_failure(*response, "DELETE /applications/{client_id}/token");
}

}  // namespace hsd::plugins::github
