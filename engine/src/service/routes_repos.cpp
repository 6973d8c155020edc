// Repositories of VCS connections (what the token can see, add, list, check, remove) and
// backups (configure, list, run, remove, and their runs).
#include <Poco/JSON/Array.h>

#include "domain/access.hpp"
#include "domain/backups.hpp"
#include "domain/deletion_impact.hpp"
#include "domain/repositories.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

// A provider refusing the connection's token is the connection's problem, not the API
// caller's: it must not read as a 401 for their API token.
ApiResponse provider_error(Error error) {
  if (error.code == ErrorCode::unauthenticated) error.code = ErrorCode::conflict;
  return error_response(error);
}

// A repository the caller may act on with at least `needed`; another workspace's is 404.
Result<RepositoryRef> repository_for(RequestContext& ctx, Role needed, const std::string& what) {
  auto id = path_id(ctx.request, "id", "repository");
  if (!id) return id.error();
  auto ref = find_repository(ctx.session(), *id);
  if (!ref) return ref.error();
  auto access = require_role(ctx.session(), ctx.user(), ref->connection->getValue<std::int64_t>("workspace_id"),
                             needed, what);
  if (!access) return access.error();
  return ref;
}

Result<BackupRef> backup_for(RequestContext& ctx, Role needed, const std::string& what) {
  auto id = path_id(ctx.request, "id", "backup");
  if (!id) return id.error();
  auto ref = find_backup(ctx.session(), *id);
  if (!ref) return ref.error();
  auto access =
      require_role(ctx.session(), ctx.user(), ref->source->getValue<std::int64_t>("workspace_id"), needed, what);
  if (!access) return access.error();
  return ref;
}

Poco::JSON::Array::Ptr array_of(const std::vector<JsonObject>& views) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& view : views) array->add(view);
  return array;
}

ApiResponse available_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(connection, connection_for(ctx.session(), ctx.user(), *id, Role::member, "list repositories"));
  auto output = available_repositories(ctx.service.engine, ctx.service.credentials, ctx.session(), *connection);
  if (!output) return provider_error(output.error());
  return json_response(200, *output);
}

ApiResponse list_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(connection, connection_for(ctx.session(), ctx.user(), *id, Role::member, "list repositories"));
  HSD_API_TRY(rows, list_repositories(ctx.session(), *id, std::nullopt));
  std::vector<JsonObject> views;
  for (const auto& row : *rows) views.push_back(repository_view(row));
  return json_response(200, array_of(views));
}

ApiResponse add_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(connection, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "add repositories"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"repository", FieldType::string, true},
                                                  {"branch", FieldType::string}}));
  AddRepositoryRequest request{(*body)->getValue<std::string>("repository"),
                               (*body)->optValue<std::string>("branch", ""), ctx.actor()};
  auto added = add_repository(ctx.service.engine, ctx.service.credentials, ctx.session(), *connection, request);
  if (!added) {
    Error error = added.error();
    // Bad input names its field, as every other body does.
    if (error.code == ErrorCode::invalid_argument && error.message.rfind("branch:", 0) == 0) {
      return error_response(field_error("branch", error.message.substr(8)));
    }
    if (error.code == ErrorCode::invalid_argument && error.message.rfind("repository:", 0) == 0) {
      return error_response(field_error("repository", error.message.substr(12)));
    }
    return provider_error(error);
  }
  return json_response(201, *added);
}

// The branch picker of "Add Repo": the repository's branches and its default one, asked of the
// connection's plugin (repo_status with_branches) before anything is stored.
ApiResponse branches_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(connection, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "add repositories"));
  auto found = ctx.request.query.find("repository");
  if (found == ctx.request.query.end() || found->second.empty()) {
    return error_response(field_error("repository", "is required: ?repository=OWNER/NAME"));
  }
  auto branches =
      repository_branches(ctx.service.engine, ctx.service.credentials, ctx.session(), *connection, found->second);
  if (!branches) {
    Error error = branches.error();
    if (error.code == ErrorCode::invalid_argument && error.message.rfind("repository:", 0) == 0) {
      return error_response(field_error("repository", error.message.substr(12)));
    }
    return provider_error(error);
  }
  return json_response(200, *branches);
}

ApiResponse check_route(RequestContext& ctx) {
  HSD_API_TRY(ref, repository_for(ctx, Role::admin, "check repositories"));
  auto row = check_repository(ctx.service.engine, ctx.service.credentials, ctx.session(), *ref);
  if (!row) return provider_error(row.error());
  return json_response(200, repository_view(*row));
}

ApiResponse show_repository_route(RequestContext& ctx) {
  HSD_API_TRY(ref, repository_for(ctx, Role::member, "see repositories"));
  return json_response(200, repository_view(ref->repository));
}

