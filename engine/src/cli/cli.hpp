// The one-shot command line: global options, the command table, and what every command
// shares (opening the engine, printing text or JSON, exit codes 0 ok / 1 failure / 2 usage).
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command_options.hpp"
#include "domain/credential_service.hpp"
#include "domain/json_util.hpp"
#include "hsd/engine/engine.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string config_file;  // --config, $HSD_CONFIG, or config/engine.yaml
  bool json = false;        // --output json
  std::optional<std::string> log_level;  // --log-level
};

class Cli {
 public:
  Cli(GlobalOptions options, Environment env, log::Format log_format, std::ostream& out, std::ostream& err)
      : options_(std::move(options)), env_(std::move(env)), log_format_(log_format), out_(out), err_(err) {}

  const GlobalOptions& options() const { return options_; }
  const Environment& env() const { return env_; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  bool json() const { return options_.json; }
  log::Format log_format() const { return log_format_; }
  // True when --log-level, HSD_LOG_LEVEL or engine.yaml's log.level chose the level.
  bool log_level_chosen() const;

  // Opens the engine once with the parts a command needs.
  Result<Engine*> engine(EngineParts parts = {});
  CredentialService& credentials();

  // Prints an error as one line ("hsdeploy: ...") and returns its exit code.
  int fail(const Error& error);
  int usage(const std::string& message);
  // Prints a command's --help text on stdout; exit 0.
  int help(const std::string& text);

 private:
  GlobalOptions options_;
  Environment env_;
  log::Format log_format_;  // from HSD_LOG_FORMAT
  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CredentialService> credentials_;
};

// The id of the workspace named by --workspace, or none when the option is absent; an
// unknown name is a usage error naming the option.
Result<std::optional<std::int64_t>> workspace_filter(Session& session, const ParsedArgs& parsed);

// The --workspace filter and the connection named by `option` (by id or label), when given.
struct Scope {
  std::optional<std::int64_t> workspace;
  std::optional<JsonObject> connection;
};
Result<Scope> command_scope(Session& session, const ParsedArgs& parsed, const std::string& option);

int run_plugins(Cli& cli, const Args& args);
int run_pipelines(Cli& cli, const Args& args);
int run_connect(Cli& cli, const Args& args);
int run_connections(Cli& cli, const Args& args);
int run_run(Cli& cli, const Args& args);
int run_metadata(Cli& cli, const Args& args);
int run_serve(Cli& cli, const Args& args);
int run_admin(Cli& cli, const Args& args);
int run_tokens(Cli& cli, const Args& args);
int run_repos(Cli& cli, const Args& args);
int run_backups(Cli& cli, const Args& args);
int run_compare(Cli& cli, const Args& args);
int run_comparisons(Cli& cli, const Args& args);
int run_watches(Cli& cli, const Args& args);
int run_storage(Cli& cli, const Args& args);

// Entry point: parses global options anywhere on the line, then dispatches.
int main_cli(int argc, char** argv);

}  // namespace hsd::engine::cli
