// hsdeploy connect PLUGIN --PARAM VALUE...: the options are the plugin's connect parameters
// (--private-app-token is private_app_token), so a new plugin needs no CLI change. Parameters
// a connect flow supplies (an OAuth code, a device code) are never options: --oauth and
// --device obtain them.
#include <algorithm>
#include <ostream>

#include "cli.hpp"
#include "connect_options.hpp"
#include "domain/connecting.hpp"
#include "domain/connections.hpp"
#include "domain/oauth_states.hpp"
#include "loopback_redirect.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const CommandSpec kConnect{"connect", "connect PLUGIN [--PARAM VALUE...] [--label L] [--workspace W]",
                           "connect an account with the plugin's connect parameters; "
                           "'hsdeploy connect PLUGIN --help' lists them"};

// The consent flow from a terminal: a loopback listener receives the browser's redirect, and
// its code goes to the plugin's connect action. The plugin builds the authorize URL
// (oauth_start) and exchanges the code; the engine owns the state and the listener.
Result<JsonObject> oauth_params(Cli& cli, Plugin& plugin, Session& session, std::int64_t workspace_id,
                                const ParsedArgs& parsed) {
  auto listener = LoopbackRedirect::start(parsed.value("redirect-uri").value_or(""));
  if (!listener) return listener.error();
  const OAuthStateBinding binding{workspace_id, std::nullopt, plugin.id()};
  auto url = start_oauth(**cli.engine(), session, binding, (*listener)->redirect_uri());
  if (!url) return url.error();

  cli.err() << "Open this URL in a browser to connect " << plugin.id() << ":\n  " << *url
            << "\nWaiting for the redirect to " << (*listener)->redirect_uri() << " ..." << std::endl;
  std::int64_t timeout = 600;
  if (auto text = parsed.value("oauth-timeout")) {
    try {
      timeout = std::stoll(*text);
    } catch (const std::exception&) {
      timeout = 0;
    }
    if (timeout < 1) return make_error(ErrorCode::invalid_argument, "--oauth-timeout: give whole seconds, at least 1");
  }
  auto redirect = (*listener)->wait(std::chrono::seconds(timeout));
  if (!redirect) return redirect.error();
  if (auto error = redirect->find("error"); error != redirect->end()) {
    const auto description = redirect->count("error_description") ? ": " + redirect->at("error_description") : "";
    return make_error(ErrorCode::permission_denied, "the authorization was refused (" + error->second + description + ")");
  }
  auto consumed = consume_oauth_state(session, redirect->count("state") ? redirect->at("state") : "", binding, now_ms());
  if (!consumed) return consumed.error();
  const auto code = redirect->count("code") ? redirect->at("code") : "";
  if (code.empty()) return make_error(ErrorCode::invalid_argument, "the OAuth redirect carried no code");
  return oauth_connect_params(**cli.engine(), *consumed, code, (*listener)->redirect_uri());
}

// The device flow from a terminal without a browser: the plugin asks the provider for a user
// code, the user enters it on the provider's page from any device, and the connect action
// polls until they have (or the code expires).
Result<JsonObject> device_params(Cli& cli, Plugin& plugin) {
  CallContext call;
  call.http = &(*cli.engine())->http();
  HSD_TRY(plugin.invoke(call, "device_start", "{\"params\":{}}"));
  auto started = parse_object(call.output(), "the device_start action's output");
  if (!started) return started.error();
  const auto user_code = (*started)->optValue<std::string>("user_code", "");
  const auto uri = (*started)->optValue<std::string>("verification_uri", "");
  if (user_code.empty() || uri.empty() || !(*started)->has("device_code")) {
    return make_error(ErrorCode::internal, "plugin '" + plugin.id() + "' started no device flow (no code or URL)");
  }
  const auto expires_in = (*started)->optValue<std::int64_t>("expires_in", 900);
  cli.err() << "To connect " << plugin.id() << ", open " << uri << " on any device and enter the code\n\n    "
            << user_code << "\n\nThe code is valid for " << (expires_in + 59) / 60 << " minutes. Waiting ..."
            << std::endl;
  JsonObject params = new Poco::JSON::Object;
  params->set("device_code", (*started)->get("device_code"));
  params->set("interval", (*started)->optValue<std::int64_t>("interval", 5));
  params->set("expires_in", expires_in);
  return params;
}

}  // namespace

int run_connect(Cli& cli, const Args& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return cli.help(command_help(kConnect));
  if (args.empty() || args[0].rfind("-", 0) == 0) {
    return cli.usage("connect: name the plugin (usage: hsdeploy " + kConnect.usage + ")");
  }
  auto engine = cli.engine();
  if (!engine) return cli.fail(engine.error());
  const std::string plugin_id = args[0];
  Plugin* plugin = (*engine)->plugins().find(plugin_id);
  if (!plugin || (plugin->kind() != "source" && plugin->kind() != "vcs_target")) {
    std::string known;
    for (const auto& id : (*engine)->catalog().connection_plugin_ids()) known += (known.empty() ? "" : ", ") + id;
    return cli.usage("connect: no plugin '" + plugin_id + "' that can connect; allowed: " + known);
  }
  const ActionInfo* connect = plugin->find_action("connect");
  if (!connect) return cli.usage("connect: plugin '" + plugin_id + "' has no connect action");

  const ConnectOptions options = connect_options(*plugin, *connect);
  auto parsed = parse_command(words_after_first(args), options.spec);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(options.spec));
  const bool oauth = parsed->flag("oauth");
  if (oauth && parsed->value("code")) return cli.usage("connect: --oauth obtains the code itself; drop --code");
  const bool device = parsed->flag("device");
  if (device && oauth) return cli.usage("connect: choose one of --oauth and --device");
  auto direct = direct_params(options, *connect, *parsed);
  if (!direct) return cli.fail(direct.error());
  Poco::JSON::Object::Ptr params = *direct;
  const std::string label = parsed->value("label").value_or("");
  if (connect->find_param("label") && !label.empty()) params->set("label", label);

  auto session = (*engine)->storage().open_session();
  if (!session) return cli.fail(session.error());
  auto workspace = ensure_workspace(*session, parsed->value("workspace").value_or("default"));
  if (!workspace) return cli.fail(workspace.error());

  if (oauth) {
    auto granted = oauth_params(cli, *plugin, *session, (*workspace)->getValue<std::int64_t>("id"), *parsed);
    if (!granted) return cli.fail(granted.error());
    params = *granted;
  }
  if (device) {
    auto started = device_params(cli, *plugin);
    if (!started) return cli.fail(started.error());
    params = *started;
  }

  ConnectRequest request;
  request.plugin = plugin_id;
  request.workspace_id = (*workspace)->getValue<std::int64_t>("id");
  request.label = label;
  request.params_json = stringify(params);
  auto connection = connect_connection(**engine, cli.credentials(), request);
  if (!connection) return cli.fail(connection.error());
  auto view = connection_view(*connection);
  if (cli.json()) {
    print_json(cli.out(), view);
  } else {
    cli.out() << "connected " << view->getValue<std::string>("account_name") << " as connection "
              << view->getValue<std::int64_t>("id") << " '" << view->getValue<std::string>("label") << "'\n";
    for (const auto& warning : string_list(view, "warnings")) cli.out() << "warning: " << warning << "\n";
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
