#include "server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <iostream>

#include "control_handlers.hpp"
#include "git_http.hpp"
#include "oauth_handlers.hpp"

namespace hsd::fakes::github_detail {
namespace {

Request read_request(Poco::Net::HTTPServerRequest& in) {
  Request r;
  r.method = in.getMethod();
  r.target = in.getURI();
  const Poco::URI uri(r.target);
  r.path = uri.getPath();
  r.query_string = uri.getRawQuery();
  r.query = common::parse_form(r.query_string);
  for (const auto& [name, value] : in) r.headers.emplace_back(name, value);
  // Poco's request stream already decodes a chunked body (libgit2 posts chunked).
  Poco::StreamCopier::copyToString(in.stream(), r.body);
  return r;
}

void send(Poco::Net::HTTPServerResponse& out, const Reply& reply) {
  out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  // Every body gets a type: libgit2 1.5.1 misreads an untyped body on a kept-alive connection.
  if (!reply.body.empty())
    out.setContentType(reply.content_type.empty() ? "text/plain; charset=utf-8" : reply.content_type);
  for (const auto& [name, value] : reply.headers) out.add(name, value);
  if (reply.body.empty()) {
    out.setContentLength(0);
    out.send();
  } else {
    out.sendBuffer(reply.body.data(), reply.body.size());
  }
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    try {
      Request request = read_request(in);
      send(out, dispatcher_.dispatch(request));
    } catch (const std::exception& e) {
      // A bug in the fake must show up as a 500 the test sees, not as a silent hang.
      std::cerr << "hsd-fake-github: handler failed on " << in.getURI() << ": " << e.what() << '\n';
      if (!out.sent()) send(out, Reply::text(500, std::string("fake GitHub failed: ") + e.what() + "\n"));
    }
  }

 private:
  Dispatcher& dispatcher_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Dispatcher& dispatcher) : dispatcher_(dispatcher) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(dispatcher_);
  }

 private:
  Dispatcher& dispatcher_;
};

}  // namespace

Dispatcher::Dispatcher(GitHubState& state) : state_(state) {
  add_oauth_routes(web_);
  add_control_routes(control_);
}

Reply Dispatcher::dispatch(Request& request) {
  if (request.path.rfind("/__fake/", 0) == 0) {  // control: not counted
    const Route* route = control_.match(request);
    return route ? route->handler(state_, request, nullptr) : Reply::json(404, "{\"error\":\"unknown control endpoint\"}");
  }
  Reply reply;
  if (request.path == "/api/v3" || request.path.rfind("/api/v3/", 0) == 0) {
    reply = api_.handle(state_, request);
  } else if (const Route* route = web_.match(request)) {
    reply = route->handler(state_, request, nullptr);
  } else if (const auto target = git_target(request.path)) {
    reply = handle_git(state_, request, *target);
  } else {
    reply = Reply::text(404, "Not Found\n");
  }
  state_.stats.record(request, reply.status);
  return reply;
}

Server::Server(GitHubState& state, const std::string& host, std::uint16_t port, int max_threads)
    : dispatcher_(state), http_(new Factory(dispatcher_), "hsd-fake-github", host, port, max_threads) {}

}  // namespace hsd::fakes::github_detail
