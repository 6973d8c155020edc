#include "oauth_handlers.hpp"

#include <algorithm>
#include <sstream>

#include "hubspot_errors.hpp"
#include "hsd/fakes/common/json_writer.hpp"

namespace hsd::fakes::detail {
namespace {

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string s; in >> s;)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::optional<std::string> first(const Params& p, const std::string& name) {
  const auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return it->second;
}

std::string form_value(const Params& p, const std::string& name) { return first(p, name).value_or(""); }

Reply consent_error_page(const std::string& why) {
  return Reply::html(400, "<!DOCTYPE html>\n<html><head><title>Authorization failed</title></head><body>"
                          "<h1>Authorization failed</h1><p>" +
                              why + "</p></body></html>\n");
}

bool redirect_allowed(const FakeState& state, const std::string& uri) {
  if (state.options.redirect_uris.empty()) return uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0;
  return contains(state.options.redirect_uris, uri);
}

Reply redirect(const std::string& location) {
  Reply r = Reply::html(302, "");
  r.headers.emplace_back("Location", location);
  return r;
}

// GET /oauth/authorize and /oauth/{portalId}/authorize: the browser consent step, answered at
// once as if the user had clicked "Connect app".
Reply authorize(FakeState& state, const Request& req, const Caller*) {
  const auto client_id = req.param("client_id");
  if (!client_id || *client_id != state.options.client_id)
    return consent_error_page("Authorization failed because this application is misconfigured: unknown client_id.");
  const std::string redirect_uri = req.param("redirect_uri").value_or("");
  if (!redirect_allowed(state, redirect_uri))
    return consent_error_page("The redirect_uri does not match a redirect URL configured for this app.");
  const auto scope = req.param("scope");
  if (!scope) return consent_error_page("The scope parameter is required.");

  const std::string state_param = req.param("state").value_or("");
  std::string location = redirect_uri + (redirect_uri.find('?') == std::string::npos ? "?" : "&");
  const std::string state_suffix = req.param("state") ? "&state=" + common::url_encode(state_param) : "";
  if (state.options.deny_authorization)
    return redirect(location + "error=access_denied&error_description=" +
                    common::url_encode("The user denied access to the app.") + state_suffix);

  const auto required = split_scopes(*scope);
  auto optional = split_scopes(req.param("optional_scope").value_or(req.param("optional_scopes").value_or("")));
  std::vector<std::string> granted;
  for (const auto& s : required) {
    if (contains(state.options.granted_scopes, s))
      granted.push_back(s);
    else if (state.options.strict_required_scopes)
      return consent_error_page("This account cannot grant the required scope " + s + ".");
  }
  // Optional scopes the account cannot grant are dropped silently, as HubSpot does.
  for (const auto& s : optional)
    if (contains(state.options.granted_scopes, s) && !contains(granted, s)) granted.push_back(s);

  const std::string code =
      state.tokens.new_auth_code(redirect_uri, granted, state.now() + state.options.auth_code_lifetime);
  return redirect(location + "code=" + common::url_encode(code) + state_suffix);
}

std::optional<Reply> check_client(const FakeState& state, const Params& form) {
  if (form_value(form, "client_id") != state.options.client_id)
    return oauth_error(400, "BAD_CLIENT_ID", "missing or unknown client id", "invalid_client",
                       "client_id is missing or unknown");
  if (form_value(form, "client_secret") != state.options.client_secret)
    return oauth_error(400, "BAD_CLIENT_SECRET", "missing or invalid client secret", "invalid_client",
                       "client_secret is missing or does not match the client_id");
  return std::nullopt;
}

// The token endpoints take a form body only; v1 alone also read the query string.
std::optional<Reply> read_form(const Request& req, bool accept_query, Params& out) {
  if (!req.body.empty() && !req.is_form())
    return standard_error(415, "VALIDATION_ERROR",
                          "Unsupported Content-Type '" + req.content_type +
                              "': send the parameters as application/x-www-form-urlencoded in the body");
  out = common::parse_form(req.body);
  if (accept_query) out.insert(req.query.begin(), req.query.end());
  return std::nullopt;
}

Reply token(FakeState& state, const Request& req, const Caller*) {
  Params form;
  if (auto bad = read_form(req, req.path.rfind("/oauth/v1/", 0) == 0, form)) return *bad;
  const std::string grant = form_value(form, "grant_type");
  if (grant != "authorization_code" && grant != "refresh_token")
    return oauth_error(400, "BAD_GRANT_TYPE", "missing or unknown grant type", "unsupported_grant_type",
                       "grant_type must be authorization_code or refresh_token");
  if (auto bad = check_client(state, form)) return *bad;
  const auto expires_at = state.now() + state.options.access_token_lifetime;

  if (grant == "authorization_code") {
    std::vector<std::string> scopes;
    switch (state.tokens.redeem_code(form_value(form, "code"), form_value(form, "redirect_uri"), state.now(), scopes)) {
      case CodeCheck::kUnknown:
        return oauth_error(400, "BAD_AUTH_CODE", "missing or unknown auth code", "invalid_grant",
                           "auth code is invalid, expired or already used");
      case CodeCheck::kExpired:
        return oauth_error(400, "EXPIRED_AUTH_CODE", "auth code is expired", "invalid_grant", "auth code is expired");
      case CodeCheck::kRedirectMismatch:
        return oauth_error(400, "BAD_REDIRECT_URI", "redirect_uri does not match initial auth code URL",
                           "invalid_grant", "redirect_uri does not match the one used to get the auth code");
      case CodeCheck::kOk:
        break;
    }
    return Reply::json(200, token_response_json(state, state.tokens.issue(scopes, expires_at)));
  }

  const auto pair = state.tokens.refresh(form_value(form, "refresh_token"), expires_at, state.options.rotate_refresh_tokens);
  if (!pair)
    return oauth_error(400, "BAD_REFRESH_TOKEN", "missing or invalid refresh token", "invalid_grant",
                       "refresh token is invalid, expired or revoked");
  return Reply::json(200, token_response_json(state, *pair));
}

long long seconds_left(const FakeState& state, TimePoint expires_at) {
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(expires_at - state.now()).count();
  return left < 0 ? 0 : left;
}

void write_access_info(common::JsonWriter& w, const FakeState& state, const AccessToken& t, bool with_active) {
  const auto& o = state.options;
  if (with_active) w.flag("active", true);
  w.str("token", t.token).str("token_type", "access");
  if (with_active) w.str("token_use", "access");
  w.str("user", o.user_email).num("user_id", static_cast<std::int64_t>(o.user_id));
  w.num("hub_id", static_cast<std::int64_t>(o.hub_id)).str("hub_domain", o.hub_domain);
  w.num("app_id", static_cast<std::int64_t>(o.app_id));
  if (with_active) w.str("client_id", o.client_id);
  w.num("expires_in", seconds_left(state, t.expires_at)).flag("is_private_distribution", false);
  w.strings("scopes", t.scopes);
  w.key("signed_access_token").begin_object();
  w.num("expiresAt", std::chrono::duration_cast<std::chrono::milliseconds>(t.expires_at.time_since_epoch()).count());
  w.num("appId", static_cast<std::int64_t>(o.app_id)).num("hubId", static_cast<std::int64_t>(o.hub_id));
  w.str("hublet", "na1").num("userId", static_cast<std::int64_t>(o.user_id));
  w.flag("isUserLevel", false).flag("isServiceAccount", false).flag("isPrivateDistribution", false);
  w.end_object();
}

void write_refresh_info(common::JsonWriter& w, const FakeState& state, const RefreshToken& t, bool with_active) {
  const auto& o = state.options;
  if (with_active) w.flag("active", true);
  w.str("token", t.token).str("token_type", "refresh");
  if (with_active) w.str("token_use", "refresh");
  w.str("user", o.user_email).num("user_id", static_cast<std::int64_t>(o.user_id));
  w.num("hub_id", static_cast<std::int64_t>(o.hub_id)).str("hub_domain", o.hub_domain);
  if (with_active) w.num("app_id", static_cast<std::int64_t>(o.app_id));
  w.str("client_id", o.client_id).strings("scopes", t.scopes);
}

// POST /oauth/{v3,2026-03,2026-09}/token/introspect: one of two shapes; {"active":false} when dead.
Reply introspect(FakeState& state, const Request& req, const Caller*) {
  Params form;
  if (auto bad = read_form(req, false, form)) return *bad;
  if (auto bad = check_client(state, form)) return *bad;
  const std::string t = form_value(form, "token");
  if (t.empty()) return validation_error("The token parameter is required.");
  common::JsonWriter w;
  w.begin_object();
  const bool hint_refresh = form_value(form, "token_type_hint") == "refresh_token";
  const auto access = hint_refresh ? std::nullopt : state.tokens.access(t);
  const auto refresh = state.tokens.refresh_token(t);
  if (access && !access->revoked && state.now() < access->expires_at)
    write_access_info(w, state, *access, true);
  else if (refresh && !refresh->revoked)
    write_refresh_info(w, state, *refresh, true);
  else
    w.flag("active", false);
  w.end_object();
  return Reply::json(200, w.take());
}

// POST /oauth/{v3,2026-03,2026-09}/token/revoke: RFC 7009, unknown tokens are not an error.
Reply revoke(FakeState& state, const Request& req, const Caller*) {
  Params form;
  if (auto bad = read_form(req, false, form)) return *bad;
  if (auto bad = check_client(state, form)) return *bad;
  const std::string t = form_value(form, "token");
  if (t.empty()) return validation_error("The token parameter is required.");
  if (!state.tokens.revoke_refresh(t)) state.tokens.revoke_access(t);
  return Reply::empty(200);
}

// GET /oauth/v1/access-tokens/{token}: metadata with the token in the path, no auth header.
Reply v1_access_token(FakeState& state, const Request& req, const Caller*) {
  const auto t = state.tokens.access(req.captures.at("token"));
  if (!t || t->revoked) return expired_authentication(TimePoint{}, state.now());
  if (state.now() >= t->expires_at) return expired_authentication(t->expires_at, state.now());
  common::JsonWriter w;
  w.begin_object();
  write_access_info(w, state, *t, false);
  w.end_object();
  return Reply::json(200, w.take());
}

Reply v1_refresh_token(FakeState& state, const Request& req, const Caller*) {
  const auto t = state.tokens.refresh_token(req.captures.at("token"));
  if (!t || t->revoked) return not_found("refresh token not found");
  common::JsonWriter w;
  w.begin_object();
  write_refresh_info(w, state, *t, false);
  w.end_object();
  return Reply::json(200, w.take());
}

// DELETE /oauth/v1/refresh-tokens/{token}: 204; access tokens already issued stay valid.
Reply v1_delete_refresh_token(FakeState& state, const Request& req, const Caller*) {
  if (!state.tokens.revoke_refresh(req.captures.at("token"))) return not_found("refresh token not found");
  return Reply::empty(204);
}

}  // namespace

