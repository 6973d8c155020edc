#include "oauth_states.hpp"

#include <functional>

#include "secret_tokens.hpp"

namespace hsd::engine {
namespace {

std::string state_hash(std::string_view state) { return sha256_hex(state); }

Error refused(const std::string& why) {
  return make_error(ErrorCode::invalid_argument, "OAuth state refused: " + why + "; start the connection again");
}

}  // namespace

std::string new_oauth_state() { return random_hex(32); }

Result<std::string> create_oauth_state(Session& session, const OAuthStateBinding& binding,
                                       const JsonObject& data, std::int64_t now_ms) {
  std::string state = new_oauth_state();
  HSD_TRY(store_oauth_state(session, state, binding, data, now_ms));
  return state;
}

Status store_oauth_state(Session& session, std::string_view state, const OAuthStateBinding& binding,
                         const JsonObject& data, std::int64_t now_ms) {
  Poco::JSON::Object record;
  record.set("state_hash", state_hash(state));
  record.set("workspace_id", binding.workspace_id);
  if (binding.user_id) record.set("user_id", *binding.user_id);
  record.set("plugin", binding.plugin);
  record.set("data", data ? data : JsonObject(new Poco::JSON::Object));
  record.set("created_at", now_ms);
  record.set("expires_at", now_ms + kOAuthStateLifetimeMs);
  auto inserted = session.insert("oauth_states", record);
  if (!inserted) return inserted.error();
  return {};
}

namespace {

// Marks the state used if it exists, is unused and unexpired, and `matches` its row.
Result<RedeemedState> take_state(Session& session, std::string_view state,
                                 const std::function<bool(const JsonObject&)>& matches, std::int64_t now_ms) {
  if (state.empty()) return refused("the redirect carried no state");
  Query query;
  query.where.set("state_hash", state_hash(state));
  auto rows = session.find("oauth_states", query);
  if (!rows) return rows.error();
  if (rows->empty()) return refused("it is unknown");
  const JsonObject& row = rows->front();
  if (!matches(row)) return refused("it was issued to another workspace, user or plugin");
  if (!row->isNull("used_at")) return refused("it was already used");
  if (row->getValue<std::int64_t>("expires_at") <= now_ms) return refused("it expired (states are valid for 10 minutes)");
  Poco::JSON::Object patch;
  patch.set("used_at", now_ms);
  Poco::JSON::Object unused;
  unused.set("used_at", Poco::Dynamic::Var());
  auto marked = session.update("oauth_states", row->getValue<std::int64_t>("id"), patch, unused);
  if (!marked) {
    if (marked.error().code == ErrorCode::conflict) return refused("it was already used");
    return marked.error();
  }
  RedeemedState redeemed;
  redeemed.binding.workspace_id = row->getValue<std::int64_t>("workspace_id");
  if (!row->isNull("user_id")) redeemed.binding.user_id = row->getValue<std::int64_t>("user_id");
  redeemed.binding.plugin = row->getValue<std::string>("plugin");
  auto data = row->getObject("data");
  redeemed.data = data ? data : JsonObject(new Poco::JSON::Object);
  return redeemed;
}

}  // namespace

Result<JsonObject> consume_oauth_state(Session& session, std::string_view state,
                                       const OAuthStateBinding& binding, std::int64_t now_ms) {
  auto taken = take_state(
      session, state,
      [&](const JsonObject& row) {
        const bool same_user = binding.user_id
                                   ? (!row->isNull("user_id") && row->getValue<std::int64_t>("user_id") == *binding.user_id)
                                   : row->isNull("user_id");
        return row->getValue<std::int64_t>("workspace_id") == binding.workspace_id && same_user &&
               row->getValue<std::string>("plugin") == binding.plugin;
      },
      now_ms);
  if (!taken) return taken.error();
  return taken->data;
}

Result<RedeemedState> redeem_oauth_state(Session& session, std::string_view state, const std::string& plugin,
                                         std::int64_t now_ms) {
  return take_state(
      session, state, [&](const JsonObject& row) { return row->getValue<std::string>("plugin") == plugin; }, now_ms);
}

}  // namespace hsd::engine
