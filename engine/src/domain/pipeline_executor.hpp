// PipelineExecutor runs the steps of one pipeline run for one connection: the engine.*
// actions itself, every other step as a plugin action with the connection, its credentials
// and a PluginCall. It remembers each step's output so engine actions can read them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "audit.hpp"
#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"
#include "hsd/engine/http_tally.hpp"
#include "run_observer.hpp"
#include "snapshot_writer.hpp"

namespace hsd::engine {

// The connection a run is for: a stored one, or (for connect) the one being created.
struct RunTarget {
  std::optional<JsonObject> connection;  // the stored row
  std::string plugin;                    // the plugin that serves it
  std::int64_t workspace_id = 0;
  std::string label;                     // connect: the label asked for, may be empty
  Actor actor;                           // who asked, for the audit log
};

class PipelineExecutor final : public StepExecutor {
 public:
  PipelineExecutor(Engine& engine, Session& session, CredentialService& credentials, RunTarget target,
                   RunObserver* observer, const std::atomic<bool>* cancel = nullptr)
      : engine_(engine), session_(session), credentials_(credentials), target_(std::move(target)),
        observer_(observer), cancel_(cancel) {}

  Result<std::string> execute(const StepInvocation& step) override;
  const ActionInfo* find_action(std::string_view plugin, std::string_view action) const override;

  // The connection after the run (a connect run creates it; a delete run removes it).
  const std::optional<JsonObject>& connection() const { return target_.connection; }
  const SnapshotWriter* snapshot() const { return writer_.get(); }
  // The HTTP calls the run's plugin steps made so far.
  HttpTally::Figures http_figures() const { return http_tally_.figures(); }
  // The run's connection as pipelines see ${connection.*}.
  std::string connection_json() const;

 private:
  Result<std::string> execute_step(const StepInvocation& step);
  Result<std::string> run_engine_action(const StepInvocation& step, const JsonObject& with);
  Result<std::string> run_plugin_action(const StepInvocation& step);
  Result<std::int64_t> connection_id() const;
  Result<JsonObject> output_of(const JsonObject& with, const std::string& fallback_step) const;

  Result<std::string> set_status(const JsonObject& with);
  Result<std::string> open_snapshot();
  Result<std::string> activate_snapshot();
  Result<std::string> discard_snapshot();
  // A run limited to some types (a plugin step's `types`) keeps the others: their objects are
  // carried over from the current snapshot into the new one before it becomes current.
  Status carry_over_other_types(std::int64_t connection_id);
  Result<std::string> save_connection(const JsonObject& account);
  Result<std::string> save_credentials(const JsonObject& output);
  // Backups (pipeline_backup_steps.cpp): load the backup and bind its source's snapshot to
  // the plugin steps that follow, record the repository's status, record the run.
  Result<std::string> prepare_backup(const JsonObject& with);
  Result<std::string> save_repository_status(const JsonObject& with);
  Result<std::string> finish_backup(const JsonObject& with);
  Result<std::string> delete_connection();
  // Comparisons (pipeline_compare_steps.cpp): run a stored comparison; record a failure.
  Result<std::string> run_comparison_step(const JsonObject& with);
  Result<std::string> fail_comparison_step(const JsonObject& with);
  // The steps' comparison_id, a number or its text (${params.comparison_id} interpolated).
  static Result<std::int64_t> comparison_param(const JsonObject& with);
  // Drift watches (pipeline_watch_steps.cpp): queue the watches of a retrieved connection, and
  // record a finished comparison on its watch.
  Result<std::string> queue_watches();
  Result<std::string> finish_watch(const JsonObject& with);

  Engine& engine_;
  Session& session_;
  CredentialService& credentials_;
  RunTarget target_;
  RunObserver* observer_;
  const std::atomic<bool>* cancel_;
  // The session serves the run's thread, the snapshot writer's thread and plugin threads.
  std::mutex session_mutex_;
  std::unique_ptr<SnapshotWriter> writer_;
  // A backup run: the source connection whose snapshot plugin steps may read, the repository
  // row it writes to, and the run's record.
  std::optional<std::int64_t> read_source_;
  std::optional<JsonObject> backup_repository_;
  std::optional<std::int64_t> backup_run_;
  std::map<std::string, std::string> outputs_;
  // Warnings plugin steps reported in this run (e.g. a type skipped for a missing scope).
  std::vector<std::string> run_warnings_;
  std::vector<std::string> limited_types_;  // the types a plugin step was limited to, if any
  HttpTally http_tally_;
};

}  // namespace hsd::engine
