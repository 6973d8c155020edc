// Drift watches: a source connection compared, after each of its successful retrievals, with
// the configuration it should have (a backup's repository branch, or another connection). The
// watch keeps the outcome of its newest comparison (clean, drift with the number of
// differences, or error) and its newest five comparisons; a watch in drift puts a warning on
// its connection ("12 differences from acme/portal-config@main").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit.hpp"
#include "comparison_sides.hpp"
#include "comparisons.hpp"
#include "hsd/engine/engine.hpp"
#include "job_queue.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// How many comparisons a watch keeps; older ones are deleted when a newer one finishes.
inline constexpr std::int64_t kWatchKeepsComparisons = 5;

struct WatchRequest {
  std::int64_t workspace_id = 0;
  std::int64_t connection_id = 0;  // the watched source connection
  SideSpec against;                // a backup (at its branch or a ref) or another connection
  std::vector<std::string> types;  // empty: every type
  Actor actor;
};

// Checks the request (errors name the field: `connection`, `against`, `against.snapshot`) and
// stores the watch; its view.
Result<JsonObject> create_watch(Session& session, Engine& engine, const WatchRequest& request);

// The public form: id, workspace, connection, connection_label, against (the resolved side),
// label, types, state, state_detail, differences, last_comparison, last_run_at, created_at.
Result<JsonObject> watch_view(Session& session, Engine& engine, const JsonObject& row);

// The rows of a workspace's watches, oldest first.
Result<std::vector<JsonObject>> list_watches(Session& session, std::int64_t workspace_id);
// A watch's row; NOT_FOUND naming it.
Result<JsonObject> find_watch(Session& session, std::int64_t watch_id);

// Removes a watch and its comparisons (its queued ones are cancelled) in one transaction.
Status remove_watch(Session& session, const JsonObject& row, const Actor& actor);

// The watch's comparison as a request: the watched connection's current snapshot against its
// side, with its types, as the watch's.
Result<ComparisonRequest> watch_comparison_request(const JsonObject& row, const Actor& actor);

// Creates the watch's comparison (watch_comparison_request) and queues it.
struct WatchRun {
  JsonObject comparison;  // the comparison's view
  Enqueued enqueued;
};
Result<WatchRun> run_watch(Session& session, Engine& engine, const JsonObject& row, const Actor& actor);

// After a successful retrieval of the connection: queues a comparison for each watch that
// reads it (as the watched side or the other one), unless one of that watch's comparisons is
// still waiting to start (it will read the new snapshot anyway). A watch whose side no longer
// resolves is put in state error instead. The number queued.
Result<std::int64_t> queue_watches(Session& session, Engine& engine, std::int64_t connection_id);

// When a comparison ends (completed or error): counts it for /metrics and, when it belongs to
// a watch and is not older than the watch's last one, stores its outcome on the watch and
// deletes the watch's comparisons beyond the newest kWatchKeepsComparisons.
Status finish_watch(Session& session, std::int64_t comparison_id);

}  // namespace hsd::engine
