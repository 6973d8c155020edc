// GitHub OAuth on web_base_url: the authorize URL (with PKCE), the device-code request, and
// the token endpoint (code exchange, device polling, refresh), plus token revocation on the
// REST API. The token endpoint reports errors as HTTP 200 with an `error` field, and answers
// form-encoded when it ignores Accept: application/json, so every answer is read both ways
// and the `error` key decides, never the status alone.
#pragma once

#include "api_client.hpp"
#include "config.hpp"

#include <hsd/plugins/support/form_encoding.hpp>

#include <hsd/sdk.hpp>

#include <optional>
#include <string>

namespace hsd::plugins::github {

/** What the token endpoint answered (a grant, or an error). */
struct TokenResponse {
  std::string access_token;
  std::string token_type;
  std::string scope;  // comma-separated
  std::string refresh_token;
  std::optional<long long> expires_in;
  std::optional<long long> refresh_token_expires_in;
  std::optional<long long> interval;  // slow_down carries the new polling interval
  std::string error;
  std::string error_description;
};

/** Reads a token endpoint body, JSON or form-encoded. Unknown shapes give an empty response. */
TokenResponse parse_token_response(std::string_view body);

struct DeviceCode {
  std::string device_code;
  std::string user_code;
  std::string verification_uri;
  long long expires_in = 900;
  long long interval = 5;
};

class OAuthClient {
 public:
  OAuthClient(const Config& config, ApiClient& api) : config_(config), api_(api) {}

  /** web/login/oauth/authorize?client_id&redirect_uri&scope&state&code_challenge&code_challenge_method=S256 */
  std::string authorize_url(const std::string& redirect_uri, const std::string& state,
                            const std::string& code_challenge) const;

  /** POST web/login/device/code. An `error` answer is a failure saying what to do. */
  hsd::sdk::Result<DeviceCode> start_device();

  /** grant_type=authorization_code (with client secret and PKCE verifier). Errors are failures. */
  hsd::sdk::Result<TokenResponse> exchange_code(const std::string& code, const std::string& redirect_uri,
                                                const std::string& code_verifier);

  /** One device-flow poll. authorization_pending, slow_down, ... come back as responses. */
  hsd::sdk::Result<TokenResponse> poll_device(const std::string& device_code);

  /**
   * grant_type=refresh_token. bad_refresh_token / unauthorized_client are
   * HSD_ERR_UNAUTHENTICATED, code REFRESH_TOKEN_REVOKED, not retryable.
   */
  hsd::sdk::Result<TokenResponse> refresh(const std::string& refresh_token);

  /**
   * DELETE api/applications/{client_id}/token (Basic client_id:client_secret). true when
   * GitHub revoked it, false when GitHub no longer knew the token (404).
   */
  hsd::sdk::Result<bool> revoke(const std::string& access_token);

 private:
  hsd::sdk::Result<TokenResponse> post_token(const support::FormFields& fields);

  const Config& config_;
  ApiClient& api_;
};

/** The Failure an `error` answer of the token or device endpoints stands for. */
hsd::sdk::Failure token_error_failure(const TokenResponse& response);

}  // namespace hsd::plugins::github
