// hsdeploy plugins list: what is loaded from plugins.dir, and what refused to load.
#include <ostream>

#include "cli.hpp"
#include "output.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"plugins list", "plugins list [--output json]",
     "the loaded plugins, their kinds, versions and actions, and the files that refused to load"},
};

}  // namespace

int run_plugins(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("plugins", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("plugins", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  auto engine = cli.engine({.storage = false, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());

  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  std::vector<std::vector<std::string>> rows;
  for (const Plugin* plugin : (*engine)->plugins().plugins()) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("name", plugin->id());
    item->set("version", plugin->version());
    item->set("kind", plugin->kind());
    item->set("abi", std::to_string(plugin->abi_major()) + "." + std::to_string(plugin->abi_minor()));
    Poco::JSON::Array::Ptr actions = new Poco::JSON::Array;
    std::string action_names;
    for (const auto& action : plugin->actions()) {
      JsonObject a = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      a->set("name", action.name);
      a->set("description", action.description);
      Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
      for (const auto& p : action.params) {
        JsonObject param = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        param->set("name", p.name);
        param->set("type", p.type);
        param->set("required", p.required);
        param->set("default", p.default_json);
        param->set("description", p.description);
        params->add(param);
      }
      a->set("params", params);
      actions->add(a);
      action_names += (action_names.empty() ? "" : ",") + action.name;
    }
    item->set("actions", actions);
    item->set("object_types", to_array(plugin->object_types()));
    item->set("file", plugin->file().string());
    array->add(item);
    rows.push_back({plugin->id(), plugin->version(), plugin->kind(), item->getValue<std::string>("abi"),
                    action_names, plugin->file().string()});
  }
  if (cli.json()) {
    print_json(cli.out(), array);
  } else {
    print_table(cli.out(), {"NAME", "VERSION", "KIND", "ABI", "ACTIONS", "FILE"}, rows);
    for (const auto& refusal : (*engine)->plugin_refusals()) cli.err() << "refused: " << refusal.message << "\n";
  }
  return kExitOk;
}

}  // namespace hsd::engine::cli
