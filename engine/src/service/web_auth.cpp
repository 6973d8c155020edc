#include "web_auth.hpp"

#include <Poco/URI.h>

#include <cctype>

#include "domain/secret_tokens.hpp"
#include "service_context.hpp"

namespace hsd::engine::service {
namespace {

std::string bearer_token(const std::string& header) {
  static const std::string kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return "";
  // The scheme is case-insensitive (RFC 7235).
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) return "";
  }
  return header.substr(kScheme.size());
}

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_secure(const std::string& public_url) { return lower(public_url).starts_with("https:"); }

const std::string& public_url(const RequestContext& ctx) { return ctx.service.engine.config().service.public_url; }

// The Origin header must be service.public_url's origin; an absent one passes unless required.
Status check_origin(const RequestContext& ctx, bool required) {
  const std::string origin = ctx.request.header("origin");
  if (origin.empty()) {
    if (required) return csrf_refused("the request carried no Origin header");
    return {};
  }
  if (lower(origin) != origin_of(public_url(ctx))) return csrf_refused("the request came from another origin (" + origin + ")");
  return {};
}

}  // namespace

std::string origin_of(const std::string& url) {
  try {
    const Poco::URI uri(url);
    const std::string scheme = lower(uri.getScheme());
    if ((scheme != "http" && scheme != "https") || uri.getHost().empty()) return "";
    std::string origin = scheme + "://" + lower(uri.getHost());
    const bool default_port = (scheme == "http" && uri.getPort() == 80) || (scheme == "https" && uri.getPort() == 443);
    if (!default_port) origin += ":" + std::to_string(uri.getPort());
    return origin;
  } catch (const Poco::Exception&) {
    return "";
  }
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    const std::string_view pair = trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == name) {
      std::string_view value = trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
  }
  return "";
}

std::string session_cookie(const std::string& token, const std::string& url) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (is_secure(url) ? "; Secure" : "");
}

std::string cleared_session_cookie(const std::string& url) {
  return std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (is_secure(url) ? "; Secure" : "");
}

SessionTimes session_times(const RequestContext& ctx) {
  const auto& service = ctx.service.engine.config().service;
  return SessionTimes{service.session_idle_timeout.count(), service.session_lifetime.count()};
}

Error csrf_refused(const std::string& why) {
  Error error = make_error(ErrorCode::permission_denied,
                           why + "; requests made with the sign-in cookie must come from this service's own pages "
                                 "(reload the page and try again)");
  error.details_json = R"({"reason":"csrf"})";
  return error;
}

Status check_origin_if_present(const RequestContext& ctx) { return check_origin(ctx, false); }

Result<Caller> authenticate_request(RequestContext& ctx) {
  const ApiRequest& request = ctx.request;
  const std::string cookie = request.header("cookie");
  if (!request.authorization.empty() || cookie.find(kSessionCookie) == std::string::npos) {
    return authenticate(ctx.session(), bearer_token(request.authorization));
  }
  const std::string token = cookie_value(cookie, kSessionCookie);
  auto row = authenticate_web_session(ctx.session(), token, session_times(ctx), now_ms());
  if (!row) return row.error();
  if (request.method != "GET" && request.method != "HEAD") {
    HSD_TRY(check_origin(ctx, true));
    if (!constant_time_equal(request.header("x-csrf-token"), (*row)->getValue<std::string>("csrf_token"))) {
      return csrf_refused("the request's X-CSRF-Token header is missing or wrong");
    }
  }
  Caller caller;
  caller.user_id = (*row)->getValue<std::int64_t>("user_id");
  caller.session_id = (*row)->getValue<std::int64_t>("id");
  return caller;
}

}  // namespace hsd::engine::service
