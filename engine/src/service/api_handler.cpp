#include "api_handler.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cctype>
#include <chrono>

#include "answer_headers.hpp"
#include "domain/identity.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"
#include "web_auth.hpp"

namespace hsd::engine::service {
namespace {

const char* kLogger = "service.http";

struct HttpMetrics {
  metrics::Counter& requests = metrics::Registry::global().counter(
      "hsd_http_requests_total", "HTTP requests answered, by method, route and status", {"method", "route", "status"});
  metrics::Histogram& latency = metrics::Registry::global().histogram(
      "hsd_http_request_duration_seconds", "Time to answer an HTTP request, by method and route", {"method", "route"});
};

HttpMetrics& http_metrics() {
  static HttpMetrics metrics;
  return metrics;
}

ApiResponse answer_unmatched(const ApiRequest& request, const RouteMatch& match) {
  if (match.allowed_methods.empty()) {
    return error_response(make_error(ErrorCode::not_found, "no such endpoint: " + request.method + " " + request.path));
  }
  std::string allowed;
  for (const auto& method : match.allowed_methods) allowed += (allowed.empty() ? "" : ", ") + method;
  Error error =
      make_error(ErrorCode::invalid_argument, request.method + " is not allowed on " + request.path + "; allowed: " + allowed);
  error.reason = kMalformedRequest;
  ApiResponse response = error_response(error);
  response.status = 405;
  response.headers.emplace_back("Allow", allowed);
  return response;
}

ApiResponse dispatch(ServiceContext& context, const Route& route, ApiRequest& request, std::optional<std::int64_t>& user) {
  RequestContext ctx(context, request);
  if (route.authenticated) {
    auto caller = authenticate_request(ctx);
    if (!caller) return error_response(caller.error());
    ctx.caller = *caller;
    user = caller->user_id;
  }
  return route.handler(ctx);
}

void record(const std::string& method, const std::string& route, const std::string& path, int status,
            std::chrono::steady_clock::time_point started, const std::optional<std::int64_t>& user,
            const std::string& remote) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  http_metrics().requests.with({method, route, std::to_string(status)}).inc();
  http_metrics().latency.with({method, route}).observe(seconds);
  // The path only: query strings may carry OAuth codes and states.
  log::info(kLogger, "request",
            {{"method", method}, {"path", path}, {"status", std::to_string(status)},
             {"ms", std::to_string(static_cast<std::int64_t>(seconds * 1000))}, {"user", user ? std::to_string(*user) : "-"},
             {"remote", remote}});
}

}  // namespace

Error body_too_large(std::int64_t limit) {
  Error error = make_error(ErrorCode::invalid_argument,
                           "the request body is larger than " + std::to_string(limit) + " bytes (service.max_body_bytes)");
  error.reason = kBodyTooLarge;
  return error;
}

ApiHandler::ApiHandler(ServiceContext& context, const Router& router)
    : context_(context), router_(router),
      static_files_(context.engine.config().service.web_dir, context.engine.config().service.web_source_maps) {}

ApiResponse ApiHandler::serve_ui(IncomingRequest& incoming) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string path = incoming.target.substr(0, incoming.target.find('?'));
  auto found = incoming.headers.find("if-none-match");
  ApiResponse response =
      static_files_.answer(incoming.method, path, found == incoming.headers.end() ? "" : found->second);
  add_security_headers(response);
  record(incoming.method, "web", path, response.status, started, std::nullopt, incoming.remote_addr);
  return response;
}

ApiResponse ApiHandler::handle(IncomingRequest& incoming, const std::optional<Error>& refused) const {
  if (StaticFiles::serves(incoming.target.substr(0, incoming.target.find('?')))) return serve_ui(incoming);
  const auto started = std::chrono::steady_clock::now();
  ApiRequest request;
  request.method = std::move(incoming.method);
  request.authorization = std::move(incoming.authorization);
  request.remote_addr = std::move(incoming.remote_addr);
  request.headers = std::move(incoming.headers);
  std::string route = "unmatched";
  ApiResponse response;
  std::optional<std::int64_t> user;
  try {
    Poco::URI uri(incoming.target);
    // Routed on the raw path: the router decodes each segment, so an id may hold "%2F".
    const std::string& raw = incoming.target;
    request.path = raw.starts_with("/") ? raw.substr(0, raw.find('?')) : uri.getPath();
    for (auto& [name, value] : uri.getQueryParameters()) request.query[name] = value;
    const RouteMatch match = router_.match(request.method, request.path);
    if (!match.route) {
      response = answer_unmatched(request, match);
    } else {
      route = match.route->pattern;
      request.params = match.params;
      if (refused) {
        response = error_response(*refused);
      } else {
        request.body = std::move(incoming.body);
        response = dispatch(context_, *match.route, request, user);
      }
    }
  } catch (const Poco::SyntaxException& e) {
    Error error = make_error(ErrorCode::invalid_argument, "the request URI is malformed: " + e.message());
    error.reason = kMalformedRequest;
    response = error_response(error);
  } catch (const StorageUnavailable& e) {
    log::error(kLogger, std::string("storage unavailable: ") + e.what());
    response = error_response(make_error(ErrorCode::unavailable, "storage is unavailable; try again shortly"));
  } catch (const std::exception& e) {
    log::error(kLogger, std::string("request failed: ") + e.what(), {{"route", route}});
    response = error_response(make_error(ErrorCode::internal, e.what()));
  }
  add_validators(request, request.header("if-none-match"), response);
  add_security_headers(response);
  record(request.method, route, request.path, response.status, started, user, request.remote_addr);
  return response;
}

ApiResponse ApiHandler::reject(const std::string& remote_addr, int status, const std::string& message) const {
  const auto started = std::chrono::steady_clock::now();
  Error error = make_error(ErrorCode::invalid_argument, message);
  error.reason = kMalformedRequest;
  ApiResponse response = error_response(error);
  response.status = status;
  add_security_headers(response);
  record("-", "unparsed", "-", status, started, std::nullopt, remote_addr);
  return response;
}

}  // namespace hsd::engine::service
