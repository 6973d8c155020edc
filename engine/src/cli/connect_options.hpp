// A plugin's connect options for `hsdeploy connect PLUGIN`: its direct connect parameters
// (--private-app-token is private_app_token), never the ones a flow supplies (an OAuth code, a
// PKCE verifier, a device code: --oauth and --device obtain them), then the engine's --label
// and --workspace and the flows the plugin offers. A new plugin needs no CLI change.
#pragma once

#include "command_options.hpp"
#include "domain/json_util.hpp"
#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine::cli {

struct ConnectOptions {
  CommandSpec spec;
  bool can_oauth = false;   // --oauth, --redirect-uri, --oauth-timeout
  bool can_device = false;  // --device
};

ConnectOptions connect_options(const Plugin& plugin, const ActionInfo& connect);

// The connect action's params from the parsed options: each direct parameter given, in its
// declared JSON type. A parameter required when connecting directly must be there unless
// --oauth or --device was chosen. Errors name the option (exit 2).
Result<JsonObject> direct_params(const ConnectOptions& options, const ActionInfo& connect, const ParsedArgs& parsed);

}  // namespace hsd::engine::cli
