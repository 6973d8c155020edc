// Making a connection, shared by the CLI and the API: the plugin's consent flow starts with a
// stored state and the plugin's authorize URL, and the connect pipeline stores the result.
#pragma once

#include <string>

#include "audit.hpp"
#include "credential_service.hpp"
#include "oauth_states.hpp"

namespace hsd::engine {

struct ConnectRequest {
  std::string plugin;
  std::int64_t workspace_id = 0;
  std::string label;        // empty: the plugin's default (the account name)
  std::string params_json;  // the plugin's connect action's params
  Actor actor;
};

// Runs the connect pipeline; the stored connection row, or the pipeline's error.
Result<JsonObject> connect_connection(Engine& engine, CredentialService& credentials, const ConnectRequest& request);

// Asks the plugin for its authorize URL around a new state, and stores the state bound to
// `binding` with the redirect URI and, sealed, any `connect_params` the plugin's oauth_start
// returned (e.g. a PKCE code verifier); the plugin must have an oauth_start action.
Result<std::string> start_oauth(Engine& engine, Session& session, const OAuthStateBinding& binding,
                                const std::string& redirect_uri);

// The connect action's params for a redeemed state: the plugin's sealed connect_params, the
// code, and the redirect URI the consent page got.
Result<JsonObject> oauth_connect_params(const Engine& engine, const JsonObject& state_data, const std::string& code,
                                        const std::string& default_redirect_uri);

}  // namespace hsd::engine
