#include "queue_snapshot.hpp"

#include <algorithm>

namespace hsd::engine {
namespace {

Result<std::vector<JsonObject>> jobs_in(Session& session, const std::string& state) {
  Query query;
  query.where.set("state", state);
  return session.find("jobs", query);
}

std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }

}  // namespace

Result<QueueSnapshot> QueueSnapshot::read(Session& session, std::int64_t now) {
  auto queued = jobs_in(session, "queued");
  if (!queued) return queued.error();
  auto running = jobs_in(session, "running");
  if (!running) return running.error();
  QueueSnapshot snapshot;
  snapshot.now_ = now;
  // Rows come in id order, so the first one seen per connection is its oldest (emplace keeps it).
  for (const auto& job : *running) {
    if (!job->isNull("connection_id")) snapshot.oldest_running_.emplace(job->getValue<std::int64_t>("connection_id"), id_of(job));
  }
  for (const auto& job : *queued) {
    const bool has_connection = !job->isNull("connection_id");
    if (has_connection) snapshot.oldest_queued_.emplace(job->getValue<std::int64_t>("connection_id"), job);
    // Workers claim the oldest job that is due and whose connection runs nothing else, so a
    // place counts those ahead.
    const bool busy = has_connection && snapshot.oldest_running_.count(job->getValue<std::int64_t>("connection_id"));
    if (job->getValue<std::int64_t>("run_after") <= now && !busy) snapshot.ready_.push_back(id_of(job));
  }
  return snapshot;
}

std::optional<JsonObject> QueueSnapshot::info(std::int64_t connection_id) const {
  const auto queued = oldest_queued_.find(connection_id);
  if (queued == oldest_queued_.end()) return std::nullopt;
  const JsonObject& job = queued->second;
  const auto job_id = id_of(job);
  const auto ahead = std::lower_bound(ready_.begin(), ready_.end(), job_id) - ready_.begin();
  const auto running = oldest_running_.find(connection_id);
  JsonObject info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  info->set("job", job_id);
  info->set("pipeline", job->get("pipeline"));
  info->set("position", static_cast<std::int64_t>(ahead) + 1);
  info->set("waiting_seconds", (now_ - job->getValue<std::int64_t>("created_at")) / 1000);
  info->set("attempts", job->get("attempts"));
  const auto run_after = job->getValue<std::int64_t>("run_after");
  info->set("run_after", run_after > now_ ? Poco::Dynamic::Var(iso8601(run_after)) : Poco::Dynamic::Var());
  info->set("behind_running_job", running == oldest_running_.end() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(running->second));
  info->set("last_error", job->get("error"));
  return info;
}

}  // namespace hsd::engine
