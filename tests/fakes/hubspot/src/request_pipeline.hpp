// What every request goes through, in HubSpot's order: control endpoints bypass everything;
// otherwise count it, apply an injected fault, route, and for data calls authenticate the
// bearer token, apply the rate limit (adding the X-HubSpot-RateLimit-* headers), then run
// the handler, whose scope checks answer MISSING_SCOPES.
#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <variant>

#include "fake_state.hpp"
#include "router.hpp"

namespace hsd::fakes::detail {

class RequestPipeline {
 public:
  explicit RequestPipeline(FakeState& state);
  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);

 private:
  /** The Caller for a data call, or the 401 reply. */
  std::variant<Caller, Reply> authenticate(const Request& request);
  Reply dispatch(Request& request);
  Reply run_data_route(const Route& route, Request& request);

  FakeState& state_;
  Router api_;
  Router control_;
};

class PipelineHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PipelineHandlerFactory(RequestPipeline& pipeline) : pipeline_(pipeline) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  RequestPipeline& pipeline_;
};

}  // namespace hsd::fakes::detail
