#include "cli.hpp"

#include <ostream>

#include "domain/connections.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine::cli {

Result<Engine*> Cli::engine(EngineParts parts) {
  if (engine_) return engine_.get();
  auto config = load_config(options_.config_file, env_);
  if (!config) return config.error();
  // engine.yaml's log block applies unless --log-level or HSD_LOG_* said otherwise.
  if (!options_.log_level && !env_.count("HSD_LOG_LEVEL") && config->log.level) {
    log::configure(*config->log.level,
                   env_.count("HSD_LOG_FORMAT") ? log_format_ : config->log.format.value_or(log_format_));
  }
  auto engine = Engine::open(std::move(*config), env_, parts);
  if (!engine) return engine.error();
  engine_ = std::move(*engine);
  return engine_.get();
}

bool Cli::log_level_chosen() const {
  return options_.log_level || env_.count("HSD_LOG_LEVEL") || (engine_ && engine_->config().log.level);
}

CredentialService& Cli::credentials() {
  if (!credentials_) credentials_ = std::make_unique<CredentialService>(*engine_);
  return *credentials_;
}

int Cli::fail(const Error& error) {
  err_ << "hsdeploy: " << log::redact(error.message) << "\n";
  return exit_code_for(error);
}

int Cli::usage(const std::string& message) {
  err_ << "hsdeploy: " << message << "\n";
  return kExitUsage;
}

int Cli::help(const std::string& text) {
  out_ << text;
  return kExitOk;
}

Result<std::optional<std::int64_t>> workspace_filter(Session& session, const ParsedArgs& parsed) {
  auto name = parsed.value("workspace");
  if (!name) return std::optional<std::int64_t>();
  auto workspace = find_workspace(session, *name);
  if (!workspace) return make_error(ErrorCode::invalid_argument, "--workspace: " + workspace.error().message);
  return std::optional<std::int64_t>((*workspace)->getValue<std::int64_t>("id"));
}

Result<Scope> command_scope(Session& session, const ParsedArgs& parsed, const std::string& option) {
  Scope scope;
  auto workspace = workspace_filter(session, parsed);
  if (!workspace) return workspace.error();
  scope.workspace = *workspace;
  if (auto ref = parsed.value(option)) {
    auto row = resolve_connection(session, *ref, scope.workspace);
    if (!row) return row.error();
    scope.connection = *row;
  }
  return scope;
}

}  // namespace hsd::engine::cli
