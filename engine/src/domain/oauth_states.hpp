// OAuth `state` values: random, single use, valid for 10 minutes, and bound to the workspace,
// user and plugin that started the flow. Only a hash of each state is stored, so a database
// reader cannot complete someone else's authorization.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

inline constexpr std::int64_t kOAuthStateLifetimeMs = 10 * 60 * 1000;

struct OAuthStateBinding {
  std::int64_t workspace_id = 0;
  std::optional<std::int64_t> user_id;  // none for the one-shot CLI
  std::string plugin;
};

// Creates and stores a state (256 random bits, hex) with data the callback needs (e.g. the
// redirect URI); returns the state to put in the authorize URL.
Result<std::string> create_oauth_state(Session& session, const OAuthStateBinding& binding,
                                       const JsonObject& data, std::int64_t now_ms);

// The two halves of create_oauth_state, for a flow whose data depends on the state (the
// plugin builds its authorize URL, and PKCE verifier, around it).
std::string new_oauth_state();
Status store_oauth_state(Session& session, std::string_view state, const OAuthStateBinding& binding,
                         const JsonObject& data, std::int64_t now_ms);

// Accepts a state once: it must be known, unused, unexpired and bound to the same workspace,
// user and plugin. Marks it used atomically, so two callbacks with one state cannot both
// succeed. Returns the data stored with it. Every refusal is ErrorCode::invalid_argument
// with a message saying which of the four it was.
Result<JsonObject> consume_oauth_state(Session& session, std::string_view state,
                                       const OAuthStateBinding& binding, std::int64_t now_ms);

struct RedeemedState {
  OAuthStateBinding binding;
  JsonObject data;
};

// Accepts a state once for the plugin, whoever started the flow: the service's callback is
// reached by a browser without the API token, so the state itself says which workspace and
// user it is for. Refusals are as for consume_oauth_state.
Result<RedeemedState> redeem_oauth_state(Session& session, std::string_view state, const std::string& plugin,
                                         std::int64_t now_ms);

}  // namespace hsd::engine
