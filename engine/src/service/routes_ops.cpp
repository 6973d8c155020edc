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

// The database part of readiness: a session opens, the storage answers a query and its
// schema_status, and the schema is one this engine knows (not migrated past it by a newer
// engine, whose jobs this one has stopped claiming). reason says what is wrong, else empty.
JsonObject database_readiness(RequestContext& ctx, std::string& reason) {
  JsonObject database = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::Dynamic::Var version, supported;
  try {
    Session& session = ctx.session();
    Query probe;
    probe.limit = 1;
    auto answered = session.find("workspaces", probe);
    auto schema = answered ? session.schema_status() : Result<SchemaStatus>(answered.error());
    if (!schema) {
      reason = "the database does not answer: " + schema.error().message;
    } else if (schema->known) {
      version = schema->version;
      supported = schema->supported;
      if (schema->newer()) {
        reason = "the database schema is at version " + std::to_string(schema->version) + ", newer than this engine (" +
                 std::to_string(schema->supported) + "): another engine has migrated it; upgrade this engine";
      }
    }
  } catch (const StorageUnavailable& e) {
    reason = std::string("the database cannot be reached: ") + e.what();
  }
  if (reason.empty()) {
    if (auto stopped = ctx.service.workers.claims_stopped()) reason = *stopped;
  }
  database->set("ok", reason.empty());
  database->set("schema_version", version);
  database->set("supported", supported);
  if (!reason.empty()) database->set("reason", reason);
  return database;
}

// Ready when the database answers with a schema this engine knows and at least one plugin that
// makes connections is loaded.
ApiResponse readyz(RequestContext& ctx) {
  JsonObject body = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  std::string reason;
  JsonObject database = database_readiness(ctx, reason);
  body->set("storage", reason.empty() ? std::string("ok") : reason);
  body->set("database", database);
  Poco::JSON::Array::Ptr plugins = new Poco::JSON::Array;
  bool can_connect = false;
  for (const Plugin* plugin : ctx.service.engine.plugins().plugins()) {
    plugins->add(plugin->id());
    can_connect = can_connect || plugin->kind() == "source" || plugin->kind() == "vcs_target";
  }
  body->set("plugins", plugins);
  const bool ready = reason.empty() && can_connect;
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
