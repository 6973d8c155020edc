#include "connection_views.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "connections.hpp"
#include "drift_warnings.hpp"
#include "job_queue.hpp"
#include "queue_snapshot.hpp"

namespace hsd::engine {
namespace {

// How a list looks for each source connection's latest succeeded retrieval: the workspace's
// succeeded retrievals newest first, in pages of twice the connections wanted (connections
// retrieving about as often as each other all show up in the first), at most kRetrievalPages of
// them. The few still without one then (a last success long before the others' recent ones) are
// read one by one, so that a long job history is never read whole.
constexpr std::int64_t kMinRetrievalPage = 100;
constexpr int kRetrievalPages = 4;

std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }
bool is_source(const JsonObject& row) { return row->getValue<std::string>("kind") == "source"; }
bool is_pending(const JsonObject& row) { return row->getValue<std::string>("status") == "pending"; }

// What a connection's view adds to connection_view, however it was read. A VCS connection keeps
// the defaults: no retrieval, no drift.
struct Extras {
  Poco::Dynamic::Var last_retrieval;                      // last_retrieval_view
  Poco::JSON::Array::Ptr drift = new Poco::JSON::Array;  // drift_warnings
  std::optional<JsonObject> queue;                        // queue_info, for a pending connection
};

JsonObject assemble(const JsonObject& row, const Extras& extras) {
  JsonObject view = connection_view(row);
  view->set("last_retrieval", extras.last_retrieval);
  view->set("drift", extras.drift);
  if (is_pending(row)) view->set("queue", extras.queue ? Poco::Dynamic::Var(*extras.queue) : Poco::Dynamic::Var());
  return view;
}

// The newest succeeded retrieve job of each of the connections (all of one workspace), by
// connection; a connection that never retrieved successfully has none. Relies on a job carrying
// its connection's workspace (enqueue_job's callers pass the connection's).
Result<std::map<std::int64_t, JsonObject>> newest_retrievals(Session& session, std::int64_t workspace_id,
                                                             std::set<std::int64_t> missing) {
  std::map<std::int64_t, JsonObject> newest;
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.where.set("pipeline", std::string("retrieve"));
  query.where.set("state", std::string("succeeded"));
  query.descending = true;
  query.limit = std::max<std::int64_t>(kMinRetrievalPage, 2 * static_cast<std::int64_t>(missing.size()));
  for (int page = 0; page < kRetrievalPages && !missing.empty(); ++page) {
    auto jobs = session.find("jobs", query);
    if (!jobs) return jobs.error();
    for (const auto& job : *jobs) {
      if (job->isNull("connection_id")) continue;
      const auto connection_id = job->getValue<std::int64_t>("connection_id");
      if (missing.erase(connection_id)) newest.emplace(connection_id, job);
    }
    // A short page ends the workspace's history: those still missing never succeeded.
    if (static_cast<std::int64_t>(jobs->size()) < *query.limit) return newest;
    query.after_id = id_of(jobs->back());
  }
  for (const auto connection_id : missing) {
    auto job = last_succeeded_retrieval(session, connection_id);
    if (!job) return job.error();
    if (!job->isNull()) newest.emplace(connection_id, *job);
  }
  return newest;
}

// The workspace's watches in drift, by connection, in id order.
Result<std::map<std::int64_t, std::vector<JsonObject>>> drifting_watches(Session& session, std::int64_t workspace_id) {
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.where.set("state", std::string("drift"));
  auto watches = session.find("drift_watches", query);
  if (!watches) return watches.error();
  std::map<std::int64_t, std::vector<JsonObject>> by_connection;
  for (const auto& watch : *watches) by_connection[watch->getValue<std::int64_t>("connection_id")].push_back(watch);
  return by_connection;
}

}  // namespace

Result<JsonObject> connection_with_queue(Session& session, const JsonObject& row, std::int64_t now) {
  Extras extras;
  if (is_source(row)) {
    auto last = last_retrieval_view(session, id_of(row));
    if (!last) return last.error();
    extras.last_retrieval = *last;
    auto drift = drift_warnings(session, id_of(row));
    if (!drift) return drift.error();
    extras.drift = *drift;
  }
  if (is_pending(row)) {
    auto info = queue_info(session, id_of(row), now);
    if (!info) return info.error();
    extras.queue = *info;
  }
  return assemble(row, extras);
}

Result<std::vector<JsonObject>> connections_with_queue(Session& session, const std::vector<JsonObject>& rows,
                                                       std::int64_t now) {
  std::map<std::int64_t, std::set<std::int64_t>> sources_by_workspace;
  bool any_pending = false;
  for (const auto& row : rows) {
    if (is_source(row)) sources_by_workspace[row->getValue<std::int64_t>("workspace_id")].insert(id_of(row));
    any_pending = any_pending || is_pending(row);
  }
  std::map<std::int64_t, JsonObject> retrievals;
  std::map<std::int64_t, std::vector<JsonObject>> watches;
  for (const auto& [workspace_id, connections] : sources_by_workspace) {
    auto newest = newest_retrievals(session, workspace_id, connections);
    if (!newest) return newest.error();
    retrievals.merge(*newest);
    auto drifting = drifting_watches(session, workspace_id);
    if (!drifting) return drifting.error();
    watches.merge(*drifting);
  }
  std::optional<QueueSnapshot> queue;
  if (any_pending) {
    auto read = QueueSnapshot::read(session, now);
    if (!read) return read.error();
    queue = std::move(*read);
  }
  std::vector<JsonObject> views;
  views.reserve(rows.size());
  for (const auto& row : rows) {
    const auto id = id_of(row);
    Extras extras;
    if (is_source(row)) {
      const auto job = retrievals.find(id);
      extras.last_retrieval = last_retrieval_of(job == retrievals.end() ? JsonObject() : job->second);
      const auto drifting = watches.find(id);
      extras.drift = drifting == watches.end() ? extras.drift : drift_warnings_of(drifting->second);
    }
    if (is_pending(row)) extras.queue = queue->info(id);
    views.push_back(assemble(row, extras));
  }
  return views;
}

}  // namespace hsd::engine
