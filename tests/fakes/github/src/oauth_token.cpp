// POST /login/oauth/access_token: the code grant (client credentials, redirect_uri equal to
// the authorize one, PKCE S256), the device grant (answers queued by the test, else approve)
// and the refresh grant (refresh tokens rotate: the used one and its access token die).
#include "oauth_format.hpp"
#include "oauth_handlers.hpp"

namespace hsd::fakes::github_detail {
namespace {

std::string field(const Params& form, const std::string& name) {
  const auto it = form.find(name);
  return it == form.end() ? "" : it->second;
}

Reply code_grant(GitHubState& state, const Request& request, const Params& form) {
  const OAuthConfig& config = state.oauth;
  if (field(form, "client_id") != config.client_id || field(form, "client_secret") != config.client_secret)
    return oauth_error(request, "incorrect_client_credentials");
  const auto it = state.codes.find(field(form, "code"));
  if (it == state.codes.end() || it->second.used || state.now() >= it->second.expires_at ||
      it->second.client_id != config.client_id)
    return oauth_error(request, "bad_verification_code");
  AuthCode& code = it->second;
  const std::string redirect_uri = field(form, "redirect_uri");
  if (!redirect_uri.empty() && redirect_uri != code.redirect_uri) return oauth_error(request, "redirect_uri_mismatch");
  if (!code.code_challenge.empty() && s256(field(form, "code_verifier")) != code.code_challenge)
    return oauth_error(request, "bad_verification_code");
  code.used = true;  // single use
  return token_success(request, state.grant_tokens(code.login, code.scopes, config.client_id, false,
                                                   config.expiring_tokens));
}

Reply device_grant(GitHubState& state, const Request& request, const Params& form) {
  if (field(form, "client_id") != state.oauth.client_id) return oauth_error(request, "incorrect_client_credentials");
  const auto it = state.device_codes.find(field(form, "device_code"));
  if (it == state.device_codes.end() || it->second.done) return oauth_error(request, "incorrect_device_code");
  DeviceCode& device = it->second;
  if (state.now() >= device.expires_at) return oauth_error(request, "expired_token");
  DeviceAnswer answer = state.oauth.deny ? DeviceAnswer::kDenied : DeviceAnswer::kApprove;
  if (!state.device_answers.empty()) {
    answer = state.device_answers.front();
    state.device_answers.pop_front();
  }
  switch (answer) {
    case DeviceAnswer::kPending:
      return oauth_error(request, "authorization_pending");
    case DeviceAnswer::kSlowDown:
      device.interval += 5;
      return oauth_error(request, "slow_down", {{"interval", std::to_string(device.interval)}});
    case DeviceAnswer::kExpired:
      device.done = true;
      return oauth_error(request, "expired_token");
    case DeviceAnswer::kDenied:
      device.done = true;
      return oauth_error(request, "access_denied");
    case DeviceAnswer::kApprove:
      break;
  }
  const User* user = state.approving_user();
  if (!user) return oauth_error(request, "access_denied");
  device.done = true;
  return token_success(request, state.grant_tokens(lower(user->login), device.scopes, device.client_id, true,
                                                   state.oauth.expiring_tokens));
}

Reply refresh_grant(GitHubState& state, const Request& request, const Params& form) {
  if (field(form, "client_id") != state.oauth.client_id) return oauth_error(request, "incorrect_client_credentials");
  const auto it = state.refresh_tokens.find(field(form, "refresh_token"));
  if (it == state.refresh_tokens.end() || it->second.dead || state.now() >= it->second.expires_at)
    return oauth_error(request, "bad_refresh_token");
  RefreshToken& refresh = it->second;
  if (!refresh.from_device && field(form, "client_secret") != state.oauth.client_secret)
    return oauth_error(request, "incorrect_client_credentials");
  refresh.dead = true;
  if (const auto old = state.tokens.find(refresh.access_token); old != state.tokens.end()) old->second.revoked = true;
  return token_success(request,
                       state.grant_tokens(refresh.login, refresh.scopes, refresh.client_id, refresh.from_device, true));
}

}  // namespace

Reply access_token(GitHubState& state, Request& request, const Caller*) {
  std::lock_guard lock(state.mutex);
  const Params form = request.form();
  const std::string grant_type = field(form, "grant_type");
  if (grant_type == "urn:ietf:params:oauth:grant-type:device_code") return device_grant(state, request, form);
  if (grant_type == "refresh_token") return refresh_grant(state, request, form);
  if (grant_type.empty() || grant_type == "authorization_code") return code_grant(state, request, form);
  return oauth_error(request, "unsupported_grant_type");
}

}  // namespace hsd::fakes::github_detail
