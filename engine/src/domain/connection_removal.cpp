#include "connection_removal.hpp"

#include "backups.hpp"
#include "comparisons.hpp"
#include "hsd/engine/log.hpp"
#include "job_queue.hpp"
#include "pipeline_run.hpp"

namespace hsd::engine {
namespace {

// How long a delete waits for the connection's running job to notice it was cancelled.
constexpr std::chrono::seconds kCancelWait{30};

// Marks the connection's running jobs cancelled, so that whichever worker holds them loses its
// lease at the next heartbeat and stops.
Status cancel_running_jobs(Session& session, std::int64_t connection_id) {
  Query query;
  query.where.set("connection_id", connection_id);
  query.where.set("state", std::string("running"));
  auto rows = session.find("jobs", query);
  if (!rows) return rows.error();
  for (const auto& job : *rows) {
    Poco::JSON::Object patch, expected;
    patch.set("state", std::string("cancelled"));
    patch.set("error", std::string("the connection was deleted"));
    patch.set("finished_at", now_ms());
    expected.set("state", std::string("running"));
    auto updated = session.update("jobs", job->getValue<std::int64_t>("id"), patch, expected);
    if (!updated && updated.error().code != ErrorCode::conflict) return updated.error();
  }
  return {};
}

}  // namespace

Status remove_connection(Engine& engine, CredentialService& credentials, JobWorkers* workers, const JsonObject& row,
                         const Actor& actor) {
  const auto id = row->getValue<std::int64_t>("id");
  {
    auto session = engine.storage().open_session();
    if (!session) return session.error();
    HSD_TRY(cancel_queued_jobs(*session, id));
    HSD_TRY(cancel_queued_comparisons(*session, id));
    if (workers && !workers->cancel_connection(id, kCancelWait)) {
      log::warn("engine.connections", "the connection's job did not stop in time; deleting anyway",
                {{"connection", std::to_string(id)}});
    }
    HSD_TRY(cancel_running_jobs(*session, id));
    // Backups of this source go with it; their runs queued on a VCS connection must not start.
    Query sourced;
    sourced.where.set("connection_id", id);
    auto backups = session->find("backup_configs", sourced);
    if (!backups) return backups.error();
    for (const auto& backup : *backups) HSD_TRY(cancel_queued_backup_runs(*session, backup->getValue<std::int64_t>("id")));
  }
  PipelineRequest request;
  request.pipeline = "delete";
  request.target.connection = row;
  request.target.plugin = row->getValue<std::string>("plugin");
  request.target.workspace_id = row->getValue<std::int64_t>("workspace_id");
  request.target.actor = actor;
  auto outcome = run_named_pipeline(engine, credentials, request);
  if (!outcome) return outcome.error();
  if (!outcome->report.ok) return *outcome->report.error;
  return {};
}

}  // namespace hsd::engine
