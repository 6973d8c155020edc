// Connections (list, create from the plugin's declared parameters, show, rename, delete), queued
// retrievals, jobs, and the plugins that make connections.
#include <Poco/JSON/Array.h>

#include <algorithm>

#include "domain/access.hpp"
#include "domain/connect_params.hpp"
#include "domain/connecting.hpp"
#include "domain/connection_removal.hpp"
#include "domain/connection_views.hpp"
#include "domain/connections.hpp"
#include "domain/deletion_impact.hpp"
#include "domain/job_queue.hpp"
#include "domain/plugin_view.hpp"
#include "domain/scheduler.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

Result<Enqueued> queue_retrieval(RequestContext& ctx, const JsonObject& row, const std::string& params_json) {
  JobRequest job;
  job.workspace_id = row->getValue<std::int64_t>("workspace_id");
  job.connection_id = row->getValue<std::int64_t>("id");
  job.pipeline = "retrieve";
  job.params_json = params_json;
  auto enqueued = enqueue_job(ctx.session(), job, ctx.actor());
  if (enqueued) ctx.service.workers.wake();
  return enqueued;
}

ApiResponse list_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), *ws));
  HSD_API_TRY(rows, list_connections(ctx.session(), *ws));
  HSD_API_TRY(views, connections_with_queue(ctx.session(), *rows));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& view : *views) array->add(view);
  return json_response(200, array);
}

ApiResponse create_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::admin, "create connections"));
  HSD_API_TRY(body, parse_object_body(ctx.request.body));
  // `plugin` and `label` are the engine's; every other field is one of the plugin's declared
  // connect parameters.
  if (!(*body)->has("plugin")) return error_response(field_error("plugin", "is required"));
  if (!(*body)->get("plugin").isString()) return error_response(field_error("plugin", "must be a string"));
  const auto plugin_id = (*body)->getValue<std::string>("plugin");
  Plugin* plugin = ctx.service.engine.plugins().find(plugin_id);
  const ActionInfo* connect = plugin ? plugin->find_action("connect") : nullptr;
  if (!connect || (plugin->kind() != "source" && plugin->kind() != "vcs_target")) {
    std::string known;
    for (const auto& id : ctx.service.engine.catalog().connection_plugin_ids()) known += (known.empty() ? "" : ", ") + id;
    return error_response(field_error("plugin", "no plugin '" + plugin_id + "' that can connect; allowed: " + known));
  }
  std::string label;
  if ((*body)->has("label")) {
    if (!(*body)->get("label").isString()) return error_response(field_error("label", "must be a string"));
    label = (*body)->getValue<std::string>("label");
    if (is_blank(label)) return error_response(field_error("label", "must not be blank"));
  }
  JsonObject given = new Poco::JSON::Object;
  for (const auto& [name, value] : **body) {
    if (name != "plugin" && name != "label") given->set(name, value);
  }
  HSD_API_TRY(params, check_direct_connect(*plugin, *connect, given));
  if (connect->find_param("label") && !label.empty()) (*params)->set("label", label);
  ConnectRequest request{plugin_id, *ws, label, stringify(*params), ctx.actor()};
  auto row = connect_connection(ctx.service.engine, ctx.service.credentials, request);
  if (!row) {
    // The provider (or the plugin) refused the credentials or their form: that is about the
    // body's fields (the first secret one given), not the API token.
    const auto code = row.error().code;
    const bool refused_value = code == ErrorCode::invalid_argument && row.error().details_json.empty();
    if (code == ErrorCode::unauthenticated || code == ErrorCode::permission_denied || refused_value) {
      std::string field = "plugin";
      for (const ParamInfo* param : direct_connect_params(*connect)) {
        if ((*params)->has(param->name) && (field == "plugin" || param->secret)) {
          field = param->name;
          if (param->secret) break;
        }
      }
      return error_response(field_error(field, row.error().message));
    }
    return error_response(row.error());
  }
  JsonObject stored = *row;
  if (plugin->kind() == "source") {
    HSD_API_TRY(queued, queue_retrieval(ctx, stored, "{}"));
    HSD_API_TRY(fresh, ctx.session().get("connections", stored->getValue<std::int64_t>("id")));
    stored = *fresh;
  }
  HSD_API_TRY(view, connection_with_queue(ctx.session(), stored));
  return json_response(201, *view);
}

// The plugins that make connections, with what a form needs to connect each one.
ApiResponse plugins_route(RequestContext& ctx) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const Plugin* plugin : ctx.service.engine.plugins().plugins()) {
    if (plugin->kind() == "source" || plugin->kind() == "vcs_target") array->add(plugin_view(*plugin, ctx.service.engine.config()));
  }
  return json_response(200, array);
}

ApiResponse show_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::member, "read connections"));
  HSD_API_TRY(view, connection_with_queue(ctx.session(), *row));
  return json_response(200, *view);
}

