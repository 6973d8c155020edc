#include "http_server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <chrono>

#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"

namespace hsd::engine::service {
namespace {

const char* kLogger = "service.http";

struct HttpMetrics {
  metrics::Counter& requests = metrics::Registry::global().counter(
      "hsd_http_requests_total", "HTTP requests answered, by method, route and status", {"method", "route", "status"});
  metrics::Histogram& latency = metrics::Registry::global().histogram(
      "hsd_http_request_duration_seconds", "Time to answer an HTTP request, by method and route", {"method", "route"});
};

std::string bearer_token(const std::string& header) {
  static const std::string kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return "";
  // The scheme is case-insensitive (RFC 7235).
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) return "";
  }
  return header.substr(kScheme.size());
}

// Reads at most limit bytes; false when the body is longer.
bool read_body(Poco::Net::HTTPServerRequest& request, std::int64_t limit, std::string& body) {
  std::istream& in = request.stream();
  char buffer[16384];
  while (in) {
    in.read(buffer, sizeof buffer);
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::int64_t>(body.size()) > limit) return false;
  }
  return true;
}

Error too_large(std::int64_t limit) {
  Error error = make_error(ErrorCode::invalid_argument,
                           "the request body is larger than " + std::to_string(limit) + " bytes (service.max_body_bytes)");
  error.reason = kBodyTooLarge;
  return error;
}

class ApiHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(ServiceContext& context, const Router& router, HttpMetrics& metrics)
      : context_(context), router_(router), metrics_(metrics) {}

  void handleRequest(Poco::Net::HTTPServerRequest& http_request, Poco::Net::HTTPServerResponse& http_response) override {
    const auto started = std::chrono::steady_clock::now();
    const auto& service = context_.engine.config().service;
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&http_request)) {
      impl->socket().setSendTimeout(Poco::Timespan(service.write_timeout.count() * 1000));
    }
    ApiRequest request;
    request.method = http_request.getMethod();
    request.authorization = http_request.get("Authorization", "");
    request.remote_addr = http_request.clientAddress().host().toString();
    std::string route = "unmatched";
    ApiResponse response;
    bool keep_alive = true;
    std::optional<std::int64_t> user;
    try {
      Poco::URI uri(http_request.getURI());
      // Routed on the raw path: the router decodes each segment, so an id may hold "%2F".
      const std::string& raw = http_request.getURI();
      request.path = raw.starts_with("/") ? raw.substr(0, raw.find('?')) : uri.getPath();
      for (auto& [name, value] : uri.getQueryParameters()) request.query[name] = value;
      const RouteMatch match = router_.match(request.method, request.path);
      if (!match.route) {
        response = answer_unmatched(request, match);
      } else {
        route = match.route->pattern;
        request.params = match.params;
        const auto declared = http_request.getContentLength64();
        if (declared > service.max_body_bytes || !read_body(http_request, service.max_body_bytes, request.body)) {
          keep_alive = false;  // the rest of the body is not read, so the connection cannot be reused
          response = error_response(too_large(service.max_body_bytes));
        } else {
          response = dispatch(*match.route, request, user);
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
    send(http_response, response, keep_alive);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_.requests.with({request.method, route, std::to_string(response.status)}).inc();
    metrics_.latency.with({request.method, route}).observe(seconds);
    // The path only: query strings may carry OAuth codes and states.
    log::info(kLogger, "request",
              {{"method", request.method}, {"path", request.path}, {"status", std::to_string(response.status)},
               {"ms", std::to_string(static_cast<std::int64_t>(seconds * 1000))},
               {"user", user ? std::to_string(*user) : "-"}, {"remote", request.remote_addr}});
  }

 private:
  ApiResponse answer_unmatched(const ApiRequest& request, const RouteMatch& match) {
    if (match.allowed_methods.empty()) {
      return error_response(make_error(ErrorCode::not_found, "no such endpoint: " + request.method + " " + request.path));
    }
    std::string allowed;
    for (const auto& method : match.allowed_methods) allowed += (allowed.empty() ? "" : ", ") + method;
    Error error = make_error(ErrorCode::invalid_argument, request.method + " is not allowed on " + request.path +
                                                              "; allowed: " + allowed);
    error.reason = kMalformedRequest;
    ApiResponse response = error_response(error);
    response.status = 405;
    response.headers.emplace_back("Allow", allowed);
    return response;
  }

  ApiResponse dispatch(const Route& route, ApiRequest& request, std::optional<std::int64_t>& user) {
    RequestContext ctx(context_, request);
    if (route.authenticated) {
      auto caller = authenticate(ctx.session(), bearer_token(request.authorization));
      if (!caller) return error_response(caller.error());
      ctx.caller = *caller;
      user = caller->user_id;
    }
    return route.handler(ctx);
  }

  void send(Poco::Net::HTTPServerResponse& http_response, const ApiResponse& response, bool keep_alive) {
    http_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    http_response.setKeepAlive(keep_alive && http_response.getKeepAlive());
    for (const auto& [name, value] : response.headers) http_response.set(name, value);
    http_response.set("Cache-Control", "no-store");
    if (response.status == 204) {
      http_response.setContentLength(0);
      http_response.send();
      return;
    }
    http_response.setContentType(response.content_type);
    http_response.setContentLength(static_cast<std::streamsize>(response.body.size()));
    http_response.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
  }

  ServiceContext& context_;
  const Router& router_;
  HttpMetrics& metrics_;
};

class ApiHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiHandlerFactory(ServiceContext& context, const Router& router) : context_(context), router_(router) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ApiHandler(context_, router_, metrics_);
  }

 private:
  ServiceContext& context_;
  const Router& router_;
  HttpMetrics metrics_;
};

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(ServiceContext& context, Router router) {
  const auto& config = context.engine.config().service;
  std::unique_ptr<HttpServer> server(new HttpServer);
  server->router_ = std::make_unique<Router>(std::move(router));
  const bool tls = !config.tls_cert.empty();
  try {
    Poco::Net::SocketAddress address(config.listen);
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (tls) {
      Poco::Net::initializeSSL();
      Poco::Net::Context::Ptr tls_context = new Poco::Net::Context(
          Poco::Net::Context::TLS_SERVER_USE, config.tls_key.string(), config.tls_cert.string(), "",
          Poco::Net::Context::VERIFY_NONE);
      tls_context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 256, tls_context);
    } else {
      socket = std::make_unique<Poco::Net::ServerSocket>(address, 256);
    }
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config.threads);
    params->setMaxQueued(config.threads * 64);
    params->setTimeout(Poco::Timespan(config.read_timeout.count() * 1000));
    params->setKeepAlive(true);
    params->setServerName("hsdeploy");
    const auto bound = socket->address();
    std::string host = address.host().toString();
    if (address.host().isWildcard()) host = "127.0.0.1";
    if (address.family() == Poco::Net::SocketAddress::IPv6) host = "[" + host + "]";
    server->url_ = std::string(tls ? "https://" : "http://") + host + ":" + std::to_string(bound.port());
    // Its own pool: Poco's default one stops at 16 threads whatever the params say.
    server->pool_ = std::make_unique<Poco::ThreadPool>(2, config.threads + 1);
    server->server_ = std::make_unique<Poco::Net::HTTPServer>(
        new ApiHandlerFactory(context, *server->router_), *server->pool_, *socket, params);
    server->server_->start();
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::unavailable, "cannot serve on " + config.listen + " (service.listen): " + e.displayText());
  }
  return server;
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
  if (!server_) return;
  server_->stopAll(false);
  server_.reset();
  if (pool_) pool_->joinAll();
}

}  // namespace hsd::engine::service