std::string token_response_json(const FakeState& state, const TokenPair& pair) {
  // The configured lifetime, not expires_at - now: the clock may tick between the two reads.
  const auto lifetime = static_cast<std::int64_t>(state.options.access_token_lifetime.count());
  common::JsonWriter w;
  w.begin_object().str("token_type", "bearer").str("access_token", pair.access.token);
  w.str("refresh_token", pair.refresh.token).num("expires_in", lifetime);
  w.num("hub_id", static_cast<std::int64_t>(state.options.hub_id)).strings("scopes", pair.access.scopes);
  w.str("token_use", "access").num("user_id", static_cast<std::int64_t>(state.options.user_id));
  w.end_object();
  return w.take();
}

void add_oauth_routes(Router& router) {
  router.add("GET", "/oauth/authorize", RouteKind::kOpen, authorize);
  router.add("GET", "/oauth/{portalId}/authorize", RouteKind::kOpen, authorize);
  for (const char* version : {"v1", "v3", "2026-03", "2026-09"})
    router.add("POST", std::string("/oauth/") + version + "/token", RouteKind::kOpen, token);
  for (const char* version : {"v3", "2026-03", "2026-09"}) {
    router.add("POST", std::string("/oauth/") + version + "/token/introspect", RouteKind::kOpen, introspect);
    router.add("POST", std::string("/oauth/") + version + "/token/revoke", RouteKind::kOpen, revoke);
  }
  router.add("GET", "/oauth/v1/access-tokens/{token}", RouteKind::kOpen, v1_access_token);
  router.add("GET", "/oauth/v1/refresh-tokens/{token}", RouteKind::kOpen, v1_refresh_token);
  router.add("DELETE", "/oauth/v1/refresh-tokens/{token}", RouteKind::kOpen, v1_delete_refresh_token);
}

}  // namespace hsd::fakes::detail
