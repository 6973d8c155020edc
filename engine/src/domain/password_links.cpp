#include "password_links.hpp"

#include "identity.hpp"
#include "secret_tokens.hpp"
#include "web_sessions.hpp"

namespace hsd::engine {
namespace {

constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kMinPasswordChars = 10;
constexpr std::size_t kMaxPasswordChars = 256;

Error gone(const std::string& reason, const std::string& message) {
  Error error = make_error(ErrorCode::invalid_argument, message);
  error.reason = kLinkGone;
  error.details_json = R"({"field":"token","reason":")" + reason + "\"}";
  return error;
}

Error link_used() { return gone("link_used", "this link has already been used"); }

// Characters, not bytes: a UTF-8 continuation byte does not start one.
std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string link_url(const std::string& public_url, const std::string& token) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/set-password#token=" + token;
}

// Marks every unused link of the user used, so that none can change the password later.
Status spend_unused_links(Session& session, std::int64_t user_id, std::int64_t now) {
  Query query;
  query.where.set("user_id", user_id);
  query.where.set("used_at", Poco::Dynamic::Var());
  auto rows = session.find("password_links", query);
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    Poco::JSON::Object patch;
    patch.set("used_at", now);
    Poco::JSON::Object unused;
    unused.set("used_at", Poco::Dynamic::Var());
    auto spent = session.update("password_links", row->getValue<std::int64_t>("id"), patch, unused);
    if (!spent && spent.error().code != ErrorCode::conflict) return spent.error();
  }
  return {};
}

}  // namespace

bool has_set_password(const JsonObject& user) { return !user->isNull("password_set_at"); }

Result<IssuedLink> issue_password_link(Session& session, const LinkRequest& request, const std::string& public_url,
                                       const Actor& actor, std::int64_t now) {
  const std::string token = random_base64url(kTokenBytes);
  Poco::JSON::Object record;
  record.set("token_hash", sha256_hex(token));
  record.set("user_id", request.user_id);
  if (request.workspace_id) record.set("workspace_id", *request.workspace_id);
  record.set("purpose", request.purpose);
  if (actor.user_id) record.set("created_by", *actor.user_id);
  record.set("created_at", now);
  record.set("expires_at", now + kPasswordLinkLifetimeMs);
  auto row = session.insert("password_links", record);
  if (!row) return row.error();
  audit(session, request.workspace_id, actor, "auth.password_link", "user", std::to_string(request.user_id),
        R"({"purpose":")" + request.purpose + R"(","link":)" + (*row)->get("id").toString() + "}");
  IssuedLink link;
  link.url = link_url(public_url, token);
  link.expires_at = now + kPasswordLinkLifetimeMs;
  link.row = *row;
  return link;
}

JsonObject link_view(const IssuedLink& link) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("url", link.url);
  view->set("expires_at", iso8601(link.expires_at));
  return view;
}

Result<JsonObject> usable_password_link(Session& session, std::string_view token, std::int64_t now) {
  auto found = find_by_token_hash(session, "password_links", token);
  if (!found) return found.error();
  if (token.empty() || !*found) {
    Error error = make_error(ErrorCode::not_found, "this link is not known; ask for a new one");
    error.details_json = R"({"field":"token"})";
    return error;
  }
  const JsonObject& row = *found;
  if (!row->isNull("used_at")) return link_used();
  if (row->getValue<std::int64_t>("expires_at") <= now) return gone("link_expired", "this link has expired");
  return row;
}

Result<JsonObject> redeem_password_link(Session& session, std::string_view token, const std::string& password_hash,
                                        const Actor& actor, std::int64_t now) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto link = usable_password_link(session, token, now);
  if (!link) return link.error();
  const auto link_id = (*link)->getValue<std::int64_t>("id");
  const auto user_id = (*link)->getValue<std::int64_t>("user_id");
  Poco::JSON::Object used;
  used.set("used_at", now);
  Poco::JSON::Object unused;
  unused.set("used_at", Poco::Dynamic::Var());
  auto taken = session.update("password_links", link_id, used, unused);
  if (!taken) return taken.error().code == ErrorCode::conflict ? link_used() : taken.error();
  HSD_TRY(spend_unused_links(session, user_id, now));
  Poco::JSON::Object patch;
  patch.set("password_hash", password_hash);
  patch.set("password_set_at", now);
  auto user = session.update("users", user_id, patch);
  if (!user) return user.error();
  Actor who = actor;
  who.user_id = user_id;
  audit(session, (*link)->isNull("workspace_id") ? std::nullopt
                                                 : std::optional<std::int64_t>((*link)->getValue<std::int64_t>("workspace_id")),
        who, "auth.password_set", "user", std::to_string(user_id), R"({"link":)" + std::to_string(link_id) + "}");
  HSD_TRY(transaction->commit());
  return *user;
}

Status check_new_password(std::string_view password, std::string_view email) {
  const std::size_t length = characters(password);
  if (length < kMinPasswordChars) {
    return field_error("password", "use at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  if (length > kMaxPasswordChars) {
    return field_error("password", "use at most " + std::to_string(kMaxPasswordChars) + " characters");
  }
  if (normal_email(std::string(password)) == normal_email(std::string(email))) {
    return field_error("password", "the password must not be your e-mail address");
  }
  return {};
}

Result<IssuedLink> issue_member_link(Session& session, std::int64_t workspace_id, std::int64_t user_id,
                                     const std::string& public_url, const Actor& actor, std::int64_t now) {
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.where.set("user_id", user_id);
  auto memberships = session.find("memberships", query);
  if (!memberships) return memberships.error();
  if (memberships->empty()) {
    return make_error(ErrorCode::not_found, "user " + std::to_string(user_id) + " is not a member of this workspace");
  }
  auto user = session.get("users", user_id);
  if (!user) return user.error();
  if (has_set_password(*user)) {
    return make_error(ErrorCode::conflict,
                      "this member has already set a password, so only they (or an operator with "
                      "`hsdeploy admin reset-password`) can change it");
  }
  return issue_password_link(session, LinkRequest{user_id, workspace_id, "owner"}, public_url, actor, now);
}

Result<IssuedLink> reset_password(Session& session, std::int64_t user_id, const std::string& public_url,
                                  const Actor& actor, std::int64_t now) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  Poco::JSON::Object patch;
  patch.set("password_hash", std::string());
  auto user = session.update("users", user_id, patch);
  if (!user) return user.error();
  auto ended = revoke_user_sessions(session, user_id, now);
  if (!ended) return ended.error();
  HSD_TRY(spend_unused_links(session, user_id, now));
  audit(session, std::nullopt, actor, "auth.password_reset", "user", std::to_string(user_id),
        R"({"sessions_ended":)" + std::to_string(*ended) + "}");
  auto link = issue_password_link(session, LinkRequest{user_id, std::nullopt, "reset"}, public_url, actor, now);
  if (!link) return link.error();
  HSD_TRY(transaction->commit());
  return link;
}

}  // namespace hsd::engine
