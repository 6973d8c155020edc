#include "job_queue.hpp"

#include "connections.hpp"
#include "queue_snapshot.hpp"

namespace hsd::engine {
namespace {

Result<std::vector<JsonObject>> jobs_where(Session& session, std::int64_t connection_id, const std::string& state) {
  Query query;
  query.where.set("connection_id", connection_id);
  query.where.set("state", state);
  return session.find("jobs", query);
}

}  // namespace

Result<Enqueued> enqueue_job(Session& session, const JobRequest& request, const Actor& actor) {
  auto params = parse_object(request.params_json, "the job's params");
  if (!params) return params.error();
  static const std::vector<std::string> kQueued = {"queued"};
  static const std::vector<std::string> kQueuedOrRunning = {"queued", "running"};
  Poco::JSON::Object record;
  record.set("workspace_id", request.workspace_id);
  record.set("connection_id", request.connection_id);
  record.set("pipeline", request.pipeline);
  record.set("params", *params);
  record.set("max_attempts", request.max_attempts);
  record.set("run_after", now_ms());
  // The job, the connection's status and the audit line are written together.
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto enqueued = session.job_enqueue(record, request.join == JoinRule::queued ? kQueued : kQueuedOrRunning);
  if (!enqueued) return enqueued.error();
  if (enqueued->joined) {
    HSD_TRY(transaction->commit());
    return Enqueued{enqueued->job, true};
  }
  const JsonObject& job = enqueued->job;
  auto running = jobs_where(session, request.connection_id, "running");
  if (!running) return running.error();
  if (running->empty()) {
    auto marked = set_connection_status(session, request.connection_id, "pending", "");
    if (!marked) return marked.error();
  }
  audit(session, request.workspace_id, actor, "job.queue", "connection", std::to_string(request.connection_id),
        "{\"job\":" + job->get("id").toString() + ",\"pipeline\":" + stringify(Poco::Dynamic::Var(request.pipeline)) +
            "}");
  HSD_TRY(transaction->commit());
  return Enqueued{job, false};
}

Status cancel_queued_jobs(Session& session, std::int64_t connection_id) {
  auto queued = jobs_where(session, connection_id, "queued");
  if (!queued) return queued.error();
  for (const auto& job : *queued) {
    Poco::JSON::Object patch;
    patch.set("state", std::string("cancelled"));
    patch.set("finished_at", now_ms());
    Poco::JSON::Object expected;
    expected.set("state", std::string("queued"));
    auto updated = session.update("jobs", job->getValue<std::int64_t>("id"), patch, expected);
    // A worker claimed it meanwhile: the caller cancels running jobs separately.
    if (!updated && updated.error().code != ErrorCode::conflict) return updated.error();
  }
  return {};
}

Result<std::optional<JsonObject>> queue_info(Session& session, std::int64_t connection_id, std::int64_t now) {
  auto queue = QueueSnapshot::read(session, now);
  if (!queue) return queue.error();
  return queue->info(connection_id);
}

namespace {

Poco::Dynamic::Var duration_of(const JsonObject& job) {
  if (job->isNull("started_at") || job->isNull("finished_at")) return {};
  return job->getValue<std::int64_t>("finished_at") - job->getValue<std::int64_t>("started_at");
}

Poco::Dynamic::Var result_value(const JsonObject& job, const char* key) {
  const JsonObject result = job->getObject("result");
  if (!result || !result->has(key)) return {};
  return result->get(key);
}

}  // namespace

Result<JsonObject> last_succeeded_retrieval(Session& session, std::int64_t connection_id) {
  Query query;
  query.where.set("connection_id", connection_id);
  query.where.set("pipeline", std::string("retrieve"));
  query.where.set("state", std::string("succeeded"));
  query.descending = true;
  query.limit = 1;
  auto rows = session.find("jobs", query);
  if (!rows) return rows.error();
  return rows->empty() ? JsonObject() : rows->front();
}

Result<Poco::Dynamic::Var> last_retrieval_view(Session& session, std::int64_t connection_id) {
  auto job = last_succeeded_retrieval(session, connection_id);
  if (!job) return job.error();
  return last_retrieval_of(*job);
}

Poco::Dynamic::Var last_retrieval_of(const JsonObject& job) {
  if (job.isNull()) return {};
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("finished_at", time_or_null(job, "finished_at"));
  view->set("duration_ms", duration_of(job));
  const auto objects = result_value(job, "objects");
  view->set("objects", objects.isEmpty() ? Poco::Dynamic::Var(0) : objects);
  const auto by_type = result_value(job, "objects_by_type");
  view->set("objects_by_type", by_type.isEmpty() ? Poco::Dynamic::Var(JsonObject(new Poco::JSON::Object)) : by_type);
  return Poco::Dynamic::Var(view);
}

JsonObject run_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("pipeline", row->get("pipeline"));
  view->set("state", row->get("state"));
  view->set("attempts", row->get("attempts"));
  view->set("started_at", time_or_null(row, "started_at"));
  view->set("finished_at", time_or_null(row, "finished_at"));
  view->set("duration_ms", duration_of(row));
  for (const char* key : {"requests", "retries", "rate_limited", "objects"}) view->set(key, result_value(row, key));
  const auto error = row->optValue<std::string>("error", "");
  view->set("error", error.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(error));
  return view;
}

Result<std::vector<JsonObject>> list_jobs(Session& session, std::optional<std::int64_t> connection_id,
                                          std::optional<std::int64_t> workspace_id, std::int64_t limit) {
  Query query;
  if (connection_id) query.where.set("connection_id", *connection_id);
  if (workspace_id) query.where.set("workspace_id", *workspace_id);
  query.descending = true;
  query.limit = limit;
  return session.find("jobs", query);
}

JsonObject job_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("workspace", row->get("workspace_id"));
  view->set("connection", row->get("connection_id"));
  view->set("pipeline", row->get("pipeline"));
  view->set("params", row->get("params"));
  view->set("state", row->get("state"));
  view->set("attempts", row->get("attempts"));
  view->set("max_attempts", row->get("max_attempts"));
  view->set("error", row->get("error"));
  view->set("result", row->get("result"));
  view->set("run_after", time_or_null(row, "run_after"));
  view->set("created_at", time_or_null(row, "created_at"));
  view->set("started_at", time_or_null(row, "started_at"));
  view->set("finished_at", time_or_null(row, "finished_at"));
  return view;
}

}  // namespace hsd::engine
