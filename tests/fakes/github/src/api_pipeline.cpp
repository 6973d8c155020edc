#include "api_pipeline.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include "access.hpp"
#include "api_handlers.hpp"
#include "github_errors.hpp"
#include "oauth_handlers.hpp"

namespace hsd::fakes::github_detail {
namespace {

std::string bearer_token(const std::string& authorization) {
  for (const char* scheme : {"bearer ", "token "}) {
    const std::size_t n = std::char_traits<char>::length(scheme);
    if (authorization.size() > n && Poco::icompare(authorization.substr(0, n), scheme) == 0)
      return Poco::trim(authorization.substr(n));
  }
  return "";
}

// Unauthenticated calls get the anonymous budget's headers, as GitHub sends them on a 401.
void add_anonymous_rate_headers(Reply& reply, TimePoint now) {
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>((now + std::chrono::hours(1)).time_since_epoch());
  reply.headers.emplace_back("x-ratelimit-limit", "60");
  reply.headers.emplace_back("x-ratelimit-remaining", "59");
  reply.headers.emplace_back("x-ratelimit-used", "1");
  reply.headers.emplace_back("x-ratelimit-reset", std::to_string(reset.count()));
  reply.headers.emplace_back("x-ratelimit-resource", "core");
}

std::string weak_etag(const std::string& body) {
  Poco::SHA1Engine sha1;
  sha1.update(body);
  return "W/\"" + Poco::DigestEngine::digestToHex(sha1.digest()) + "\"";
}

/** Adds the ETag to a 200 GET; turns it into a bodiless 304 when If-None-Match names it. */
bool apply_etag(Reply& reply, const Request& request) {
  if (request.method != "GET" || reply.status != 200) return false;
  const std::string etag = weak_etag(reply.body);
  reply.headers.emplace_back("ETag", etag);
  const std::string wanted = request.header("If-None-Match");
  const std::string strong = etag.substr(2);
  if (wanted.empty() || (wanted.find(etag) == std::string::npos && wanted.find(strong) == std::string::npos))
    return false;
  reply.status = 304;
  reply.body.clear();
  reply.content_type.clear();
  return true;
}

}  // namespace

ApiPipeline::ApiPipeline() {
  add_user_routes(token_routes_);
  add_repo_routes(token_routes_);
  add_listing_routes(token_routes_);
  basic_routes_.add("DELETE", "/api/v3/applications/{client_id}/token", revoke_app_token);
}

Reply ApiPipeline::handle(GitHubState& state, Request& request) const {
  if (Poco::trim(request.header("User-Agent")).empty()) return missing_user_agent();
  std::lock_guard lock(state.mutex);
  const TimePoint now = state.now();
  if (const Route* route = basic_routes_.match(request)) return route->handler(state, request, nullptr);

  const std::string value = bearer_token(request.header("Authorization"));
  Token* token = value.empty() ? nullptr : state.valid_token(value);
  User* user = token ? state.find_user(token->login) : nullptr;
  if (!user) {
    Reply reply = value.empty() ? requires_authentication() : bad_credentials();
    add_anonymous_rate_headers(reply, now);
    return reply;
  }
  const Caller caller{token, user};
  const std::string budget_key = "user:" + std::to_string(user->id);
  Reply reply;
  if (auto limited = state.limiter.admit(budget_key, user->id, now)) {
    reply = std::move(*limited);
  } else {
    const Route* route = token_routes_.match(request);
    reply = route ? route->handler(state, request, &caller) : not_found();
    const bool not_modified = apply_etag(reply, request);
    state.limiter.finish(reply, budget_key, now, !not_modified);  // a 304 costs nothing
  }
  if (token->scoped()) reply.headers.emplace_back("X-OAuth-Scopes", join(token->scopes, ", "));
  reply.headers.emplace_back("X-GitHub-Media-Type", "github.v3; format=json");
  return reply;
}

}  // namespace hsd::fakes::github_detail
