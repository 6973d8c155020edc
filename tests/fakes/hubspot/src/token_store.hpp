// OAuth state of the fake portal: authorization codes, access tokens with their expiry and
// refresh tokens that can be revoked or rotated. Thread-safe; every call takes `now` so the
// injected clock decides expiry.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hsd::fakes::detail {

using TimePoint = std::chrono::system_clock::time_point;

struct AccessToken {
  std::string token;
  std::vector<std::string> scopes;
  TimePoint expires_at;
  bool revoked = false;
};

struct RefreshToken {
  std::string token;
  std::vector<std::string> scopes;
  bool revoked = false;
};

struct TokenPair {
  AccessToken access;
  RefreshToken refresh;
};

enum class CodeCheck { kOk, kUnknown, kExpired, kRedirectMismatch };

class TokenStore {
 public:
  std::string new_auth_code(const std::string& redirect_uri, std::vector<std::string> scopes, TimePoint expires_at);
  /** Consumes the code (single use) and returns its scopes when kOk. */
  CodeCheck redeem_code(const std::string& code, const std::string& redirect_uri, TimePoint now,
                        std::vector<std::string>& out_scopes);

  TokenPair issue(const std::vector<std::string>& scopes, TimePoint expires_at);
  /** A new access token for a live refresh token; rotation replaces (and kills) the refresh token. */
  std::optional<TokenPair> refresh(const std::string& refresh_token, TimePoint expires_at, bool rotate);

  std::optional<AccessToken> access(const std::string& token) const;
  std::optional<RefreshToken> refresh_token(const std::string& token) const;
  bool revoke_refresh(const std::string& token);
  bool revoke_access(const std::string& token);
  /** Revokes every live refresh token (an uninstall seen by every connection); returns how many. */
  int revoke_all_refresh();
  /** Makes every access token issued so far expire at `now` (scripts simulating 30 minutes). */
  void expire_all_access(TimePoint now);

 private:
  struct AuthCode {
    std::string redirect_uri;
    std::vector<std::string> scopes;
    TimePoint expires_at;
  };
  mutable std::mutex mutex_;
  std::map<std::string, AuthCode> codes_;
  std::map<std::string, AccessToken> access_;
  std::map<std::string, RefreshToken> refresh_;
};

/** Opaque tokens of varying length (HubSpot: allow at least 300 characters). */
std::string random_access_token();
std::string random_refresh_token();
std::string random_auth_code();

}  // namespace hsd::fakes::detail
