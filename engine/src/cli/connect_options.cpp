#include "connect_options.hpp"

#include <algorithm>

#include "domain/connect_params.hpp"

namespace hsd::engine::cli {
namespace {

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

}  // namespace

ConnectOptions connect_options(const Plugin& plugin, const ActionInfo& connect) {
  ConnectOptions options;
  const auto flows_offered = connect_flows(plugin);
  options.can_oauth = std::find(flows_offered.begin(), flows_offered.end(), "oauth") != flows_offered.end();
  options.can_device = std::find(flows_offered.begin(), flows_offered.end(), "device") != flows_offered.end();
  CommandSpec& spec = options.spec;
  spec = {"connect " + plugin.id(), "connect " + plugin.id() + " [options]",
          "connect " + plugin.manifest().display_name + " (" + plugin.description() + ")"};
  const std::string flows = flow_options(options.can_oauth, options.can_device);
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
  if (options.can_oauth) {
    add({"oauth", "", "connect in a browser: the consent page redirects to a local listener"});
    add({"redirect-uri", "URI", "with --oauth: the listener's address, http://127.0.0.1:PORT/PATH"});
    add({"oauth-timeout", "SECONDS", "with --oauth: how long to wait for the redirect (default: 600)"});
  }
  if (options.can_device) add({"device", "", "connect with a code entered on the provider's page, from any device"});
  return options;
}

Result<JsonObject> direct_params(const ConnectOptions& options, const ActionInfo& connect, const ParsedArgs& parsed) {
  const bool flow_chosen = parsed.flag("oauth") || parsed.flag("device");
  JsonObject params = new Poco::JSON::Object;
  for (const ParamInfo* param : direct_connect_params(connect)) {
    if (param->name == "label") continue;
    const std::string option = option_name(param->name);
    if (param->type == "boolean") {
      if (parsed.flag(option)) params->set(param->name, true);
    } else if (auto value = parsed.value(option)) {
      auto converted = typed(*param, *value);
      if (!converted) return converted.error();
      params->set(param->name, *converted);
    } else if (required_directly(*param) && !flow_chosen) {
      const std::string flows = flow_options(options.can_oauth, options.can_device);
      if (flows.empty()) return missing_option(options.spec, option);
      return make_error(ErrorCode::invalid_argument, options.spec.name + ": --" + option + " is required unless " +
                                                         flows + " is given (usage: hsdeploy " + options.spec.usage + ")");
    }
  }
  return params;
}

}  // namespace hsd::engine::cli
