// Calling one plugin action on behalf of a stored connection, outside a pipeline: what the
// repository commands need (list what the token can see, check a repository). The plugin
// gets the connection, its credentials (refreshed first when they expire soon) and its data
// folder, exactly as a pipeline step would.
#pragma once

#include <string>

#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// The input JSON every plugin action receives: params, the connection (or null), its
// credentials (or null) and the plugin's data folder (<plugins.data_dir>/<plugin id>).
std::string plugin_input_json(const Engine& engine, const std::string& plugin_id, const std::string& params_json,
                              const std::string& connection_json, const std::string& credentials_json);

// Runs `action` of the connection's plugin and returns its output object ({} when it set none).
Result<JsonObject> run_connection_action(Engine& engine, CredentialService& credentials, Session& session,
                                         const JsonObject& connection, const std::string& action,
                                         const JsonObject& params);

}  // namespace hsd::engine
