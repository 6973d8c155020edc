#include "identity.hpp"

#include <cctype>

#include "connections.hpp"
#include "secret_tokens.hpp"

namespace hsd::engine {
namespace {

// A token's last use is recorded at most this often, so reads do not each cost a write.
constexpr std::int64_t kLastUsedResolutionMs = 60 * 1000;
constexpr const char* kTokenPrefix = "hsd_";

Error unauthenticated(const std::string& why) { return make_error(ErrorCode::unauthenticated, why); }

}  // namespace

std::optional<Role> parse_role(std::string_view name) {
  if (name == "member") return Role::member;
  if (name == "admin") return Role::admin;
  if (name == "owner") return Role::owner;
  return std::nullopt;
}

const char* role_name(Role role) {
  switch (role) {
    case Role::member: return "member";
    case Role::admin: return "admin";
    case Role::owner: return "owner";
  }
  return "member";
}

Status check_email(std::string_view email) {
  const auto at = email.find('@');
  const bool shaped = at != std::string_view::npos && at > 0 && at + 1 < email.size() &&
                      email.find('@', at + 1) == std::string_view::npos && email.size() <= 254 &&
                      email.find_first_of(" \t\r\n") == std::string_view::npos;
  if (!shaped) {
    Error error = make_error(ErrorCode::invalid_argument, "email: '" + std::string(email) + "' is not an e-mail address");
    error.details_json = R"({"field":"email"})";
    return error;
  }
  return {};
}

std::string normal_email(std::string email) {
  for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email;
}

Result<JsonObject> find_user(Session& session, const std::string& email) {
  Query query;
  query.where.set("email", normal_email(email));
  auto rows = session.find("users", query);
  if (!rows) return rows.error();
  if (rows->empty()) return make_error(ErrorCode::not_found, "no user has the e-mail '" + email + "'");
  return rows->front();
}

Result<JsonObject> ensure_user(Session& session, const std::string& email) {
  HSD_TRY(check_email(email));
  auto found = find_user(session, email);
  if (found || found.error().code != ErrorCode::not_found) return found;
  Poco::JSON::Object record;
  record.set("email", normal_email(email));
  return session.insert("users", record);
}

Result<IssuedToken> issue_token(Session& session, std::int64_t user_id, const std::string& name) {
  IssuedToken issued;
  issued.token = kTokenPrefix + random_hex(32);
  Poco::JSON::Object record;
  record.set("user_id", user_id);
  record.set("name", name);
  record.set("token_hash", sha256_hex(issued.token));
  auto row = session.insert("api_tokens", record);
  if (!row) return row.error();
  issued.row = *row;
  return issued;
}

Result<JsonObject> revoke_token(Session& session, std::int64_t token_id) {
  auto row = session.get("api_tokens", token_id);
  if (!row) return row.error();
  if (!(*row)->isNull("revoked_at")) return *row;
  Poco::JSON::Object patch;
  patch.set("revoked_at", now_ms());
  return session.update("api_tokens", token_id, patch);
}

Result<Caller> authenticate(Session& session, std::string_view token) {
  if (token.empty()) return unauthenticated("an API token is required: send 'Authorization: Bearer <token>'");
  auto found = find_by_token_hash(session, "api_tokens", token);
  if (!found) return found.error();
  if (!*found) return unauthenticated("the API token is not valid");
  const JsonObject& row = *found;
  if (!row->isNull("revoked_at")) return unauthenticated("the API token was revoked");
  Caller caller;
  caller.user_id = row->getValue<std::int64_t>("user_id");
  caller.token_id = row->getValue<std::int64_t>("id");
  const std::int64_t now = now_ms();
  if (row->isNull("last_used_at") || row->getValue<std::int64_t>("last_used_at") + kLastUsedResolutionMs < now) {
    Poco::JSON::Object patch;
    patch.set("last_used_at", now);
    (void)session.update("api_tokens", caller.token_id, patch);  // best effort: a read must not fail on it
  }
  return caller;
}

Result<Bootstrapped> bootstrap(Session& session, const std::string& workspace, const std::string& email,
                               const Actor& actor) {
  HSD_TRY(check_email(email));
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto ws = ensure_workspace(session, workspace);
  if (!ws) return ws.error();
  const auto workspace_id = (*ws)->getValue<std::int64_t>("id");
  Query owners;
  owners.where.set("workspace_id", workspace_id);
  owners.where.set("role", std::string("owner"));
  auto existing = session.find("memberships", owners);
  if (!existing) return existing.error();
  if (!existing->empty()) {
    return make_error(ErrorCode::conflict, "workspace '" + workspace +
                                               "' already has an owner; an owner adds people with "
                                               "POST /api/v1/workspaces/" + std::to_string(workspace_id) +
                                               "/members, and `hsdeploy tokens create --email E` issues tokens");
  }
  auto user = ensure_user(session, email);
  if (!user) return user.error();
  const auto user_id = (*user)->getValue<std::int64_t>("id");
  Poco::JSON::Object membership;
  membership.set("workspace_id", workspace_id);
  membership.set("user_id", user_id);
  membership.set("role", std::string("owner"));
  auto member = session.insert("memberships", membership);
  if (!member) return member.error();
  auto token = issue_token(session, user_id, "bootstrap");
  if (!token) return token.error();
  audit(session, workspace_id, actor, "workspace.bootstrap", "user", std::to_string(user_id),
        "{\"email\":" + stringify(Poco::Dynamic::Var(email)) + "}");
  HSD_TRY(transaction->commit());
  return Bootstrapped{*ws, *user, std::move(*token)};
}

JsonObject user_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("email", row->get("email"));
  view->set("name", row->get("name"));
  view->set("created_at", time_or_null(row, "created_at"));
  return view;
}

JsonObject token_view(const JsonObject& row, const std::string& email) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("user_id", row->get("user_id"));
  view->set("user", email);
  view->set("name", row->get("name"));
  view->set("created_at", time_or_null(row, "created_at"));
  view->set("last_used_at", time_or_null(row, "last_used_at"));
  view->set("revoked_at", time_or_null(row, "revoked_at"));
  return view;
}

}  // namespace hsd::engine
