#include "members.hpp"

#include "password_links.hpp"

namespace hsd::engine {
namespace {

JsonObject member_view(const JsonObject& membership, const JsonObject& user) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("user_id", membership->get("user_id"));
  view->set("email", user->get("email"));
  view->set("name", user->get("name"));
  view->set("role", membership->get("role"));
  view->set("created_at", time_or_null(membership, "created_at"));
  // Whether an owner can still issue a password link (one who set a password cannot get one).
  view->set("password_set", has_set_password(user));
  return view;
}

Result<JsonObject> membership_of(Session& session, std::int64_t workspace_id, std::int64_t user_id) {
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.where.set("user_id", user_id);
  auto rows = session.find("memberships", query);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return make_error(ErrorCode::not_found, "user " + std::to_string(user_id) + " is not a member of workspace " +
                                                std::to_string(workspace_id));
  }
  return rows->front();
}

// Refuses a change that would leave the workspace without an owner.
Status keep_an_owner(Session& session, std::int64_t workspace_id, const JsonObject& membership) {
  if (membership->getValue<std::string>("role") != "owner") return {};
  Query owners;
  owners.where.set("workspace_id", workspace_id);
  owners.where.set("role", std::string("owner"));
  auto rows = session.find("memberships", owners);
  if (!rows) return rows.error();
  if (rows->size() <= 1) {
    return make_error(ErrorCode::conflict, "user " + membership->get("user_id").toString() +
                                               " is the workspace's last owner; make another member owner first");
  }
  return {};
}

std::string role_details(Role role) { return std::string("{\"role\":\"") + role_name(role) + "\"}"; }

}  // namespace

Result<std::vector<JsonObject>> workspaces_of(Session& session, std::int64_t user_id) {
  Query query;
  query.where.set("user_id", user_id);
  auto memberships = session.find("memberships", query);
  if (!memberships) return memberships.error();
  std::vector<JsonObject> out;
  for (const auto& membership : *memberships) {
    auto workspace = session.get("workspaces", membership->getValue<std::int64_t>("workspace_id"));
    if (!workspace) return workspace.error();
    JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    view->set("id", (*workspace)->get("id"));
    view->set("name", (*workspace)->get("name"));
    view->set("role", membership->get("role"));
    view->set("created_at", time_or_null(*workspace, "created_at"));
    out.push_back(view);
  }
  return out;
}

Result<JsonObject> create_workspace(Session& session, const std::string& name, std::int64_t owner_id,
                                    const Actor& actor) {
  if (name.find_first_not_of(" \t\r\n") == std::string::npos || name.size() > 200) {
    Error error = make_error(ErrorCode::invalid_argument, "name: a workspace name has 1 to 200 characters, not all blank");
    error.details_json = R"({"field":"name"})";
    return error;
  }
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  Poco::JSON::Object record;
  record.set("name", name);
  auto workspace = session.insert("workspaces", record);
  if (!workspace) {
    if (workspace.error().code == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, "name: a workspace named '" + name + "' already exists");
    }
    return workspace.error();
  }
  const auto id = (*workspace)->getValue<std::int64_t>("id");
  Poco::JSON::Object membership;
  membership.set("workspace_id", id);
  membership.set("user_id", owner_id);
  membership.set("role", std::string("owner"));
  auto member = session.insert("memberships", membership);
  if (!member) return member.error();
  audit(session, id, actor, "workspace.create", "workspace", std::to_string(id),
        "{\"name\":" + stringify(Poco::Dynamic::Var(name)) + "}");
  HSD_TRY(transaction->commit());
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", id);
  view->set("name", name);
  view->set("role", std::string("owner"));
  view->set("created_at", time_or_null(*workspace, "created_at"));
  return view;
}

Result<std::vector<JsonObject>> list_members(Session& session, std::int64_t workspace_id) {
  Query query;
  query.where.set("workspace_id", workspace_id);
  auto memberships = session.find("memberships", query);
  if (!memberships) return memberships.error();
  std::vector<JsonObject> out;
  for (const auto& membership : *memberships) {
    auto user = session.get("users", membership->getValue<std::int64_t>("user_id"));
    if (!user) return user.error();
    out.push_back(member_view(membership, *user));
  }
  return out;
}

Result<JsonObject> add_member(Session& session, std::int64_t workspace_id, const std::string& email, Role role,
                              const Actor& actor) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto user = ensure_user(session, email);
  if (!user) return user.error();
  const auto user_id = (*user)->getValue<std::int64_t>("id");
  Poco::JSON::Object record;
  record.set("workspace_id", workspace_id);
  record.set("user_id", user_id);
  record.set("role", std::string(role_name(role)));
  auto membership = session.insert("memberships", record);
  if (!membership) {
    if (membership.error().code == ErrorCode::conflict) {
      Error error = make_error(ErrorCode::conflict, "email: '" + email + "' is already a member of this workspace");
      error.details_json = R"({"field":"email"})";  // a form shows it next to the e-mail
      return error;
    }
    return membership.error();
  }
  audit(session, workspace_id, actor, "member.add", "user", std::to_string(user_id), role_details(role));
  HSD_TRY(transaction->commit());
  return member_view(*membership, *user);
}

Result<JsonObject> change_member_role(Session& session, std::int64_t workspace_id, std::int64_t user_id, Role role,
                                      const Actor& actor) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto membership = membership_of(session, workspace_id, user_id);
  if (!membership) return membership.error();
  if (role != Role::owner) HSD_TRY(keep_an_owner(session, workspace_id, *membership));
  Poco::JSON::Object patch;
  patch.set("role", std::string(role_name(role)));
  auto updated = session.update("memberships", (*membership)->getValue<std::int64_t>("id"), patch);
  if (!updated) return updated.error();
  auto user = session.get("users", user_id);
  if (!user) return user.error();
  audit(session, workspace_id, actor, "member.role", "user", std::to_string(user_id), role_details(role));
  HSD_TRY(transaction->commit());
  return member_view(*updated, *user);
}

Status remove_member(Session& session, std::int64_t workspace_id, std::int64_t user_id, const Actor& actor) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto membership = membership_of(session, workspace_id, user_id);
  if (!membership) return membership.error();
  HSD_TRY(keep_an_owner(session, workspace_id, *membership));
  HSD_TRY(session.remove("memberships", (*membership)->getValue<std::int64_t>("id")));
  audit(session, workspace_id, actor, "member.remove", "user", std::to_string(user_id));
  return transaction->commit();
}

}  // namespace hsd::engine
