// Comparisons as records: created from two sides (comparison_sides.hpp), queued as a `compare`
// job, listed, shown with their per-object changes (paged, filtered by type and kind), and
// deleted. run_comparison (comparison_runner.hpp) fills them in; the helpers at the end are
// the writes it makes, so that every write of a comparison row lives here.
//
// Storage: the comparisons, comparison_changes and drift_watches entities of sdk/STORAGE.md.
// A comparison's state is its status (pending, in_progress, completed, error), as a connection's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit.hpp"
#include "comparison_sides.hpp"
#include "compare/compare_objects.hpp"
#include "job_queue.hpp"

namespace hsd::engine {

struct ComparisonRequest {
  std::int64_t workspace_id = 0;
  SideSpec left, right;
  std::vector<std::string> types;  // empty: every type
  Actor actor;
  std::optional<std::int64_t> watch_id;
};

// Resolves both sides (errors name "left" or "right") and checks the types (each must be an
// object type of the left side's plugin; "types[1]: ..."); stores the row in state pending and
// audits it. The row.
Result<JsonObject> create_comparison(Session& session, Engine& engine, const ComparisonRequest& request);

// Queues job "compare" {comparison_id} for the row's workspace (no connection: a comparison
// reads two) and stores its id in job_id.
Result<Enqueued> queue_comparison(Session& session, const JsonObject& row, const Actor& actor);

// The public form: id, workspace, status, status_detail, status_code, progress {done, total,
// type}, left, right, types, summary (result.types, or null before completion), totals,
// differences, warnings, job, watch, created_by, created_at, finished_at.
JsonObject comparison_view(const JsonObject& row);

// NOT_FOUND "no comparison N".
Result<JsonObject> find_comparison(Session& session, std::int64_t id);

// A workspace's comparisons, newest first; before_id pages to older ones.
Result<std::vector<JsonObject>> list_comparisons(Session& session, std::int64_t workspace_id, std::int64_t limit,
                                                 std::optional<std::int64_t> before_id);

struct ChangeFilter {
  std::string type, kind;   // empty: any
  std::int64_t after = 0;   // the last change id of the previous page
  std::int64_t limit = 50;  // 1 to 1000
};

// Change views (id, comparison, type, kind, key, name, left_id, right_id, operations) in id
// order; a kind other than added, removed, changed or ambiguous, or a limit out of range, is
// invalid_argument naming the field.
Result<std::vector<JsonObject>> list_changes(Session& session, std::int64_t comparison_id, const ChangeFilter& filter);

// One change's view with patch, left_document and right_document; NOT_FOUND when it is not
// the comparison's.
Result<JsonObject> find_change(Session& session, std::int64_t comparison_id, std::int64_t change_id);
JsonObject change_view(const JsonObject& row, bool with_documents);

// Removes the comparison and its changes in one transaction, cancels its job while still
// queued, clears it from the watch that last ran it, and audits.
Status delete_comparison(Session& session, const JsonObject& row, const Actor& actor);
// The same inside the caller's transaction (a watch removing its comparisons with itself).
Status remove_comparison(Session& session, const JsonObject& row, const Actor& actor);

// Removes the comparisons reading a backup from the repository (either side), with their
// changes, and the drift watches naming it; inside the caller's transaction.
Status delete_repository_comparisons(Session& session, std::int64_t repository_id);

// Cancels the queued compare jobs of the comparisons that deleting the connection removes
// (Session::delete_connection removes the rows; their jobs have no connection to be found by).
Status cancel_queued_comparisons(Session& session, std::int64_t connection_id);

// --- The runner's writes -------------------------------------------------------------------
// Sets state in_progress (clearing a failed attempt's detail and progress) and the resolved
// sides as the run pinned them (snapshot, commit).
Result<JsonObject> start_comparison(Session& session, std::int64_t id, const JsonObject& left_side,
                                    const JsonObject& right_side);
Status set_comparison_progress(Session& session, std::int64_t id, std::int64_t done, std::int64_t total,
                               const std::string& type);
// One differing object (kind added, removed or changed) of a type.
Status insert_change(Session& session, std::int64_t comparison_id, const compare::ObjectDifference& difference,
                     const std::string& type);
// One ambiguous key of a type: the ids of its objects on each side, joined by ", ".
Status insert_ambiguous(Session& session, std::int64_t comparison_id, const std::string& type,
                        const std::string& key, const std::vector<std::string>& left_ids,
                        const std::vector<std::string>& right_ids);
// Removes the changes a failed or retried attempt stored.
Status clear_changes(Session& session, std::int64_t comparison_id);
// state completed, result ({"types", "totals", "warnings"}), differences (added + removed +
// changed of totals), finished_at.
Result<JsonObject> finish_comparison(Session& session, std::int64_t id, const JsonObject& result);
// state error with the message and code, finished_at.
Result<JsonObject> fail_comparison_row(Session& session, std::int64_t id, const std::string& message,
                                       const std::string& code);

}  // namespace hsd::engine
