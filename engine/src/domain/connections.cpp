#include "connections.hpp"

#include "hsd/engine/log.hpp"

#include <charconv>

namespace hsd::engine {
namespace {

Query where(const std::string& column, const Poco::Dynamic::Var& value) {
  Query query;
  query.where.set(column, value);
  return query;
}

}  // namespace

Result<JsonObject> find_workspace(Session& session, const std::string& name) {
  auto rows = session.find("workspaces", where("name", name));
  if (!rows) return rows.error();
  if (rows->empty()) return make_error(ErrorCode::not_found, "workspace '" + name + "' not found");
  return rows->front();
}

Result<JsonObject> ensure_workspace(Session& session, const std::string& name) {
  if (name.empty()) return make_error(ErrorCode::invalid_argument, "--workspace: the name is empty");
  auto found = find_workspace(session, name);
  if (found || found.error().code != ErrorCode::not_found) return found;
  Poco::JSON::Object record;
  record.set("name", name);
  auto inserted = session.insert("workspaces", record);
  // Another process may have created it in between.
  if (!inserted && inserted.error().code == ErrorCode::conflict) return find_workspace(session, name);
  return inserted;
}

Result<JsonObject> resolve_connection(Session& session, std::string_view ref,
                                      std::optional<std::int64_t> workspace_id) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (ec == std::errc() && end == ref.data() + ref.size() && id > 0) {
    auto row = session.get("connections", id);
    if (row && (!workspace_id || (*row)->getValue<std::int64_t>("workspace_id") == *workspace_id)) return row;
    if (!row && row.error().code != ErrorCode::not_found) return row;
  }
  Query query = where("label", std::string(ref));
  if (workspace_id) query.where.set("workspace_id", *workspace_id);
  auto rows = session.find("connections", query);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return make_error(ErrorCode::not_found, "connection '" + std::string(ref) +
                                                "' not found (give its id or label; see 'hsdeploy connections list')");
  }
  if (rows->size() > 1) {
    return make_error(ErrorCode::invalid_argument, "connection label '" + std::string(ref) +
                                                       "' is used in several workspaces; give its id or --workspace");
  }
  return rows->front();
}

Result<std::vector<JsonObject>> list_connections(Session& session,
                                                 std::optional<std::int64_t> workspace_id) {
  Query query;
  if (workspace_id) query.where.set("workspace_id", *workspace_id);
  return session.find("connections", query);
}

Result<JsonObject> rename_connection(Session& session, std::int64_t id, const std::string& label) {
  if (label.empty()) return make_error(ErrorCode::invalid_argument, "LABEL: a connection's label cannot be empty");
  Poco::JSON::Object patch;
  patch.set("label", label);
  auto row = session.update("connections", id, patch);
  if (!row && row.error().code == ErrorCode::conflict) {
    return make_error(ErrorCode::conflict, "label '" + label + "' is already used by another connection in this workspace");
  }
  return row;
}

Result<JsonObject> set_connection_status(Session& session, std::int64_t id, const std::string& status,
                                         const std::string& detail, const std::string& code) {
  Poco::JSON::Object patch;
  patch.set("status", status);
  patch.set("status_detail", log::redact_secrets(detail));
  patch.set("status_code", status == "error" ? code : std::string());
  return session.update("connections", id, patch);
}

JsonObject connection_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("workspace", row->get("workspace_id"));
  for (const char* key : {"plugin", "kind", "label", "account_id", "account_name", "auth_type",
                          "status", "status_detail", "status_code", "warnings", "scopes_requested",
                          "scopes_granted", "scopes_missing"}) {
    view->set(key, row->get(key));
  }
  view->set("token_expires_at", time_or_null(row, "token_expires_at"));
  view->set("token_refreshed_at", time_or_null(row, "token_refreshed_at"));
  JsonObject progress = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  progress->set("done", row->get("progress_done"));
  progress->set("total", row->get("progress_total"));
  progress->set("type", row->get("progress_type"));
  view->set("progress", progress);
  view->set("created_at", time_or_null(row, "created_at"));
  view->set("retrieved_at", time_or_null(row, "retrieved_at"));
  return view;
}

JsonObject metadata_view(const MetadataRow& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("type", row.type);
  view->set("id", row.id);
  view->set("name", row.name);
  view->set("hash", row.hash);
  view->set("snapshot", row.snapshot);
  if (row.data) {
    // The stored bytes are the provider's; parse them only to embed them in the JSON output.
    auto data = parse_object(*row.data, "stored object data");
    view->set("data", data ? Poco::Dynamic::Var(*data) : Poco::Dynamic::Var(*row.data));
  }
  return view;
}

}  // namespace hsd::engine
