#include "web_sessions.hpp"

#include <algorithm>

#include "secret_tokens.hpp"

namespace hsd::engine {
namespace {

// last_seen_at is written at most this often per session.
constexpr std::int64_t kLastSeenResolutionMs = 60 * 1000;
constexpr std::size_t kTokenBytes = 32;

Error sign_in_again(const std::string& why) { return make_error(ErrorCode::unauthenticated, why + "; sign in again"); }

}  // namespace

Result<IssuedSession> create_web_session(Session& session, std::int64_t user_id, const std::string& remote_addr,
                                         const SessionTimes& times, std::int64_t now) {
  IssuedSession issued;
  issued.token = random_base64url(kTokenBytes);
  Poco::JSON::Object record;
  record.set("token_hash", sha256_hex(issued.token));
  record.set("user_id", user_id);
  record.set("csrf_token", random_base64url(kTokenBytes));
  record.set("created_at", now);
  record.set("last_seen_at", now);
  record.set("expires_at", now + times.lifetime_ms);
  record.set("remote_addr", remote_addr);
  auto row = session.insert("web_sessions", record);
  if (!row) return row.error();
  issued.row = *row;
  return issued;
}

std::int64_t web_session_ends_at(const JsonObject& row, const SessionTimes& times) {
  return std::min(row->getValue<std::int64_t>("expires_at"), row->getValue<std::int64_t>("last_seen_at") + times.idle_ms);
}

Result<JsonObject> authenticate_web_session(Session& session, std::string_view token, const SessionTimes& times,
                                            std::int64_t now) {
  if (token.empty()) return sign_in_again("you are not signed in");
  auto found = find_by_token_hash(session, "web_sessions", token);
  if (!found) return found.error();
  if (!*found) return sign_in_again("your session is not known (it may have ended)");
  JsonObject row = *found;
  if (!row->isNull("revoked_at")) return sign_in_again("your session has ended");
  if (web_session_ends_at(row, times) <= now) return sign_in_again("your session has expired");
  if (row->getValue<std::int64_t>("last_seen_at") + kLastSeenResolutionMs <= now) {
    Poco::JSON::Object patch;
    patch.set("last_seen_at", now);
    auto updated = session.update("web_sessions", row->getValue<std::int64_t>("id"), patch);
    if (updated) row = *updated;  // best effort: a read must not fail on it
  }
  return row;
}

Status revoke_web_session(Session& session, std::int64_t session_id, std::int64_t now) {
  Poco::JSON::Object patch;
  patch.set("revoked_at", now);
  Poco::JSON::Object live;
  live.set("revoked_at", Poco::Dynamic::Var());
  auto updated = session.update("web_sessions", session_id, patch, live);
  if (!updated && updated.error().code != ErrorCode::conflict) return updated.error();
  return {};
}

Result<std::int64_t> revoke_user_sessions(Session& session, std::int64_t user_id, std::int64_t now) {
  Query query;
  query.where.set("user_id", user_id);
  query.where.set("revoked_at", Poco::Dynamic::Var());
  auto rows = session.find("web_sessions", query);
  if (!rows) return rows.error();
  std::int64_t ended = 0;
  for (const auto& row : *rows) {
    HSD_TRY(revoke_web_session(session, row->getValue<std::int64_t>("id"), now));
    ++ended;
  }
  return ended;
}

}  // namespace hsd::engine
