// HubSpot error bodies: the standard {status, message, category, context, errors[]} shape,
// the OAuth token endpoint's {status: BAD_REFRESH_TOKEN} (and its newer RFC 6749
// error/error_description fields), and 429 bodies with policyName. Every field is optional.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::hubspot {

enum class RateLimitPolicy { kUnknown, kTenSecondlyRolling, kSecondly, kDaily };

struct ErrorBody {
  bool parsed = false;  // the body was a JSON object
  std::string status;   // "error", or BAD_REFRESH_TOKEN / BAD_AUTH_CODE on the token endpoint
  std::string message;
  std::string category;  // MISSING_SCOPES, EXPIRED_AUTHENTICATION, ...
  std::string correlation_id;
  std::string error;              // RFC 6749: invalid_grant, ...
  std::string error_description;
  std::string policy_name;  // 429: TEN_SECONDLY_ROLLING, SECONDLY, DAILY
  std::string error_type;   // 429: RATE_LIMIT
  /**
   * Scopes the call needs (an any-of list), from errors[].context.requiredGranularScopes,
   * the top-level context.requiredScopes, or missingScopes (top-level or in errors[]).
   */
  std::vector<std::string> required_scopes;

  bool missing_scopes() const;
  /** The refresh token is dead: status BAD_REFRESH_TOKEN or error invalid_grant. */
  bool bad_refresh_token() const;
  RateLimitPolicy rate_limit_policy() const;
  /** A short stable code for the failure: category, else status (if not "error"), else error. */
  std::string code() const;
};

/** Parses a body that may be anything (HTML from a proxy, empty, JSON). Never fails. */
ErrorBody parse_error_body(std::string_view body);

}  // namespace hsd::plugins::hubspot
