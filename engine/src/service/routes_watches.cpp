// Drift watches: list and show (members), create, remove and run now (admin or owner).
#include <Poco/JSON/Array.h>

#include "domain/access.hpp"
#include "domain/comparison_sides.hpp"
#include "domain/drift_watches.hpp"
#include "domain/job_queue.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

// The watch the caller may act on with at least `needed`; another workspace's is 404.
Result<JsonObject> watch_for(RequestContext& ctx, Role needed, const std::string& what) {
  auto id = path_id(ctx.request, "id", "watch");
  if (!id) return id.error();
  auto row = find_watch(ctx.session(), *id);
  if (!row) return row.error();
  auto access = require_role(ctx.session(), ctx.user(), (*row)->getValue<std::int64_t>("workspace_id"), needed, what);
  if (!access) return access.error();
  return row;
}

ApiResponse list_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), *ws));
  HSD_API_TRY(rows, list_watches(ctx.session(), *ws));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& row : *rows) {
    HSD_API_TRY(view, watch_view(ctx.session(), ctx.service.engine, row));
    array->add(*view);
  }
  return json_response(200, array);
}

// {"connection": ID, "against": SIDE, "types"?: [T]}
ApiResponse create_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::admin, "manage watches"));
  HSD_API_TRY(body, parse_object_body(ctx.request.body));
  for (const auto& [name, value] : **body) {
    if (name != "connection" && name != "against" && name != "types") {
      return error_response(field_error(name, "unknown field; allowed: connection, against, types"));
    }
  }
  WatchRequest request;
  request.workspace_id = *ws;
  request.actor = ctx.actor();
  if (!(*body)->has("connection")) return error_response(field_error("connection", "is required"));
  const auto connection = (*body)->get("connection");
  if (!connection.isInteger() || connection.type() == typeid(bool) || connection.convert<std::int64_t>() < 1) {
    return error_response(field_error("connection", "must be a connection id (a positive integer)"));
  }
  request.connection_id = connection.convert<std::int64_t>();
  if (!(*body)->has("against")) {
    return error_response(field_error("against", "is required: {\"backup\": ID} or {\"connection\": ID}"));
  }
  auto against = side_from_json((*body)->get("against"), "against");
  if (!against) return error_response(against.error());
  request.against = *against;
  if ((*body)->has("types")) {
    if (!is_string_array((*body)->get("types"))) return error_response(field_error("types", "must be an array of strings"));
    request.types = string_list(*body, "types");
    if (request.types.empty()) {
      return error_response(field_error("types", "give at least one type, or leave types out for all"));
    }
  }
  HSD_API_TRY(view, create_watch(ctx.session(), ctx.service.engine, request));
  return json_response(201, *view);
}

ApiResponse show_route(RequestContext& ctx) {
  HSD_API_TRY(row, watch_for(ctx, Role::member, "read watches"));
  HSD_API_TRY(view, watch_view(ctx.session(), ctx.service.engine, *row));
  return json_response(200, *view);
}

ApiResponse delete_route(RequestContext& ctx) {
  HSD_API_TRY(row, watch_for(ctx, Role::admin, "manage watches"));
  auto removed = remove_watch(ctx.session(), *row, ctx.actor());
  if (!removed) return error_response(removed.error());
  return no_content();
}

ApiResponse run_route(RequestContext& ctx) {
  HSD_API_TRY(row, watch_for(ctx, Role::admin, "manage watches"));
  auto run = run_watch(ctx.session(), ctx.service.engine, *row, ctx.actor());
  // The watch was valid when made; a side that no longer resolves is a conflict with its
  // current state, not bad input in this (empty) request.
  if (!run) {
    Error error = run.error();
    if (error.code == ErrorCode::invalid_argument || error.code == ErrorCode::not_found) {
      error = make_error(ErrorCode::conflict, error.message);
    }
    return error_response(error);
  }
  ctx.service.workers.wake();
  Poco::JSON::Object::Ptr answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  answer->set("comparison", run->comparison);
  answer->set("job", job_view(run->enqueued.job));
  return json_response(202, answer);
}

}  // namespace

void add_watch_routes(Router& router) {
  router.add("GET", "/api/v1/workspaces/{ws}/watches", list_route);
  router.add("POST", "/api/v1/workspaces/{ws}/watches", create_route);
  router.add("GET", "/api/v1/watches/{id}", show_route);
  router.add("DELETE", "/api/v1/watches/{id}", delete_route);
  router.add("POST", "/api/v1/watches/{id}/run", run_route);
}

}  // namespace hsd::engine::service
