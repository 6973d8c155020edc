// GET /login/oauth/authorize (auto-approves as the default user, or denies when switched to),
// POST /login/device/code, GET /login/device, and the app's token revocation.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "github_errors.hpp"
#include "oauth_format.hpp"
#include "oauth_handlers.hpp"
#include "redirect_match.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {
namespace {

std::string with_query(const std::string& uri, const Fields& fields) {
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + common::form_encode(fields);
}

Reply authorize(GitHubState& state, Request& request, const Caller*) {
  std::lock_guard lock(state.mutex);
  const OAuthConfig& config = state.oauth;
  if (request.param("client_id").value_or("") != config.client_id)
    return Reply{404, "text/html; charset=utf-8", "<html><body>Not Found</body></html>", {}};
  const std::string state_param = request.param("state").value_or("");
  std::string redirect_uri = request.param("redirect_uri").value_or("");
  const std::string fallback = config.redirect_uris.empty() ? "" : config.redirect_uris.front();
  if (redirect_uri.empty()) redirect_uri = fallback;
  if (redirect_uri.empty()) return Reply::text(400, "redirect_uri is required: the app registered no callback URL\n");
  if (!redirect_allowed(redirect_uri, config.redirect_uris)) {
    // GitHub sends the error to the registered callback, never to the unknown one.
    return Reply::redirect(302, with_query(fallback, {{"error", "redirect_uri_mismatch"},
                                                      {"error_description", "The redirect_uri MUST match the registered callback URL for this application."},
                                                      {"error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch"},
                                                      {"state", state_param}}));
  }
  if (config.deny)
    return Reply::redirect(302, with_query(redirect_uri, {{"error", "access_denied"},
                                                          {"error_description", "The user has denied your application access."},
                                                          {"error_uri", "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied"},
                                                          {"state", state_param}}));
  const std::string challenge = request.param("code_challenge").value_or("");
  const std::string method = request.param("code_challenge_method").value_or("S256");
  if (!challenge.empty() && method != "S256")
    return Reply::redirect(302, with_query(redirect_uri, {{"error", "invalid_request"},
                                                          {"error_description", "code_challenge_method must be S256"},
                                                          {"state", state_param}}));
  const User* user = state.approving_user();
  if (!user) return Reply::text(500, "the fake has no user to approve with: create one first\n");
  const std::string code = state.mint("", 20);
  AuthCode grant;
  grant.client_id = config.client_id;
  grant.redirect_uri = request.param("redirect_uri").value_or("");
  grant.scopes = split_scopes(request.param("scope").value_or(""));
  grant.login = lower(user->login);
  grant.code_challenge = challenge;
  grant.expires_at = state.now() + std::chrono::minutes(10);
  state.codes[code] = grant;
  return Reply::redirect(302, with_query(redirect_uri, {{"code", code}, {"state", state_param}}));
}

Reply device_code(GitHubState& state, Request& request, const Caller*) {
  std::lock_guard lock(state.mutex);
  const Params form = request.form();
  const auto client = form.find("client_id");
  if (client == form.end() || client->second != state.oauth.client_id)
    return oauth_error(request, "incorrect_client_credentials");
  const auto scope = form.find("scope");
  DeviceCode device;
  device.client_id = client->second;
  device.scopes = split_scopes(scope == form.end() ? "" : scope->second);
  device.interval = state.oauth.device_interval;
  device.expires_at = state.now() + state.oauth.device_expires_in;
  std::string letters = state.mint("", 8);
  for (char& c : letters) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  device.user_code = letters.substr(0, 4) + "-" + letters.substr(4);
  const std::string code = lower(state.mint("", 40));
  state.device_codes[code] = device;
  return oauth_body(request, {{"device_code", code},
                              {"user_code", device.user_code},
                              {"verification_uri", state.base_url + "/login/device"},
                              {"expires_in", std::to_string(state.oauth.device_expires_in.count())},
                              {"interval", std::to_string(device.interval)}});
}

Reply device_page(GitHubState&, Request&, const Caller*) {
  return Reply{200, "text/html; charset=utf-8",
               "<html><body><h1>Device activation</h1><p>The fake GitHub approves device codes by itself; "
               "queue other answers with POST /__fake/oauth/device-answers.</p></body></html>",
               {}};
}

}  // namespace

Reply revoke_app_token(GitHubState& state, Request& request, const Caller*) {
  // Called by the API pipeline with the state locked.
  const auto credentials = basic_credentials(request.header("Authorization"));
  if (!credentials || credentials->first != state.oauth.client_id || credentials->second != state.oauth.client_secret)
    return bad_credentials();
  if (request.captures["client_id"] != state.oauth.client_id) return not_found();
  std::string value;
  try {
    const auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
    value = body->optValue<std::string>("access_token", "");
  } catch (const Poco::Exception&) {
    return validation_failed("Problems parsing JSON");
  }
  const auto it = state.tokens.find(value);
  if (value.empty() || it == state.tokens.end() || it->second.revoked) return not_found();
  it->second.revoked = true;
  if (const auto refresh = state.refresh_tokens.find(it->second.refresh_token); refresh != state.refresh_tokens.end())
    refresh->second.dead = true;
  return Reply::empty(204);
}

void add_oauth_routes(Router& router) {
  router.add("GET", "/login/oauth/authorize", authorize);
  router.add("POST", "/login/oauth/access_token", access_token);
  router.add("POST", "/login/device/code", device_code);
  router.add("GET", "/login/device", device_page);
}

}  // namespace hsd::fakes::github_detail
