#include "pipeline_run.hpp"

#include "connections.hpp"
#include "hsd/engine/log.hpp"

namespace hsd::engine {

Result<PipelineOutcome> run_named_pipeline(Engine& engine, CredentialService& credentials,
                                           const PipelineRequest& request) {
  const Pipeline* pipeline = engine.pipelines().find(request.pipeline);
  if (!pipeline) {
    std::string known;
    for (const auto& name : engine.pipelines().names()) known += (known.empty() ? "" : ", ") + name;
    return make_error(ErrorCode::invalid_argument, "PIPELINE: no pipeline '" + request.pipeline + "' in " +
                                                       engine.pipelines().dir.string() + "; allowed: " + known);
  }
  if (!pipeline->for_kind.empty()) {
    const Plugin* plugin = engine.plugins().find(request.target.plugin);
    const std::string kind = plugin ? plugin->kind() : std::string();
    if (kind != pipeline->for_kind) {
      return make_error(ErrorCode::invalid_argument,
                        "pipeline '" + request.pipeline + "' serves " + pipeline->for_kind + " connections, and plugin '" +
                            request.target.plugin + "' is " + (kind.empty() ? "not loaded" : "a " + kind));
    }
  }
  auto session = engine.storage().open_session();
  if (!session) return session.error();
  PipelineExecutor executor(engine, *session, credentials, request.target, request.observer, request.cancel);
  RunInputs inputs;
  inputs.connection_json = executor.connection_json();
  inputs.params_json = request.params_json;
  log::info("engine.pipeline", "pipeline started", {{"pipeline", request.pipeline}, {"plugin", request.target.plugin}});
  PipelineOutcome outcome;
  std::function<bool()> cancelled;
  if (request.cancel) cancelled = [flag = request.cancel] { return flag->load(); };
  outcome.report = run_pipeline(*pipeline, inputs, executor, cancelled);
  outcome.connection = executor.connection();
  outcome.http = executor.http_figures();
  if (const SnapshotWriter* writer = executor.snapshot()) {
    outcome.objects = writer->count();
    outcome.objects_by_type = writer->count_by_type();
  }
  if (outcome.report.ok) {
    log::info("engine.pipeline", "pipeline completed", {{"pipeline", request.pipeline}});
  } else {
    log::error("engine.pipeline", "pipeline failed at step '" + outcome.report.failed_step +
                                      "': " + (outcome.report.error ? outcome.report.error->message : ""),
               {{"pipeline", request.pipeline}});
  }
  return outcome;
}

}  // namespace hsd::engine
