// HubSpot OAuth 2.0: the consent URL, and the token, introspection and revocation endpoints.
// The token endpoints take every parameter in an application/x-www-form-urlencoded body
// (client id and secret included) and no Authorization header.
#pragma once

#include "api_client.hpp"
#include "config.hpp"

#include <hsd/sdk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hsd::plugins::hubspot {

/** What the token endpoint hands back. */
struct TokenGrant {
  std::string access_token;
  std::string refresh_token;  // empty when the response carried none
  long long expires_in = 0;
  std::optional<long long> hub_id;
  std::optional<std::vector<std::string>> scopes;  // absent on older responses
};

/** What introspection says about an access token. */
struct TokenInfo {
  bool active = false;
  std::optional<long long> hub_id;
  std::string hub_domain;
  std::vector<std::string> scopes;
};

class OAuthClient {
 public:
  OAuthClient(const Config& config, ApiClient& api) : config_(config), api_(api) {}

  /** The consent page URL: client_id, redirect_uri, scope (%20-separated), optional_scope, state. */
  std::string authorize_url(const std::string& redirect_uri, const std::string& state) const;

  /** grant_type=authorization_code. A refused code is HSD_ERR_UNAUTHENTICATED with HubSpot's code. */
  hsd::sdk::Result<TokenGrant> exchange_code(const std::string& code, const std::string& redirect_uri);

  /**
   * grant_type=refresh_token. A dead refresh token (400 BAD_REFRESH_TOKEN / invalid_grant) is
   * HSD_ERR_UNAUTHENTICATED, code BAD_REFRESH_TOKEN, not retryable.
   */
  hsd::sdk::Result<TokenGrant> refresh(const std::string& refresh_token);

  hsd::sdk::Result<TokenInfo> introspect(const std::string& access_token);

  /** Revokes a refresh token: true when HubSpot revoked it, false when it was already dead. */
  hsd::sdk::Result<bool> revoke(const std::string& refresh_token);

 private:
  ApiRequest form_request(const std::string& path, const support::FormFields& fields) const;
  hsd::sdk::Result<TokenGrant> read_grant(const JsonResponse& response, const std::string& endpoint) const;

  const Config& config_;
  ApiClient& api_;
};

/** The failure for actions that need the OAuth app while it is not configured. */
hsd::sdk::Failure oauth_not_configured();

}  // namespace hsd::plugins::hubspot
