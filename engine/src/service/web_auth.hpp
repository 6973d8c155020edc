// Who sent a request, and whether a browser may have been tricked into sending it.
//  - `Authorization: Bearer` is an API token, checked as always, with no CSRF check (a browser
//    never adds that header on its own).
//  - Otherwise the hsd_session cookie is a browser session. A cookie-authenticated request
//    whose method is not GET or HEAD must carry `Origin` equal to the origin of
//    service.public_url AND `X-CSRF-Token` equal to the session's token, or it answers 403
//    with details.reason "csrf" before anything runs. SameSite=Lax alone does not cover two
//    ports of one host (they are the same site), nor a form posting text/plain JSON; the
//    token does, and the Origin check stops a page of another origin even if it learnt it.
#pragma once

#include <string>
#include <string_view>

#include "api.hpp"
#include "domain/identity.hpp"
#include "domain/web_sessions.hpp"

namespace hsd::engine::service {

class RequestContext;

inline constexpr const char* kSessionCookie = "hsd_session";

// scheme://host[:port] of a URL, lower-cased, the scheme's default port left out (as browsers
// send Origin); "" when url is not an http(s) URL.
std::string origin_of(const std::string& url);

// The value of cookie `name` in a Cookie header ("" when absent).
std::string cookie_value(std::string_view header, std::string_view name);

// Set-Cookie values: the session cookie (Path=/; HttpOnly; SameSite=Lax; Secure when public_url
// is https; no Max-Age, so the browser drops it when it closes), and its removal (Max-Age=0).
std::string session_cookie(const std::string& token, const std::string& public_url);
std::string cleared_session_cookie(const std::string& public_url);

// The session times from service.session_idle_timeout and service.session_lifetime.
SessionTimes session_times(const RequestContext& ctx);

// The caller of an authenticated route, by bearer token or session cookie (with the CSRF check
// above for cookie requests that change something).
Result<Caller> authenticate_request(RequestContext& ctx);

// For routes anyone may call that start or change a sign-in (sign-in, set-password): an Origin
// header, when present, must be the service's own (403 reason csrf), so another site cannot
// sign a browser in to an account of its choosing.
Status check_origin_if_present(const RequestContext& ctx);

// 403 permission_denied with details {"reason": "csrf"}.
Error csrf_refused(const std::string& why);

}  // namespace hsd::engine::service
