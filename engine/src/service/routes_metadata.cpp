// A connection's metadata from its current snapshot: its types with their labels and counts, a
// filtered, paged listing, one object with the provider's exact bytes, and those bytes alone;
// and its snapshot history (current, kept and building snapshots with their object counts).
#include <Poco/JSON/Array.h>

#include "domain/access.hpp"
#include "domain/connections.hpp"
#include "domain/metadata_types_view.hpp"
#include "domain/snapshot_history.hpp"
#include "download_name.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

std::string query_value(const ApiRequest& request, const std::string& name) {
  auto found = request.query.find(name);
  return found == request.query.end() ? "" : found->second;
}

// The type must be one the connection's metadata can be asked for by (is_metadata_type).
Status check_type(RequestContext& ctx, const JsonObject& connection, const std::string& type, bool in_query) {
  if (type.empty()) return {};
  const Plugin* plugin = ctx.service.engine.plugins().find(connection->getValue<std::string>("plugin"));
  auto known = is_metadata_type(ctx.session(), connection, plugin, type);
  if (!known) return known.error();
  if (*known) return {};
  std::string allowed;
  for (const auto& t : plugin->object_types()) allowed += (allowed.empty() ? "" : ", ") + t;
  if (!in_query) return make_error(ErrorCode::not_found, "no metadata type '" + type + "'; allowed: " + allowed);
  return field_error("type", "'" + type + "' is not a metadata type of this connection; allowed: " + allowed);
}

ApiResponse list_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::member, "read metadata"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, 1000));
  MetadataQuery query;
  query.type = query_value(ctx.request, "type");
  query.q = query_value(ctx.request, "q");
  query.cursor = query_value(ctx.request, "cursor");
  query.limit = limit->value_or(100);
  auto type_ok = check_type(ctx, *row, query.type, true);
  if (!type_ok) return error_response(type_ok.error());
  auto page = ctx.session().metadata_list(*id, query);
  if (!page) {
    // A cursor the storage cannot read is the caller's input.
    if (page.error().code == ErrorCode::invalid_argument) return error_response(field_error("cursor", page.error().message));
    return error_response(page.error());
  }
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& item : page->rows) items->add(metadata_view(item));
  JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("items", items);
  out->set("next_cursor", page->next_cursor.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(page->next_cursor));
  return json_response(200, out);
}

ApiResponse types_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::member, "read metadata"));
  const Plugin* plugin = ctx.service.engine.plugins().find((*row)->getValue<std::string>("plugin"));
  HSD_API_TRY(view, metadata_types_view(ctx.session(), *row, plugin));
  return json_response(200, *view);
}

// The object the path names, with its data, for a member of the connection's workspace.
Result<MetadataRow> requested_object(RequestContext& ctx) {
  auto id = path_id(ctx.request, "id", "connection");
  if (!id) return id.error();
  auto row = connection_for(ctx.session(), ctx.user(), *id, Role::member, "read metadata");
  if (!row) return row.error();
  const std::string& type = ctx.request.params.at("type");
  HSD_TRY(check_type(ctx, *row, type, false));
  return ctx.session().metadata_get(*id, type, ctx.request.params.at("object_id"));
}

ApiResponse show_route(RequestContext& ctx) {
  HSD_API_TRY(object, requested_object(ctx));
  // The data goes out as the provider's exact bytes, spliced in rather than re-serialised.
  std::string data = object->data.value_or("null");
  object->data.reset();
  std::string body = stringify(metadata_view(*object));
  body.pop_back();
  body += ",\"data\":" + data + "}";
  ApiResponse response;
  response.body = std::move(body);
  return response;
}

// The provider's bytes as the whole body: nothing parses or re-encodes them, so numbers, key
// order, escapes and whitespace reach the caller as sent. The ETag the API gives every JSON read
// is a hash of the body, so here it follows the object's content hash.
ApiResponse raw_route(RequestContext& ctx) {
  HSD_API_TRY(object, requested_object(ctx));
  HSD_API_TRY(download, query_int(ctx.request, "download", 0, 1));  // 1: save as a file
  ApiResponse response;
  response.body = object->data.value_or("null");
  if (download->value_or(0) == 1) {
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + metadata_download_name(object->type, object->id) + "\"");
  }
  return response;
}

ApiResponse snapshots_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(row, connection_for(ctx.session(), ctx.user(), *id, Role::member, "read snapshots"));
  HSD_API_TRY(history, snapshot_history(ctx.session(), *id));
  return json_response(200, *history);
}

}  // namespace

void add_metadata_routes(Router& router) {
  router.add("GET", "/api/v1/connections/{id}/metadata", list_route);
  router.add("GET", "/api/v1/connections/{id}/metadata/types", types_route);
  router.add("GET", "/api/v1/connections/{id}/snapshots", snapshots_route);
  router.add("GET", "/api/v1/connections/{id}/metadata/{type}/{object_id}", show_route);
  router.add("GET", "/api/v1/connections/{id}/metadata/{type}/{object_id}/raw", raw_route);
}

}  // namespace hsd::engine::service
