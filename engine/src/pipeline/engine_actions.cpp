#include "hsd/engine/pipeline/engine_actions.hpp"

namespace hsd::engine {

namespace {

ParamInfo param(std::string name, std::string type, bool required, std::string default_json,
                std::string description) {
  ParamInfo info;
  info.name = std::move(name);
  info.type = std::move(type);
  info.required = required;
  info.default_json = std::move(default_json);
  info.description = std::move(description);
  return info;
}

}  // namespace

const std::vector<ActionInfo>& engine_actions() {
  static const std::vector<ActionInfo> actions = {
      {"set_status", "Sets the connection's status (pending, in_progress, completed, error)",
       {param("status", "string", true, "", "pending | in_progress | completed | error"),
        param("detail", "string", false, "", "The message and the hint to act on"),
        param("code", "string", false, "", "With status error: the error's stable code (${error.code})")}},
      {"ensure_fresh_credentials", "Refreshes the credentials when they expire within 5 minutes",
       {param("force", "boolean", false, "false", "Refresh even when they are not about to expire")}},
      {"open_snapshot", "Starts a new snapshot that retrieved objects go into", {}},
      {"activate_snapshot", "Makes the new snapshot the connection's current one", {}},
      {"discard_snapshot", "Drops the new snapshot; the previous one stays current", {}},
      {"save_connection", "Stores the connection described by a connect step's output",
       {param("from_step", "string", false, "\"connect\"", "The step whose output describes the account")}},
      {"save_credentials", "Stores the credentials from a refresh step's output",
       {param("from_step", "string", false, "\"refresh\"", "The step whose output holds the credentials")}},
      {"delete_connection", "Deletes the connection and everything that hangs off it", {}},
      {"log", "Writes a line to the log", {param("message", "string", true, "", "The line")}},
      {"prepare_backup", "Loads a backup, records its run and lets later plugin steps read its source's snapshot",
       {param("backup_id", "integer", true, "", "The backup configuration to run")}},
      {"save_repository_status", "Stores a repository status step's output; fails when the repository is in error",
       {param("from_step", "string", false, "\"check\"", "The step whose output is the repository's status")}},
      {"finish_backup", "Records the backup run's commit and counts, or its failure",
       {param("from_step", "string", false, "\"write\"", "The step whose output describes the commit"),
        param("failed", "boolean", false, "false", "Record the run as failed"),
        param("error", "string", false, "\"\"", "Why it failed")}},
      {"run_comparison", "Runs a stored comparison: pins and reads both sides, stores each difference and the result",
       {param("comparison_id", "integer", true, "", "The comparison to run")}},
      {"fail_comparison", "Puts a comparison in error with the message and code",
       {param("comparison_id", "integer", true, "", "The comparison that failed"),
        param("error", "string", false, "\"\"", "Why it failed (${error.message})"),
        param("code", "string", false, "\"\"", "The error's stable code (${error.code})")}},
  };
  return actions;
}

}  // namespace hsd::engine
