#include "job_queue.hpp"

#include <algorithm>
#include <set>

#include "connections.hpp"
#include "drift_warnings.hpp"

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

Result<std::optional<JsonObject>> queue_info(Session& session, std::int64_t connection_id) {
  auto mine = jobs_where(session, connection_id, "queued");
  if (!mine) return mine.error();
  if (mine->empty()) return std::optional<JsonObject>();
  const JsonObject& job = mine->front();
  const auto job_id = job->getValue<std::int64_t>("id");
  const std::int64_t now = now_ms();
  Query ready;
  ready.where.set("state", std::string("queued"));
  auto all = session.find("jobs", ready);
  if (!all) return all.error();
  Query busy;
  busy.where.set("state", std::string("running"));
  auto runs = session.find("jobs", busy);
  if (!runs) return runs.error();
  std::set<std::int64_t> busy_connections;
  for (const auto& run : *runs) {
    if (!run->isNull("connection_id")) busy_connections.insert(run->getValue<std::int64_t>("connection_id"));
  }
  // Jobs are claimed oldest first among those that can run (due, and their connection not
  // running another), so the place counts those ahead.
  const auto ahead = std::count_if(all->begin(), all->end(), [&](const JsonObject& other) {
    return other->getValue<std::int64_t>("id") < job_id && other->getValue<std::int64_t>("run_after") <= now &&
           (other->isNull("connection_id") ||
            !busy_connections.count(other->getValue<std::int64_t>("connection_id")));
  });
  auto running = jobs_where(session, connection_id, "running");
  if (!running) return running.error();
  JsonObject info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  info->set("job", job_id);
  info->set("pipeline", job->get("pipeline"));
  info->set("position", static_cast<std::int64_t>(ahead) + 1);
  info->set("waiting_seconds", (now - job->getValue<std::int64_t>("created_at")) / 1000);
  info->set("attempts", job->get("attempts"));
  const auto run_after = job->getValue<std::int64_t>("run_after");
  info->set("run_after", run_after > now ? Poco::Dynamic::Var(iso8601(run_after)) : Poco::Dynamic::Var());
  info->set("behind_running_job", running->empty() ? Poco::Dynamic::Var() : running->front()->get("id"));
  info->set("last_error", job->get("error"));
  return std::optional<JsonObject>(info);
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

Result<Poco::Dynamic::Var> last_retrieval_view(Session& session, std::int64_t connection_id) {
  Query query;
  query.where.set("connection_id", connection_id);
  query.where.set("pipeline", std::string("retrieve"));
  query.where.set("state", std::string("succeeded"));
  query.descending = true;
  query.limit = 1;
  auto rows = session.find("jobs", query);
  if (!rows) return rows.error();
  if (rows->empty()) return Poco::Dynamic::Var();
  const JsonObject& job = rows->front();
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

Result<JsonObject> connection_with_queue(Session& session, const JsonObject& row) {
  JsonObject view = connection_view(row);
  if (row->getValue<std::string>("kind") == "source") {
    auto last = last_retrieval_view(session, row->getValue<std::int64_t>("id"));
    if (!last) return last.error();
    view->set("last_retrieval", *last);
    auto drift = drift_warnings(session, row->getValue<std::int64_t>("id"));
    if (!drift) return drift.error();
    view->set("drift", *drift);
  } else {
    view->set("last_retrieval", Poco::Dynamic::Var());
    view->set("drift", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  }
  if (row->getValue<std::string>("status") == "pending") {
    auto info = queue_info(session, row->getValue<std::int64_t>("id"));
    if (!info) return info.error();
    view->set("queue", *info ? Poco::Dynamic::Var(**info) : Poco::Dynamic::Var());
  }
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