ApiResponse update_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "rename connections"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"label", FieldType::string}, {"retrieve_interval", FieldType::string}}));
  // Everything is checked before anything changes, and both changes land together.
  JsonObject settings = (*row)->getObject("settings");
  if (!settings) settings = new Poco::JSON::Object;
  if ((*body)->has("retrieve_interval")) {
    settings->set("retrieve_interval", (*body)->getValue<std::string>("retrieve_interval"));
    auto checked = parse_interval_setting(settings);
    if (!checked) {
      return error_response(field_error("retrieve_interval", "'" + (*body)->getValue<std::string>("retrieve_interval") +
                                                                 "' is not a duration; allowed: e.g. \"30m\", \"6h\", "
                                                                 "\"0\" or \"off\""));
    }
  }
  const std::string label = (*body)->optValue<std::string>("label", "");
  if ((*body)->has("label") && is_blank(label)) return error_response(field_error("label", "must not be blank"));
  const auto workspace_id = (*row)->getValue<std::int64_t>("workspace_id");
  HSD_API_TRY(transaction, Transaction::begin(ctx.session()));
  JsonObject updated = *row;
  if ((*body)->has("retrieve_interval")) {
    Poco::JSON::Object patch;
    patch.set("settings", settings);
    HSD_API_TRY(saved, ctx.session().update("connections", *id, patch));
    updated = *saved;
    audit(ctx.session(), workspace_id, ctx.actor(), "connection.settings", "connection", std::to_string(*id),
          "{\"retrieve_interval\":" + stringify((*body)->get("retrieve_interval")) + "}");
  }
  if ((*body)->has("label")) {
    HSD_API_TRY(renamed, rename_connection(ctx.session(), *id, label));
    updated = *renamed;
    audit(ctx.session(), workspace_id, ctx.actor(), "connection.rename", "connection", std::to_string(*id),
          "{\"label\":" + stringify(Poco::Dynamic::Var(label)) + "}");
  }
  auto committed = transaction->commit();
  if (!committed) return error_response(committed.error());
  HSD_API_TRY(view, connection_with_queue(ctx.session(), updated));
  return json_response(200, *view);
}

ApiResponse delete_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "delete connections"));
  auto removed = remove_connection(ctx.service.engine, ctx.service.credentials, &ctx.service.workers, *row, ctx.actor());
  if (!removed) {
    // Deleted by a concurrent request meanwhile: the outcome the caller wanted.
    if (removed.error().code == ErrorCode::not_found) return error_response(make_error(ErrorCode::not_found, "connection " + std::to_string(*id) + " not found"));
    return error_response(removed.error());
  }
  return no_content();
}

ApiResponse retrieve_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "start retrievals"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"types", FieldType::string_array}}));
  if ((*row)->getValue<std::string>("kind") != "source") {
    return error_response(make_error(ErrorCode::conflict, "connection " + std::to_string(*id) +
                                                              " is not a source; only sources are retrieved"));
  }
  if ((*body)->has("types")) {
    // Only declared types: a retrieval limited to none, or to unknown ones, would be a mistake.
    const auto types = string_list(*body, "types");
    if (types.empty()) return error_response(field_error("types", "give at least one type, or leave types out for all"));
    const Plugin* plugin = ctx.service.engine.plugins().find((*row)->getValue<std::string>("plugin"));
    if (plugin) {
      const auto& declared = plugin->object_types();
      for (const auto& type : types) {
        if (std::find(declared.begin(), declared.end(), type) != declared.end()) continue;
        std::string allowed;
        for (const auto& known : declared) allowed += (allowed.empty() ? "" : ", ") + known;
        return error_response(field_error("types", "'" + type + "' is not a type of this connection; allowed: " + allowed));
      }
    }
  }
  HSD_API_TRY(queued, queue_retrieval(ctx, *row, stringify(*body)));
  JsonObject view = job_view(queued->job);
  view->set("joined", queued->joined);
  return json_response(202, view);
}

// The connection's recent runs (its jobs, newest first) with what each cost at the provider:
// the Recent runs table of the connection's details.
ApiResponse runs_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, 100));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::member, "read connections"));
  HSD_API_TRY(rows, list_jobs(ctx.session(), *id, std::nullopt, limit->value_or(20)));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& job : *rows) array->add(run_view(job));
  return json_response(200, array);
}

// What deleting the connection would remove, for the confirmation an admin is asked for.
ApiResponse deletion_impact_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "delete connections"));
  HSD_API_TRY(impact, deletion_impact(ctx.session(), *id));
  return json_response(200, *impact);
}

ApiResponse jobs_route(RequestContext& ctx) {
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, 500));
  HSD_API_TRY(connection, query_int(ctx.request, "connection", 1, INT64_MAX));
  HSD_API_TRY(workspace, query_int(ctx.request, "workspace", 1, INT64_MAX));
  if (!*connection && !*workspace) {
    return error_response(field_error("connection", "give ?connection=ID or ?workspace=ID"));
  }
  if (*connection) {
    HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), **connection, Role::member, "read jobs"));
  } else {
    HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), **workspace));
  }
  HSD_API_TRY(rows, list_jobs(ctx.session(), *connection, *workspace, limit->value_or(100)));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& row : *rows) array->add(job_view(row));
  return json_response(200, array);
}

}  // namespace

void add_connection_routes(Router& router) {
  router.add("GET", "/api/v1/workspaces/{ws}/connections", list_route);
  router.add("POST", "/api/v1/workspaces/{ws}/connections", create_route);
  router.add("GET", "/api/v1/connections/{id}", show_route);
  router.add("PATCH", "/api/v1/connections/{id}", update_route);
  router.add("DELETE", "/api/v1/connections/{id}", delete_route);
  router.add("POST", "/api/v1/connections/{id}/retrieve", retrieve_route);
  router.add("GET", "/api/v1/connections/{id}/runs", runs_route);
  router.add("GET", "/api/v1/connections/{id}/deletion-impact", deletion_impact_route);
  router.add("GET", "/api/v1/jobs", jobs_route);
  router.add("GET", "/api/v1/plugins", plugins_route);
}

}  // namespace hsd::engine::service
