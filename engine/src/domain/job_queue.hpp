// The durable job queue: pipelines to run for connections, kept in storage so that they
// survive restarts and can be shared by several engines on one database. Workers claim jobs
// under a lease (see job_workers.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.hpp"
#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// Which waiting job stands for a new identical one (same connection, pipeline and params).
enum class JoinRule {
  // Only a queued one: a person or the API asking for a run wants one that starts after now,
  // so a run already under way does not do.
  queued,
  // A queued or a running one: the scheduler only wants the work done once per period, by
  // whichever engine got there first.
  queued_or_running,
};

struct JobRequest {
  std::int64_t workspace_id = 0;
  std::int64_t connection_id = 0;
  std::string pipeline;
  std::string params_json = "{}";
  int max_attempts = 3;
  JoinRule join = JoinRule::queued;
};

struct Enqueued {
  JsonObject job;
  bool joined = false;  // an identical job was already queued and stands for this one
};

// Queues a job, or joins an identical one (same connection, pipeline and params) in the states
// request.join names, atomically across the engines sharing the database. A connection with no
// job running becomes `pending`.
Result<Enqueued> enqueue_job(Session& session, const JobRequest& request, const Actor& actor);

// Cancels the connection's queued jobs (a deleted connection's work must not start).
Status cancel_queued_jobs(Session& session, std::int64_t connection_id);

// Why a connection waits: its queued job, its place among the ready jobs, how long it has
// waited, and when a retry may run. None when nothing is queued for it. Reads the whole queue
// (QueueSnapshot); now is the instant places and waits are counted at.
Result<std::optional<JsonObject>> queue_info(Session& session, std::int64_t connection_id,
                                             std::int64_t now = now_ms());

// The connection's last succeeded retrieval, from its job: finished_at, duration_ms, objects and
// objects_by_type; null when none succeeded yet. One query on the connection's jobs.
Result<Poco::Dynamic::Var> last_retrieval_view(Session& session, std::int64_t connection_id);

// The connection's newest succeeded retrieve job; a null pointer when none succeeded yet.
Result<JsonObject> last_succeeded_retrieval(Session& session, std::int64_t connection_id);

// last_retrieval_view from that job (null for a null pointer).
Poco::Dynamic::Var last_retrieval_of(const JsonObject& job);

// One job as a run of the connection (GET .../runs): id, pipeline, state, attempts, started_at,
// finished_at, duration_ms, requests, retries, rate_limited (the HTTP calls its plugin made),
// objects and error; figures the run has not recorded (yet) are null.
JsonObject run_view(const JsonObject& row);

// Jobs newest first, of one connection or of one workspace.
Result<std::vector<JsonObject>> list_jobs(Session& session, std::optional<std::int64_t> connection_id,
                                          std::optional<std::int64_t> workspace_id, std::int64_t limit);

// The public form: id, workspace, connection, pipeline, params, state, attempts, max_attempts,
// error, result, run_after, created_at, started_at, finished_at.
JsonObject job_view(const JsonObject& row);

}  // namespace hsd::engine
