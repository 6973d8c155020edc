// Comparisons: create (a queued job), list, show, their changes (filtered and paged), delete.
// Members may create and read them, an exception to "members only read" since a comparison
// changes no account; deleting one needs admin or owner. Another workspace's comparison is 404.
#include <Poco/JSON/Array.h>

#include "domain/access.hpp"
#include "domain/comparison_sides.hpp"
#include "domain/comparisons.hpp"
#include "domain/job_queue.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

constexpr std::int64_t kMaxPage = 500;

// The comparison the caller may act on with at least `needed`; another workspace's is 404.
Result<JsonObject> comparison_for(RequestContext& ctx, Role needed, const std::string& what) {
  auto id = path_id(ctx.request, "id", "comparison");
  if (!id) return id.error();
  auto row = find_comparison(ctx.session(), *id);
  if (!row) return row.error();
  auto access = require_role(ctx.session(), ctx.user(), (*row)->getValue<std::int64_t>("workspace_id"), needed, what);
  if (!access) return access.error();
  return row;
}

// {"left": SIDE, "right": SIDE, "types"?: [T]}: every field checked before anything is stored.
Result<ComparisonRequest> comparison_request(RequestContext& ctx, std::int64_t workspace_id) {
  auto body = parse_object_body(ctx.request.body);
  if (!body) return body.error();
  for (const auto& [name, value] : **body) {
    if (name != "left" && name != "right" && name != "types") {
      return field_error(name, "unknown field; allowed: left, right, types");
    }
  }
  ComparisonRequest request;
  request.workspace_id = workspace_id;
  request.actor = ctx.actor();
  for (const std::string side : {"left", "right"}) {
    if (!(*body)->has(side)) return field_error(side, "is required: {\"connection\": ID} or {\"backup\": ID}");
    auto spec = side_from_json((*body)->get(side), side);
    if (!spec) return spec.error();
    (side == "left" ? request.left : request.right) = *spec;
  }
  if ((*body)->has("types")) {
    if (!is_string_array((*body)->get("types"))) return field_error("types", "must be an array of strings");
    request.types = string_list(*body, "types");
    if (request.types.empty()) return field_error("types", "give at least one type, or leave types out for all");
  }
  return request;
}

ApiResponse list_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, kMaxPage));
  HSD_API_TRY(before, query_int(ctx.request, "before", 1, INT64_MAX));
  HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), *ws));
  HSD_API_TRY(rows, list_comparisons(ctx.session(), *ws, limit->value_or(50), *before));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& row : *rows) array->add(comparison_view(row));
  return json_response(200, array);
}

ApiResponse create_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  // Members too: a comparison reads the workspace's data and changes no account.
  HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), *ws));
  HSD_API_TRY(request, comparison_request(ctx, *ws));
  HSD_API_TRY(row, create_comparison(ctx.session(), ctx.service.engine, *request));
  HSD_API_TRY(enqueued, queue_comparison(ctx.session(), *row, ctx.actor()));
  ctx.service.workers.wake();
  HSD_API_TRY(stored, find_comparison(ctx.session(), (*row)->getValue<std::int64_t>("id")));
  Poco::JSON::Object::Ptr answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  answer->set("comparison", comparison_view(*stored));
  answer->set("job", job_view(enqueued->job));
  return json_response(202, answer);
}

ApiResponse show_route(RequestContext& ctx) {
  HSD_API_TRY(row, comparison_for(ctx, Role::member, "read comparisons"));
  return json_response(200, comparison_view(*row));
}

ApiResponse delete_route(RequestContext& ctx) {
  HSD_API_TRY(row, comparison_for(ctx, Role::admin, "delete comparisons"));
  auto removed = delete_comparison(ctx.session(), *row, ctx.actor());
  if (!removed) return error_response(removed.error());
  return no_content();
}

// ?type=&kind=&after=&limit=: one page of the differing objects, and `next` (the after= of the
// following page) while there are more.
ApiResponse changes_route(RequestContext& ctx) {
  HSD_API_TRY(row, comparison_for(ctx, Role::member, "read comparisons"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, kMaxPage));
  HSD_API_TRY(after, query_int(ctx.request, "after", 0, INT64_MAX));
  ChangeFilter filter;
  if (auto type = ctx.request.query.find("type"); type != ctx.request.query.end()) filter.type = type->second;
  // list_changes checks the kind, as for the CLI.
  if (auto kind = ctx.request.query.find("kind"); kind != ctx.request.query.end()) filter.kind = kind->second;
  filter.after = after->value_or(0);
  const std::int64_t page = limit->value_or(50);
  filter.limit = page + 1;  // one more than asked says whether another page follows
  HSD_API_TRY(changes, list_changes(ctx.session(), (*row)->getValue<std::int64_t>("id"), filter));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  Poco::Dynamic::Var next;
  for (std::size_t i = 0; i < changes->size(); ++i) {
    if (static_cast<std::int64_t>(i) == page) {
      next = (*changes)[i - 1]->get("id");
      break;
    }
    array->add((*changes)[i]);
  }
  Poco::JSON::Object::Ptr answer = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  answer->set("changes", array);
  answer->set("next", next);
  return json_response(200, answer);
}

ApiResponse change_route(RequestContext& ctx) {
  HSD_API_TRY(row, comparison_for(ctx, Role::member, "read comparisons"));
  HSD_API_TRY(change_id, path_id(ctx.request, "change_id", "change"));
  HSD_API_TRY(change, find_change(ctx.session(), (*row)->getValue<std::int64_t>("id"), *change_id));
  return json_response(200, *change);
}

}  // namespace

void add_comparison_routes(Router& router) {
  router.add("GET", "/api/v1/workspaces/{ws}/comparisons", list_route);
  router.add("POST", "/api/v1/workspaces/{ws}/comparisons", create_route);
  router.add("GET", "/api/v1/comparisons/{id}", show_route);
  router.add("DELETE", "/api/v1/comparisons/{id}", delete_route);
  router.add("GET", "/api/v1/comparisons/{id}/changes", changes_route);
  router.add("GET", "/api/v1/comparisons/{id}/changes/{change_id}", change_route);
}

}  // namespace hsd::engine::service
