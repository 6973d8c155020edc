// Global options may stand anywhere on the line (`hsdeploy connections list --output json`);
// the first remaining word picks the command, which parses the rest itself.
#include <Poco/Exception.h>

#include <boost/program_options.hpp>
#include <functional>
#include <iostream>
#include <map>

#include "cli.hpp"
#include "hsd/abi.h"
#include "hsd/engine/log.hpp"

#ifndef HSD_VERSION
#error "HSD_VERSION (the CMake project version) must be defined"
#endif

namespace hsd::engine::cli {
namespace po = boost::program_options;
namespace {

const char* kUsage = R"(usage: hsdeploy [--config FILE] [--output text|json] [--log-level LEVEL] COMMAND ...
       hsdeploy COMMAND --help | --version

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
                                        and a one-time link to set a password for the web UI
  admin reset-password --email E        clear a password, end the user's sessions, print a new link
  tokens create --email E [--name N] | list [--email E] | revoke ID
  repos available --connection X | add --connection X OWNER/NAME [--branch B]
  repos list [--connection X] | check [ID|OWNER/NAME...] | remove ID|OWNER/NAME
  backups add --source X --repo OWNER/NAME [--branch B] [--path P] [--schedule hourly|daily|weekly]
  backups list [--source X] | remove ID | run ID | run --source X | runs ID [--limit N]
  compare LEFT RIGHT [--type T]...      what differs between two sides: a connection (prod), an
                                        earlier snapshot (prod@SNAPSHOT_ID) or a backup (backup:ID[@REF])
  comparisons list [--limit N] | show ID [--type T] [--kind K] [--limit N] | delete ID [--yes]
  watches list [--connection X] | add --connection X --against SIDE [--type T]... | remove ID | run ID
  storage status                        the database's schema version and the migrations pending
  storage migrate                       apply pending migrations (for storage.migrate: manual)

'hsdeploy COMMAND --help' lists a command's options (for connect: 'hsdeploy connect PLUGIN --help').
The configuration is --config, else $HSD_CONFIG, else config/engine.yaml.
Exit codes: 0 ok, 1 failure, 2 bad usage or bad input; compare, like diff: 0 same, 1 different, 2 trouble.
)";

constexpr const char* kOutputAllowed = "--output: allowed values: text, json";
constexpr const char* kLogLevelAllowed = "--log-level: allowed values: trace, debug, info, warn, error";

// What one global option's error says; the option is named with what it allows.
std::string global_error(const std::string& option) {
  if (option == "output") return kOutputAllowed;
  if (option == "log-level") return kLogLevelAllowed;
  return "--" + option + " needs a FILE";
}

struct GlobalLine {
  GlobalOptions options;
  bool version = false;
  Args words;  // the command and its own words, in order
};

// Takes the global options from anywhere on the line and leaves every other word, options of
// the command included, for the command to parse. A value repeated keeps the last.
Result<GlobalLine> parse_global_options(int argc, char** argv, GlobalLine line) {
  po::options_description global;
  global.add_options()("config", po::value<std::vector<std::string>>())(
      "output", po::value<std::vector<std::string>>())("log-level", po::value<std::vector<std::string>>())(
      "version", "");
  po::parsed_options parsed(&global);
  try {
    po::command_line_parser parser(argc, argv);
    parsed = with_line_rules(parser.options(global).allow_unregistered()).run();
  } catch (const po::error_with_option_name& error) {
    std::string option = error.get_option_name();
    option.erase(0, option.find_first_not_of('-'));
    return make_error(ErrorCode::invalid_argument, global_error(option));
  } catch (const po::error& error) {
    return make_error(ErrorCode::invalid_argument, error.what());
  }
  std::string format = line.options.json ? "json" : "text";
  for (const auto& option : parsed.options) {
    if (option.unregistered || option.string_key.empty()) continue;
    if (option.string_key == "version") line.version = true;
    if (option.value.empty()) continue;
    const std::string& value = option.value.back();
    if (option.string_key == "config") line.options.config_file = value;
    if (option.string_key == "output") format = value;
    if (option.string_key == "log-level") {
      log::Level level;
      if (!log::parse_level(value, level)) return make_error(ErrorCode::invalid_argument, kLogLevelAllowed);
      line.options.log_level = value;
    }
  }
  if (format != "json" && format != "text") return make_error(ErrorCode::invalid_argument, kOutputAllowed);
  line.options.json = format == "json";
  line.words = po::collect_unrecognized(parsed.options, po::include_positional);
  return line;
}

}  // namespace

int main_cli(int argc, char** argv) {
  Environment env = hsd_environment();
  GlobalLine defaults;
  defaults.options.config_file = env.count("HSD_CONFIG") ? env["HSD_CONFIG"] : "config/engine.yaml";
  auto line = parse_global_options(argc, argv, std::move(defaults));
  if (!line) {
    std::cerr << "hsdeploy: " << line.error().message << "\n";
    return kExitUsage;
  }
  if (line->version) {
    std::cout << "hsdeploy " << HSD_VERSION << " (plugin ABI " << HSD_ABI_VERSION_MAJOR << "." << HSD_ABI_VERSION_MINOR
              << ")\n";
    return kExitOk;
  }
  const GlobalOptions& options = line->options;
  const Args& words = line->words;
  if (!words.empty() && (words.front() == "--help" || words.front() == "-h")) {
    std::cout << kUsage;
    return kExitOk;
  }

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
      {"repos", run_repos},             {"backups", run_backups},     {"compare", run_compare},
      {"comparisons", run_comparisons}, {"watches", run_watches},   {"storage", run_storage},
  };
  try {
    if (auto found = kCommands.find(command); found != kCommands.end()) return found->second(cli, rest);
    return cli.usage("unknown command '" + command + "'; allowed: plugins, pipelines, connect, "
                     "connections, run, metadata, serve, admin, tokens, repos, backups, compare, comparisons, "
                     "watches, storage (see 'hsdeploy --help')");
  } catch (const Poco::Exception& e) {
    std::cerr << "hsdeploy: internal error: " << log::redact(e.displayText()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "hsdeploy: internal error: " << log::redact(e.what()) << "\n";
  }
  return kExitFailure;
}

}  // namespace hsd::engine::cli
