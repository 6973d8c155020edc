// hsdeploy connect PLUGIN --PARAM VALUE...: the options are the plugin's connect parameters
// (--private-app-token is private_app_token), so a new plugin needs no CLI change. Parameters
// a connect flow supplies (an OAuth code, a device code) are never options: --oauth and
// --device obtain them.
#include <algorithm>
#include <ostream>

#include "cli.hpp"
#include "domain/connect_params.hpp"
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

std::string option_name(std::string param) {
  std::replace(param.begin(), param.end(), '_', '-');
  return param;
}

bool has_option(const CommandSpec& spec, const std::string& name) {
  return std::any_of(spec.options.begin(), spec.options.end(), [&](const OptionSpec& o) { return o.name == name; });
}

// "--oauth or --device": the flows that lift the requirement of a direct parameter.
std::string flow_options(bool can_oauth, bool can_device) {
  if (can_oauth && can_device) return "--oauth or --device";
  return can_oauth ? "--oauth" : can_device ? "--device" : "";
}

// The plugin's direct connect parameters as options, then the engine's own and the flows the
// plugin offers. A parameter required when connecting directly is checked after parsing, as
// --oauth and --device lift the requirement.
CommandSpec connect_spec(const Plugin& plugin, const ActionInfo& connect, bool can_oauth, bool can_device) {
  CommandSpec spec{"connect " + plugin.id(), "connect " + plugin.id() + " [options]",
                   "connect " + plugin.manifest().display_name + " (" + plugin.description() + ")"};
  const std::string flows = flow_options(can_oauth, can_device);
  const std::string required = flows.empty() ? " (required)" : " (required unless " + flows + ")";
  auto add = [&spec](OptionSpec option) {
    if (!has_option(spec, option.name)) spec.options.push_back(std::move(option));
  };
  for (const ParamInfo* param : direct_connect_params(connect)) {
    if (param->name == "label" || param->name == "workspace") continue;
    const bool flag = param->type == "boolean";
    std::string value_name = param->type == "integer" ? "N" : param->type == "number" ? "X" : "VALUE";
    if (param->type == "string_list") value_name = "A,B,...";
    add({option_name(param->name), flag ? "" : value_name,
         param->description + (required_directly(*param) && !flag ? required : "")});
  }
  add({"label", "L", "a name for the connection (default: the account's name)"});
  add({"workspace", "W", "the workspace to connect in (default: default)"});
  if (can_oauth) {
    add({"oauth", "", "connect in a browser: the consent page redirects to a local listener"});
    add({"redirect-uri", "URI", "with --oauth: the listener's address, http://127.0.0.1:PORT/PATH"});
    add({"oauth-timeout", "SECONDS", "with --oauth: how long to wait for the redirect (default: 600)"});
  }
  if (can_device) add({"device", "", "connect with a code entered on the provider's page, from any device"});
  return spec;
}


// Converts an option's text to the parameter's JSON type; a bad value names the option.
Result<Poco::Dynamic::Var> typed(const ParamInfo& param, const std::string& text) {
  const std::string option = "--" + option_name(param.name);
  if (param.type == "integer") {
    try {
      std::size_t used = 0;
      const long long value = std::stoll(text, &used);
      if (used == text.size()) return Poco::Dynamic::Var(static_cast<Poco::Int64>(value));
    } catch (const std::exception&) {
    }
    return make_error(ErrorCode::invalid_argument, option + ": '" + text + "' is not an integer");
  }
  if (param.type == "number") {
    try {
      std::size_t used = 0;
      const double value = std::stod(text, &used);
      if (used == text.size()) return Poco::Dynamic::Var(value);
    } catch (const std::exception&) {
    }
    return make_error(ErrorCode::invalid_argument, option + ": '" + text + "' is not a number");
  }
  if (param.type == "string_list") {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto comma = text.find(',', start);
      list->add(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return Poco::Dynamic::Var(list);
  }
  return Poco::Dynamic::Var(text);
}

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
  auto started = parse_object(call.output_json, "the device_start action's output");
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

  const auto flows = connect_flows(*plugin);
  const bool can_oauth = std::find(flows.begin(), flows.end(), "oauth") != flows.end();
  const bool can_device = std::find(flows.begin(), flows.end(), "device") != flows.end();
  const CommandSpec spec = connect_spec(*plugin, *connect, can_oauth, can_device);
  auto parsed = parse_command(words_after_first(args), spec);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(spec));
  const bool oauth = parsed->flag("oauth");
  if (oauth && parsed->value("code")) return cli.usage("connect: --oauth obtains the code itself; drop --code");
  const bool device = parsed->flag("device");
  if (device && oauth) return cli.usage("connect: choose one of --oauth and --device");
  for (const ParamInfo* p : direct_connect_params(*connect)) {
    const std::string option = option_name(p->name);
    if (p->name == "label" || p->type == "boolean" || oauth || device || !required_directly(*p)) continue;
    if (parsed->value(option)) continue;
    const std::string flows = flow_options(can_oauth, can_device);
    if (flows.empty()) return cli.fail(missing_option(spec, option));
    return cli.usage(spec.name + ": --" + option + " is required unless " + flows + " is given (usage: hsdeploy " +
                     spec.usage + ")");
  }

  Poco::JSON::Object::Ptr params = new Poco::JSON::Object;
  for (const ParamInfo* param : direct_connect_params(*connect)) {
    const ParamInfo& p = *param;
    if (p.name == "label") continue;
    const std::string option = option_name(p.name);
    if (p.type == "boolean") {
      if (parsed->flag(option)) params->set(p.name, true);
    } else if (auto value = parsed->value(option)) {
      auto converted = typed(p, *value);
      if (!converted) return cli.fail(converted.error());
      params->set(p.name, *converted);
    }
  }
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
