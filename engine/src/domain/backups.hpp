// Backup configurations: a source connection's current snapshot written to a repository
// branch (under an optional path) as one commit per run, on demand or on a schedule (hourly,
// daily, weekly). A run is a `backup` pipeline job of the repository's VCS connection, so
// runs into one repository never overlap; each run is recorded with its commit and counts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit.hpp"
#include "hsd/engine/storage.hpp"
#include "job_queue.hpp"
#include "json_util.hpp"
#include "repositories.hpp"

namespace hsd::engine {

// "" (on demand only), "hourly", "daily" or "weekly"; the period in ms, 0 for "".
Result<std::int64_t> backup_period_ms(const std::string& schedule);

// A path in the repository: no leading or trailing slash, no empty, "." or ".." segment.
Result<std::string> normal_backup_path(const std::string& path);

struct BackupRequest {
  std::string repository;  // OWNER/NAME or the stored repository id, within the source's workspace
  std::string branch;      // empty: the repository's branch
  std::string path;        // folder in the repository; empty: the root
  std::string schedule;    // "", hourly, daily or weekly
  Actor actor;
};

// The public form: id, workspace, source (connection id), source_label, repository (stored
// id), full_name, connection (the VCS connection), branch, path, schedule, created_at, and
// last_run (a run's view, or null).
Result<JsonObject> backup_view(Session& session, const JsonObject& row);

Result<JsonObject> add_backup(Session& session, const JsonObject& source, const BackupRequest& request);

// Backups whose source is the connection or whose repository belongs to it; or every backup
// of a workspace.
Result<std::vector<JsonObject>> list_backups(Session& session, std::optional<std::int64_t> connection_id,
                                             std::optional<std::int64_t> workspace_id);

struct BackupRef {
  JsonObject backup;
  JsonObject source;  // the source connection
  RepositoryRef target;
};
Result<BackupRef> find_backup(Session& session, std::int64_t backup_id);

// Cancels the backup's runs still waiting in the queue (its repository's connection's jobs):
// a removed backup, or one whose source is being deleted, must not run later.
Status cancel_queued_backup_runs(Session& session, std::int64_t backup_id);

// Removes a backup and its run history (and its queued runs), and the drift watches against it.
Status remove_backup(Session& session, const BackupRef& ref, const Actor& actor);

// Queues a run on the repository's VCS connection, or joins one already queued (and, with
// JoinRule::queued_or_running, the scheduler's rule, one already running).
Result<Enqueued> queue_backup(Session& session, const BackupRef& ref, const Actor& actor,
                              JoinRule join = JoinRule::queued);

// Runs, newest first: id, backup, commit, added, changed, removed, status, error, created_at, finished_at.
Result<std::vector<JsonObject>> list_backup_runs(Session& session, std::int64_t backup_id, std::int64_t limit);
JsonObject backup_run_view(const JsonObject& row);

}  // namespace hsd::engine
