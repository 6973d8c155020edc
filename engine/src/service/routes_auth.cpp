// Browser sign-in (web_auth.hpp has the cookie and CSRF rules):
//   POST /api/v1/auth/sign-in        {email, password} -> the user, the CSRF token and the cookie
//   POST /api/v1/auth/sign-out       ends the cookie's session and clears the cookie
//   GET  /api/v1/auth/session        the signed-in user, the CSRF token and when the session ends
//   POST /api/v1/auth/password-link  {token} -> whose one-time link it is, while it is usable
//   POST /api/v1/auth/set-password   {token, password} -> spends the link, signs in
//   POST /api/v1/workspaces/{ws}/members/{user_id}/password-link  (owner) a new link for a
//        member who has never set a password
#include "domain/hash_gate.hpp"
#include "domain/members.hpp"
#include "domain/password_hash.hpp"
#include "domain/password_links.hpp"
#include "domain/access.hpp"
#include "domain/sign_in.hpp"
#include "request_body.hpp"
#include "routes.hpp"
#include "web_auth.hpp"

namespace hsd::engine::service {
namespace {

const std::string& public_url(const RequestContext& ctx) { return ctx.service.engine.config().service.public_url; }

JsonObject session_user(const JsonObject& user) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", user->get("id"));
  view->set("email", user->get("email"));
  view->set("name", user->get("name"));
  return view;
}

// 200 {"user", "csrf_token"} with the session cookie: the answer of sign-in and set-password.
ApiResponse signed_in(const RequestContext& ctx, const JsonObject& user, const IssuedSession& session) {
  JsonObject body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("user", session_user(user));
  body->set("csrf_token", session.row->get("csrf_token"));
  ApiResponse response = json_response(200, body);
  response.headers.emplace_back("Set-Cookie", session_cookie(session.token, public_url(ctx)));
  return response;
}

ApiResponse sign_in_route(RequestContext& ctx) {
  if (auto origin = check_origin_if_present(ctx); !origin) return error_response(origin.error());
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"email", FieldType::string, true}, {"password", FieldType::string, true}}));
  HSD_API_TRY(done, sign_in(ctx.session(), ctx.service.password_hashing, (*body)->getValue<std::string>("email"),
                            (*body)->getValue<std::string>("password"), ctx.actor(), session_times(ctx)));
  return signed_in(ctx, done->user, done->session);
}

ApiResponse sign_out_route(RequestContext& ctx) {
  if (const auto& id = ctx.user().session_id) {
    auto revoked = revoke_web_session(ctx.session(), *id, now_ms());
    if (!revoked) return error_response(revoked.error());
    audit(ctx.session(), std::nullopt, ctx.actor(), "auth.sign_out", "user", std::to_string(ctx.user().user_id),
          R"({"session":)" + std::to_string(*id) + "}");
  }
  ApiResponse response = no_content();
  response.headers.emplace_back("Set-Cookie", cleared_session_cookie(public_url(ctx)));
  return response;
}

ApiResponse session_route(RequestContext& ctx) {
  const auto& id = ctx.user().session_id;
  if (!id) {
    return error_response(make_error(ErrorCode::unauthenticated,
                                     "this request carried an API token, not a browser session; sign in to get one"));
  }
  HSD_API_TRY(row, ctx.session().get("web_sessions", *id));
  HSD_API_TRY(user, ctx.session().get("users", ctx.user().user_id));
  JsonObject body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  body->set("user", session_user(*user));
  body->set("csrf_token", (*row)->get("csrf_token"));
  body->set("expires_at", iso8601(web_session_ends_at(*row, session_times(ctx))));
  return json_response(200, body);
}

ApiResponse password_link_route(RequestContext& ctx) {
  if (auto origin = check_origin_if_present(ctx); !origin) return error_response(origin.error());
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"token", FieldType::string, true}}));
  HSD_API_TRY(link, usable_password_link(ctx.session(), (*body)->getValue<std::string>("token"), now_ms()));
  HSD_API_TRY(user, ctx.session().get("users", (*link)->getValue<std::int64_t>("user_id")));
  JsonObject answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  answer->set("email", (*user)->get("email"));
  answer->set("expires_at", time_or_null(*link, "expires_at"));
  return json_response(200, answer);
}

ApiResponse set_password_route(RequestContext& ctx) {
  if (auto origin = check_origin_if_present(ctx); !origin) return error_response(origin.error());
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"token", FieldType::string, true}, {"password", FieldType::string, true}}));
  const auto token = (*body)->getValue<std::string>("token");
  const auto password = (*body)->getValue<std::string>("password");
  // The link is checked before any hashing, so a bad link costs no scrypt work.
  HSD_API_TRY(link, usable_password_link(ctx.session(), token, now_ms()));
  HSD_API_TRY(user, ctx.session().get("users", (*link)->getValue<std::int64_t>("user_id")));
  if (auto rules = check_new_password(password, (*user)->getValue<std::string>("email")); !rules) {
    return error_response(rules.error());
  }
  std::string hash;
  {
    auto turn = ctx.service.password_hashing.enter();
    if (!turn) {
      return error_response(retry_later(ErrorCode::unavailable, "too many passwords are being checked at once; try again in a moment",
                                        ctx.service.password_hashing.retry_after_seconds() * 1000));
    }
    hash = hash_password(password);
  }
  HSD_API_TRY(updated, redeem_password_link(ctx.session(), token, hash, ctx.actor(), now_ms()));
  HSD_API_TRY(session, create_web_session(ctx.session(), (*updated)->getValue<std::int64_t>("id"), ctx.request.remote_addr,
                                          session_times(ctx), now_ms()));
  return signed_in(ctx, *updated, *session);
}

ApiResponse member_link_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::owner, "issue password links"));
  HSD_API_TRY(user_id, path_id(ctx.request, "user_id", "member"));
  HSD_API_TRY(link, issue_member_link(ctx.session(), *ws, *user_id, public_url(ctx), ctx.actor(), now_ms()));
  return json_response(201, link_view(*link));
}

}  // namespace

void add_auth_routes(Router& router) {
  router.add("POST", "/api/v1/auth/sign-in", sign_in_route, false);
  router.add("POST", "/api/v1/auth/sign-out", sign_out_route);
  router.add("GET", "/api/v1/auth/session", session_route);
  router.add("POST", "/api/v1/auth/password-link", password_link_route, false);
  router.add("POST", "/api/v1/auth/set-password", set_password_route, false);
  router.add("POST", "/api/v1/workspaces/{ws}/members/{user_id}/password-link", member_link_route);
}

}  // namespace hsd::engine::service
