// Liveness, readiness, metrics and the OpenAPI document for operators, orchestrators and
// client generators; no token needed.
#include <Poco/JSON/Array.h>

#include "hsd/engine/metrics.hpp"
#include "openapi_document.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

ApiResponse healthz(RequestContext&) {
  JsonObject body = new Poco::JSON::Object;
  body->set("status", std::string("ok"));
  return json_response(200, body);
}

// Ready when storage answers a query and at least one plugin that makes connections is loaded.
ApiResponse readyz(RequestContext& ctx) {
  JsonObject body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Query probe;
  probe.limit = 1;
  auto storage = ctx.session().find("workspaces", probe);
  body->set("storage", storage ? std::string("ok") : storage.error().message);
  Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
  bool can_connect = false;
  for (const Plugin* plugin : ctx.service.engine.plugins().plugins()) {
    plugins->add(plugin->id());
    can_connect = can_connect || plugin->kind() == "source" || plugin->kind() == "vcs_target";
  }
  body->set("plugins", plugins);
  const bool ready = storage.ok() && can_connect;
  body->set("status", std::string(ready ? "ready" : "not ready"));
  return json_response(ready ? 200 : 503, body);
}

ApiResponse metrics(RequestContext&) {
  ApiResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics::Registry::global().render();
  return response;
}

// The document built into the binary (engine/src/service/openapi.json), byte for byte.
ApiResponse openapi(RequestContext&) {
  ApiResponse response;
  response.body = std::string(embedded::openapi_json());
  return response;
}

}  // namespace

void add_ops_routes(Router& router) {
  router.add("GET", "/healthz", healthz, false);
  router.add("GET", "/readyz", readyz, false);
  router.add("GET", "/metrics", metrics, false);
  router.add("GET", "/api/v1/openapi.json", openapi, false);
}

Router api_router() {
  Router router;
  add_ops_routes(router);
  add_workspace_routes(router);
  add_connection_routes(router);
  add_metadata_routes(router);
  add_oauth_routes(router);
  add_repository_routes(router);
  add_auth_routes(router);
  add_comparison_routes(router);
  add_watch_routes(router);
  return router;
}

}  // namespace hsd::engine::service
