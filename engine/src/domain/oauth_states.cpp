#include "oauth_states.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <array>

namespace hsd::engine {
namespace {

std::string state_hash(std::string_view state) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(state.data(), static_cast<unsigned>(state.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string random_state() {
  std::array<unsigned char, 32> bytes{};
  Poco::RandomInputStream random;  // the OS's CSPRNG
  random.read(reinterpret_cast<char*>(bytes.data()), bytes.size());
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

Error refused(const std::string& why) {
  return make_error(ErrorCode::invalid_argument, "OAuth state refused: " + why + "; start the connection again");
}

}  // namespace

Result<std::string> create_oauth_state(Session& session, const OAuthStateBinding& binding,
                                       const JsonObject& data, std::int64_t now_ms) {
  const std::string state = random_state();
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
  return state;
}

Result<JsonObject> consume_oauth_state(Session& session, std::string_view state,
                                       const OAuthStateBinding& binding, std::int64_t now_ms) {
  if (state.empty()) return refused("the redirect carried no state");
  Query query;
  query.where.set("state_hash", state_hash(state));
  auto rows = session.find("oauth_states", query);
  if (!rows) return rows.error();
  if (rows->empty()) return refused("it is unknown");
  const JsonObject& row = rows->front();
  const bool same_user = binding.user_id ? (!row->isNull("user_id") && row->getValue<std::int64_t>("user_id") == *binding.user_id)
                                         : row->isNull("user_id");
  if (row->getValue<std::int64_t>("workspace_id") != binding.workspace_id || !same_user ||
      row->getValue<std::string>("plugin") != binding.plugin) {
    return refused("it was issued to another workspace, user or plugin");
  }
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
  auto data = row->getObject("data");
  return data ? data : JsonObject(new Poco::JSON::Object);
}

}  // namespace hsd::engine
