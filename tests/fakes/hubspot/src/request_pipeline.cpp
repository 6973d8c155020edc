#include "request_pipeline.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <iostream>

#include "control_handlers.hpp"
#include "data_handlers.hpp"
#include "hubspot_errors.hpp"
#include "oauth_handlers.hpp"

namespace hsd::fakes::detail {
namespace {

Request read_request(Poco::Net::HTTPServerRequest& in) {
  Request r;
  r.method = in.getMethod();
  const Poco::URI uri(in.getURI());
  r.path = uri.getPath();
  r.query_string = uri.getRawQuery();
  r.query = common::parse_form(r.query_string);
  r.content_type = in.getContentType();
  r.authorization = in.get("Authorization", "");
  Poco::StreamCopier::copyToString(in.stream(), r.body);
  return r;
}

void send(Poco::Net::HTTPServerResponse& out, const Reply& reply) {
  const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status);
  // Poco has no reason phrase for Cloudflare's 530; give it the one Cloudflare sends.
  out.setStatusAndReason(status, reply.status == 530 ? std::string("Origin DNS Error")
                                                     : Poco::Net::HTTPResponse::getReasonForStatus(status));
  if (!reply.content_type.empty()) out.setContentType(reply.content_type);
  for (const auto& [name, value] : reply.headers) out.set(name, value);
  if (reply.body.empty()) {
    out.setContentLength(0);
    out.send();
  } else {
    out.sendBuffer(reply.body.data(), reply.body.size());
  }
}

// Closes the connection without an answer; linger 0 makes it a TCP reset, not a clean FIN.
void reset_connection(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
  out.setKeepAlive(false);
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
  if (!impl) return;
  try {
    impl->socket().setLinger(true, 0);
    impl->socket().close();
  } catch (const Poco::Exception& e) {
    std::cerr << "hsd-fake-hubspot: closing the socket for a reset fault failed: " << e.displayText() << '\n';
  }
}

void add_rate_headers(Reply& reply, const RateDecision& d, std::chrono::milliseconds window) {
  if (d.max > 0) {
    reply.headers.emplace_back("X-HubSpot-RateLimit-Max", std::to_string(d.max));
    reply.headers.emplace_back("X-HubSpot-RateLimit-Remaining", std::to_string(d.remaining));
    reply.headers.emplace_back("X-HubSpot-RateLimit-Interval-Milliseconds", std::to_string(window.count()));
  }
  // Daily headers are sent for private-app calls only, never for OAuth.
  if (d.daily_max > 0) {
    reply.headers.emplace_back("X-HubSpot-RateLimit-Daily", std::to_string(d.daily_max));
    reply.headers.emplace_back("X-HubSpot-RateLimit-Daily-Remaining", std::to_string(d.daily_remaining));
  }
}

}  // namespace

RequestPipeline::RequestPipeline(FakeState& state) : state_(state) {
  add_oauth_routes(api_);
  add_data_routes(api_);
  add_control_routes(control_);
}

std::variant<Caller, Reply> RequestPipeline::authenticate(const Request& request) {
  const std::string& header = request.authorization;
  if (header.size() <= 7 || Poco::icompare(header.substr(0, 7), "bearer ") != 0) return invalid_authentication();
  const std::string token = header.substr(7);
  if (auto scopes = state_.private_app_scopes(token)) return Caller{std::move(*scopes), true, "pat:" + token};
  const auto now = state_.now();
  const auto access = state_.tokens.access(token);
  if (!access || access->revoked) return expired_authentication(TimePoint{}, now);  // HubSpot: a 1970 expiry
  if (now >= access->expires_at) {
    state_.stats.expired_token();
    return expired_authentication(access->expires_at, now);
  }
  return Caller{access->scopes, false, "oauth:" + std::to_string(state_.options.hub_id)};
}

Reply RequestPipeline::run_data_route(const Route& route, Request& request) {
  auto auth = authenticate(request);
  if (auto* denied = std::get_if<Reply>(&auth)) return std::move(*denied);
  const Caller& caller = std::get<Caller>(auth);
  const RateDecision decision = state_.limiter.admit(caller.rate_key, state_.now(), caller.private_app);
  Reply reply;
  if (decision.verdict == RateDecision::Verdict::kDaily)
    reply = daily_limit();
  else if (decision.verdict == RateDecision::Verdict::kTenSecondly)
    reply = ten_secondly_rolling(state_.options.hub_id);
  else
    reply = route.handler(state_, request, &caller);
  add_rate_headers(reply, decision, state_.limiter.window());
  return reply;
}

Reply RequestPipeline::dispatch(Request& request) {
  const Route* route = api_.match(request);
  if (!route) {
    if (api_.path_known(request.path))
      return standard_error(405, "VALIDATION_ERROR", "Method " + request.method + " is not supported on this path");
    return not_found("No resource found at " + request.path);
  }
  if (route->kind == RouteKind::kData) return run_data_route(*route, request);
  return route->handler(state_, request, nullptr);
}

void RequestPipeline::handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) {
  Request request = read_request(in);
  if (request.path.rfind("/__fake/", 0) == 0) {
    const Route* route = control_.match(request);
    send(out, route ? route->handler(state_, request, nullptr) : not_found("unknown control endpoint " + request.path));
    return;
  }
  state_.stats.request(request.path);
  if (!state_.gates.pass(request.path, request.authorization)) {
    reset_connection(in, out);  // the server is stopping
    return;
  }

  if (state_.options.latency.count() > 0 && !state_.wait_or_stop(state_.options.latency)) {
    reset_connection(in, out);  // the server is stopping
    return;
  }

  bool truncate = false;
  if (const auto fault = state_.faults.take(request.path)) {
    state_.stats.fault();
    switch (fault->kind) {
      case FaultKind::kReset:
        state_.stats.status(0);
        reset_connection(in, out);
        return;
      case FaultKind::kStatus: {
        const Reply reply = server_error(fault->status);
        state_.stats.status(reply.status);
        send(out, reply);
        return;
      }
      case FaultKind::kSlow:
        if (!state_.wait_or_stop(fault->delay)) {
          reset_connection(in, out);  // the server is stopping
          return;
        }
        break;
      case FaultKind::kMalformed:
        truncate = true;
        break;
    }
  }

  Reply reply = dispatch(request);
  if (truncate) {
    reply.status = 200;
    reply.content_type = "application/json;charset=utf-8";
    if (reply.body.size() < 2) reply.body = "{\"results\":[{\"id\":";
    reply.body.resize(reply.body.size() / 2);
  }
  state_.stats.status(reply.status);
  send(out, reply);
}

namespace {

class PipelineHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PipelineHandler(RequestPipeline& pipeline) : pipeline_(pipeline) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    try {
      pipeline_.handle(request, response);
    } catch (const std::exception& e) {
      // A bug in the fake must show up as a 500 the test sees, not as a silent hang.
      std::cerr << "hsd-fake-hubspot: handler failed on " << request.getURI() << ": " << e.what() << '\n';
      if (!response.sent()) {
        response.setStatus(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
        response.setContentLength(0);
        response.send();
      }
    }
  }

 private:
  RequestPipeline& pipeline_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* PipelineHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new PipelineHandler(pipeline_);
}

}  // namespace hsd::fakes::detail
