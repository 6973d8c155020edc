// GET /api/v1/me; GET/POST /api/v1/workspaces; members (owners manage them); the audit log.
#include <Poco/JSON/Array.h>

#include <charconv>
#include <map>
#include <utility>

#include "domain/access.hpp"
#include "domain/members.hpp"
#include "domain/password_links.hpp"
#include "request_body.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

Poco::JSON::Array::Ptr to_json_array(const std::vector<JsonObject>& items) {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& item : items) array->add(item);
  return array;
}

Result<Role> role_field(const JsonObject& body) {
  const auto text = body->getValue<std::string>("role");
  auto role = parse_role(text);
  if (!role) return field_error("role", "'" + text + "' is not a role; allowed: owner, admin, member");
  return *role;
}

ApiResponse me(RequestContext& ctx) {
  HSD_API_TRY(user, ctx.session().get("users", ctx.user().user_id));
  HSD_API_TRY(workspaces, workspaces_of(ctx.session(), ctx.user().user_id));
  JsonObject view = user_view(*user);
  view->set("workspaces", to_json_array(*workspaces));
  return json_response(200, view);
}

ApiResponse list_workspaces(RequestContext& ctx) {
  HSD_API_TRY(workspaces, workspaces_of(ctx.session(), ctx.user().user_id));
  return json_response(200, to_json_array(*workspaces));
}

ApiResponse create_workspace_route(RequestContext& ctx) {
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"name", FieldType::string, true}}));
  HSD_API_TRY(created, create_workspace(ctx.session(), (*body)->getValue<std::string>("name"), ctx.user().user_id,
                                        ctx.actor()));
  return json_response(201, *created);
}

ApiResponse list_members_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, workspace_access(ctx.session(), ctx.user(), *ws));
  HSD_API_TRY(members, list_members(ctx.session(), *ws));
  return json_response(200, to_json_array(*members));
}

ApiResponse add_member_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::owner, "manage members"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"email", FieldType::string, true}, {"role", FieldType::string, true}}));
  HSD_API_TRY(role, role_field(*body));
  HSD_API_TRY(member, add_member(ctx.session(), *ws, (*body)->getValue<std::string>("email"), *role, ctx.actor()));
  // Someone who has never set a password gets a one-time link to set one (the owner passes it on).
  HSD_API_TRY(user, ctx.session().get("users", (*member)->getValue<std::int64_t>("user_id")));
  if (!has_set_password(*user)) {
    HSD_API_TRY(link, issue_password_link(ctx.session(), LinkRequest{(*user)->getValue<std::int64_t>("id"), *ws, "member"},
                                          ctx.service.engine.config().service.public_url, ctx.actor(), now_ms()));
    (*member)->set("password_link", link_view(*link));
  }
  return json_response(201, *member);
}

ApiResponse change_member_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::owner, "manage members"));
  HSD_API_TRY(user_id, path_id(ctx.request, "user_id", "member"));
  HSD_API_TRY(body, parse_body(ctx.request.body, {{"role", FieldType::string, true}}));
  HSD_API_TRY(role, role_field(*body));
  HSD_API_TRY(member, change_member_role(ctx.session(), *ws, *user_id, *role, ctx.actor()));
  return json_response(200, *member);
}

ApiResponse remove_member_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::owner, "manage members"));
  HSD_API_TRY(user_id, path_id(ctx.request, "user_id", "member"));
  auto removed = remove_member(ctx.session(), *ws, *user_id, ctx.actor());
  if (!removed) return error_response(removed.error());
  return no_content();
}

// The names people read in the audit log instead of ids: the acting user's e-mail, and the
// target's e-mail, label or name (null for the system, a kind of target without a name, or a
// record since deleted). A page names few distinct records, so each is looked up once.
class AuditNames {
 public:
  explicit AuditNames(Session& session) : session_(session) {}

  Result<Poco::Dynamic::Var> of(const std::string& target_type, const Poco::Dynamic::Var& id) {
    static const std::map<std::string, std::pair<std::string, std::string>> kNameColumns = {
        {"user", {"users", "email"}},
        {"connection", {"connections", "label"}},
        {"repository", {"repositories", "full_name"}},
        {"workspace", {"workspaces", "name"}},
    };
    const auto column = kNameColumns.find(target_type);
    std::int64_t record_id = 0;
    if (column == kNameColumns.end() || id.isEmpty() || !parse_id(id.toString(), record_id)) {
      return Poco::Dynamic::Var();
    }
    const auto key = std::make_pair(target_type, record_id);
    if (auto found = known_.find(key); found != known_.end()) return found->second;
    auto record = session_.get(column->second.first, record_id);
    Poco::Dynamic::Var name;
    if (record) {
      name = (*record)->get(column->second.second);
    } else if (record.error().code != ErrorCode::not_found) {
      return record.error();
    }
    known_.emplace(key, name);
    return name;
  }

 private:
  static bool parse_id(const std::string& text, std::int64_t& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
  }

  Session& session_;
  std::map<std::pair<std::string, std::int64_t>, Poco::Dynamic::Var> known_;
};

// Newest first; ?before=ID pages back, ?limit=N (at most 500).
ApiResponse audit_route(RequestContext& ctx) {
  HSD_API_TRY(ws, path_id(ctx.request, "ws", "workspace"));
  HSD_API_TRY(access, require_role(ctx.session(), ctx.user(), *ws, Role::admin, "read the audit log"));
  HSD_API_TRY(limit, query_int(ctx.request, "limit", 1, 500));
  HSD_API_TRY(before, query_int(ctx.request, "before", 1, INT64_MAX));
  Query query;
  query.where.set("workspace_id", *ws);
  query.descending = true;
  query.limit = limit->value_or(100);
  if (*before) query.after_id = **before;
  HSD_API_TRY(rows, ctx.session().find("audit_log", query));
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  AuditNames names(ctx.session());
  for (const auto& row : *rows) {
    HSD_API_TRY(email, names.of("user", row->get("user_id")));
    const std::string target_type = row->getValue<std::string>("target_type");
    HSD_API_TRY(target_name, names.of(target_type, row->get("target_id")));
    JsonObject entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    entry->set("id", row->get("id"));
    entry->set("at", time_or_null(row, "created_at"));
    entry->set("user_id", row->get("user_id"));
    entry->set("user_email", *email);
    entry->set("action", row->get("action"));
    entry->set("target_type", row->get("target_type"));
    entry->set("target_id", row->get("target_id"));
    entry->set("target_name", *target_name);
    entry->set("details", row->get("details"));
    entry->set("remote_addr", row->get("remote_addr"));
    array->add(entry);
  }
  return json_response(200, array);
}

}  // namespace

void add_workspace_routes(Router& router) {
  router.add("GET", "/api/v1/me", me);
  router.add("GET", "/api/v1/workspaces", list_workspaces);
  router.add("POST", "/api/v1/workspaces", create_workspace_route);
  router.add("GET", "/api/v1/workspaces/{ws}/members", list_members_route);
  router.add("POST", "/api/v1/workspaces/{ws}/members", add_member_route);
  router.add("PATCH", "/api/v1/workspaces/{ws}/members/{user_id}", change_member_route);
  router.add("DELETE", "/api/v1/workspaces/{ws}/members/{user_id}", remove_member_route);
  router.add("GET", "/api/v1/workspaces/{ws}/audit", audit_route);
}

}  // namespace hsd::engine::service
