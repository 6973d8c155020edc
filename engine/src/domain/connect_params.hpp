// What a person may pass a plugin's connect action directly (a REST body, CLI options, the web
// UI's form): the parameters the plugin declared, except those a connect flow reserves (an
// OAuth code, a PKCE verifier, a device code), checked against their declared types. The same
// rules for every plugin, so a new one connects everywhere with no engine change.
#pragma once

#include <vector>

#include "hsd/engine/plugin_host.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// The parameters a person may give directly, in declared order.
std::vector<const ParamInfo*> direct_connect_params(const ActionInfo& connect);

// Required when a person connects directly: always required, or required unless a flow runs.
bool required_directly(const ParamInfo& param);

// The flows a plugin offers: "oauth" (oauth_start, and connect takes code and redirect_uri)
// and "device" (device_start, and connect takes device_code).
std::vector<std::string> connect_flows(const Plugin& plugin);

// Checks the fields given directly (besides the engine's own, which the caller removed): each
// is a direct parameter of its declared type, and every required one is there. The error
// names the field (field_error). Returns the params for the connect action.
Result<JsonObject> check_direct_connect(const Plugin& plugin, const ActionInfo& connect, const JsonObject& given);

// Registers the values of an action's secret parameters, and of the plugin's declared secret
// output fields found in `json` at any depth, with the log redactor.
void register_secret_values(const ActionInfo& action, const JsonObject& params);
void register_secret_outputs(const Plugin& plugin, const std::string& output_json);

}  // namespace hsd::engine
