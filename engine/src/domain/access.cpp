#include "access.hpp"

namespace hsd::engine {
namespace {

Error not_found(const std::string& entity, std::int64_t id) {
  return make_error(ErrorCode::not_found, entity + " " + std::to_string(id) + " not found");
}

}  // namespace

Result<WorkspaceAccess> workspace_access(Session& session, const Caller& caller, std::int64_t workspace_id) {
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.where.set("user_id", caller.user_id);
  auto rows = session.find("memberships", query);
  if (!rows) return rows.error();
  if (rows->empty()) return not_found("workspace", workspace_id);
  const auto role = parse_role(rows->front()->getValue<std::string>("role"));
  return WorkspaceAccess{workspace_id, role.value_or(Role::member)};
}

Result<WorkspaceAccess> require_role(Session& session, const Caller& caller, std::int64_t workspace_id, Role needed,
                                     const std::string& what) {
  auto access = workspace_access(session, caller, workspace_id);
  if (!access) return access.error();
  if (access->role < needed) {
    auto workspace = session.get("workspaces", workspace_id);
    const std::string name = workspace ? (*workspace)->getValue<std::string>("name") : std::to_string(workspace_id);
    return make_error(ErrorCode::permission_denied,
                      std::string("only ") + (needed == Role::owner ? "owners" : "admins and owners") + " may " + what +
                          " in workspace '" + name + "'; your role is " + role_name(access->role));
  }
  return access;
}

Result<JsonObject> connection_for(Session& session, const Caller& caller, std::int64_t connection_id, Role needed,
                                  const std::string& what) {
  auto row = session.get("connections", connection_id);
  if (!row) {
    if (row.error().code == ErrorCode::not_found) return not_found("connection", connection_id);
    return row.error();
  }
  auto access = require_role(session, caller, (*row)->getValue<std::int64_t>("workspace_id"), needed, what);
  if (!access) {
    if (access.error().code == ErrorCode::not_found) return not_found("connection", connection_id);
    return access.error();
  }
  return *row;
}

}  // namespace hsd::engine
