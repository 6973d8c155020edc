// Global options may stand anywhere on the line (`hsdeploy connections list --output json`);
// the first remaining word picks the command.
#include <Poco/Exception.h>

#include <functional>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine::cli {
namespace {

const char* kUsage = R"(usage: hsdeploy [--config FILE] [--output text|json] [--log-level LEVEL] COMMAND ...

commands:
  plugins list                          the loaded plugins, their kinds, versions and actions
  pipelines validate [FILE...]          check pipeline files (default: every file in pipelines.dir)
  connect PLUGIN [--PARAM VALUE...] [--label L] [--workspace W]
                                        connect an account with the plugin's connect parameters
  connections list | show ID | rename ID LABEL | delete ID [--yes]
  run PIPELINE --connection ID|LABEL [--param NAME=VALUE...]
  metadata list --connection X [--type T] [--q TEXT] [--limit N]
  metadata show --connection X TYPE ID
  serve                                 the REST API, job workers and scheduler (SIGTERM drains)
  admin bootstrap --workspace W --email E
                                        the first owner of a workspace; prints an API token once
  tokens create --email E [--name N] | list [--email E] | revoke ID
  repos available --connection X | add --connection X OWNER/NAME [--branch B]
  repos list [--connection X] | check [ID|OWNER/NAME...] | remove ID|OWNER/NAME
  backups add --source X --repo OWNER/NAME [--branch B] [--path P] [--schedule hourly|daily|weekly]
  backups list [--source X] | remove ID | run ID | run --source X | runs ID [--limit N]

The configuration is --config, else $HSD_CONFIG, else config/engine.yaml.
Exit codes: 0 ok, 1 failure, 2 bad usage or bad input.
)";

}  // namespace

int main_cli(int argc, char** argv) {
  Environment env = hsd_environment();
  GlobalOptions options;
  options.config_file = env.count("HSD_CONFIG") ? env["HSD_CONFIG"] : "config/engine.yaml";
  std::string format = "text";
  Args words;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value_of = [&](const std::string& name, std::string& out) -> bool {
      if (arg == name) {
        if (i + 1 >= argc) return false;
        out = argv[++i];
        return true;
      }
      if (arg.rfind(name + "=", 0) == 0) {
        out = arg.substr(name.size() + 1);
        return true;
      }
      return false;
    };
    std::string value;
    if (arg == "--config" || arg.rfind("--config=", 0) == 0) {
      if (!value_of("--config", options.config_file)) return std::cerr << "hsdeploy: --config needs a FILE\n", kExitUsage;
    } else if (arg == "--output" || arg.rfind("--output=", 0) == 0) {
      if (!value_of("--output", format) || (format != "json" && format != "text")) {
        std::cerr << "hsdeploy: --output: allowed values: text, json\n";
        return kExitUsage;
      }
    } else if (arg == "--log-level" || arg.rfind("--log-level=", 0) == 0) {
      log::Level level;
      if (!value_of("--log-level", value) || !log::parse_level(value, level)) {
        std::cerr << "hsdeploy: --log-level: allowed values: trace, debug, info, warn, error\n";
        return kExitUsage;
      }
      options.log_level = value;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return kExitOk;
    } else {
      words.push_back(arg);
    }
  }
  options.json = format == "json";

  log::Level level = log::Level::warn;
  const std::string level_text = options.log_level ? *options.log_level
                                 : env.count("HSD_LOG_LEVEL") ? env["HSD_LOG_LEVEL"] : "warn";
  if (!log::parse_level(level_text, level)) {
    std::cerr << "hsdeploy: HSD_LOG_LEVEL: allowed values: trace, debug, info, warn, error\n";
    return kExitUsage;
  }
  const std::string format_text = env.count("HSD_LOG_FORMAT") ? env["HSD_LOG_FORMAT"] : "auto";
  const log::Format log_format = format_text == "json"   ? log::Format::json
                                 : format_text == "text" ? log::Format::text
                                                         : log::Format::automatic;
  log::configure(level, log_format);

  if (words.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = words.front();
  const Args rest(words.begin() + 1, words.end());
  Cli cli(options, env, log_format, std::cout, std::cerr);
  static const std::map<std::string, std::function<int(Cli&, const Args&)>> kCommands = {
      {"plugins", run_plugins},         {"pipelines", run_pipelines}, {"connect", run_connect},
      {"connections", run_connections}, {"run", run_run},             {"metadata", run_metadata},
      {"serve", run_serve},             {"admin", run_admin},         {"tokens", run_tokens},
      {"repos", run_repos},             {"backups", run_backups},
  };
  try {
    if (auto found = kCommands.find(command); found != kCommands.end()) return found->second(cli, rest);
    return cli.usage("unknown command '" + command + "'; allowed: plugins, pipelines, connect, "
                     "connections, run, metadata, serve, admin, tokens, repos, backups (see 'hsdeploy --help')");
  } catch (const Poco::Exception& e) {
    std::cerr << "hsdeploy: internal error: " << log::redact(e.displayText()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "hsdeploy: internal error: " << log::redact(e.what()) << "\n";
  }
  return kExitFailure;
}

}  // namespace hsd::engine::cli