ApiResponse remove_repository_route(RequestContext& ctx) {
  HSD_API_TRY(ref, repository_for(ctx, Role::admin, "remove repositories"));
  HSD_API_TRY(removed, remove_repository(ctx.session(), *ref, ctx.actor()));
  return no_content();
}

// What removing the repository would delete (its comparisons and watches), for the
// confirmation an admin is asked for.
ApiResponse repository_impact_route(RequestContext& ctx) {
  HSD_API_TRY(ref, repository_for(ctx, Role::admin, "remove repositories"));
  HSD_API_TRY(impact, repository_deletion_impact(ctx.session(), ref->repository->getValue<std::int64_t>("id")));
  return json_response(200, *impact);
}

ApiResponse list_backups_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(connection, connection_for(ctx.session(), ctx.user(), *id, Role::member, "list backups"));
  HSD_API_TRY(views, list_backups(ctx.session(), *id, std::nullopt));
  return json_response(200, array_of(*views));
}

ApiResponse add_backup_route(RequestContext& ctx) {
  HSD_API_TRY(id, path_id(ctx.request, "id", "connection"));
  HSD_API_TRY(source, connection_for(ctx.session(), ctx.user(), *id, Role::admin, "add backups"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"repository", FieldType::string, true},
                                                  {"branch", FieldType::string},
                                                  {"path", FieldType::string},
                                                  {"schedule", FieldType::string}}));
  BackupRequest request{(*body)->getValue<std::string>("repository"), (*body)->optValue<std::string>("branch", ""),
                        (*body)->optValue<std::string>("path", ""), (*body)->optValue<std::string>("schedule", ""),
                        ctx.actor()};
  auto added = add_backup(ctx.session(), *source, request);
  if (!added) {
    Error error = added.error();
    for (const std::string field : {"branch", "path", "schedule", "source"}) {
      if (error.code == ErrorCode::invalid_argument && error.message.rfind(field + ": ", 0) == 0) {
        return error_response(field_error(field == "source" ? "repository" : field,
                                          error.message.substr(field.size() + 2)));
      }
    }
    if (error.code == ErrorCode::not_found) return error_response(field_error("repository", error.message));
    return error_response(error);
  }
  return json_response(201, *added);
}

ApiResponse run_backup_route(RequestContext& ctx) {
  HSD_API_TRY(ref, backup_for(ctx, Role::admin, "run backups"));
  HSD_API_TRY(enqueued, queue_backup(ctx.session(), *ref, ctx.actor()));
  ctx.service.workers.wake();
  JsonObject view = job_view(enqueued->job);
  view->set("joined", enqueued->joined);
  return json_response(202, view);
}

ApiResponse show_backup_route(RequestContext& ctx) {
  HSD_API_TRY(ref, backup_for(ctx, Role::member, "see backups"));
  HSD_API_TRY(view, backup_view(ctx.session(), ref->backup));
  return json_response(200, *view);
}

ApiResponse backup_runs_route(RequestContext& ctx) {
  HSD_API_TRY(ref, backup_for(ctx, Role::member, "see backups"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, 1000));
  HSD_API_TRY(runs, list_backup_runs(ctx.session(), ref->backup->getValue<std::int64_t>("id"), limit->value_or(50)));
  std::vector<JsonObject> views;
  for (const auto& run : *runs) views.push_back(backup_run_view(run));
  return json_response(200, array_of(views));
}

ApiResponse remove_backup_route(RequestContext& ctx) {
  HSD_API_TRY(ref, backup_for(ctx, Role::admin, "remove backups"));
  HSD_API_TRY(removed, remove_backup(ctx.session(), *ref, ctx.actor()));
  return no_content();
}

}  // namespace

void add_repository_routes(Router& router) {
  router.add("GET", "/api/v1/connections/{id}/available-repos", available_route);
  router.add("GET", "/api/v1/connections/{id}/repos", list_route);
  router.add("POST", "/api/v1/connections/{id}/repos", add_route);
  router.add("GET", "/api/v1/connections/{id}/branches", branches_route);
  router.add("GET", "/api/v1/repos/{id}", show_repository_route);
  router.add("DELETE", "/api/v1/repos/{id}", remove_repository_route);
  router.add("POST", "/api/v1/repos/{id}/check", check_route);
  router.add("GET", "/api/v1/repos/{id}/deletion-impact", repository_impact_route);
  router.add("GET", "/api/v1/connections/{id}/backups", list_backups_route);
  router.add("POST", "/api/v1/connections/{id}/backups", add_backup_route);
  router.add("GET", "/api/v1/backups/{id}", show_backup_route);
  router.add("DELETE", "/api/v1/backups/{id}", remove_backup_route);
  router.add("POST", "/api/v1/backups/{id}/run", run_backup_route);
  router.add("GET", "/api/v1/backups/{id}/runs", backup_runs_route);
}

}  // namespace hsd::engine::service
