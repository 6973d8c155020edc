#include "backups.hpp"

#include "connections.hpp"

namespace hsd::engine {

Result<std::int64_t> backup_period_ms(const std::string& schedule) {
  constexpr std::int64_t kHour = 3'600'000;
  if (schedule.empty()) return std::int64_t{0};
  if (schedule == "hourly") return kHour;
  if (schedule == "daily") return 24 * kHour;
  if (schedule == "weekly") return 7 * 24 * kHour;
  return make_error(ErrorCode::invalid_argument,
                    "schedule: '" + schedule + "' is not a schedule; allowed: hourly, daily, weekly (or none)");
}

Result<std::string> normal_backup_path(const std::string& path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    const std::string segment = path.substr(start, slash - start);
    const bool edge = start == 0 || slash == path.size();
    if (segment == "." || segment == ".." || (segment.empty() && !edge) || segment.find('\\') != std::string::npos) {
      return make_error(ErrorCode::invalid_argument,
                        "path: '" + path + "' is not a folder path (use names separated by /, without . or ..)");
    }
    for (unsigned char c : segment) {
      if (c < 0x20) return make_error(ErrorCode::invalid_argument, "path: control characters are not allowed");
    }
    if (!segment.empty()) out += (out.empty() ? "" : "/") + segment;
    start = slash + 1;
  }
  return out;
}

JsonObject backup_run_view(const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object;
  view->set("id", row->get("id"));
  view->set("backup", row->get("backup_config_id"));
  view->set("commit", row->get("commit_sha"));
  view->set("added", row->get("added"));
  view->set("changed", row->get("changed"));
  view->set("removed", row->get("removed"));
  view->set("status", row->get("status"));
  view->set("error", row->get("error"));
  view->set("created_at", time_or_null(row, "created_at"));
  view->set("finished_at", time_or_null(row, "finished_at"));
  return view;
}

Result<std::vector<JsonObject>> list_backup_runs(Session& session, std::int64_t backup_id, std::int64_t limit) {
  Query query;
  query.where.set("backup_config_id", backup_id);
  query.descending = true;
  query.limit = limit;
  return session.find("backup_runs", query);
}

Result<BackupRef> find_backup(Session& session, std::int64_t backup_id) {
  auto backup = session.get("backup_configs", backup_id);
  if (!backup) {
    if (backup.error().code == ErrorCode::not_found) {
      return make_error(ErrorCode::not_found, "no backup " + std::to_string(backup_id));
    }
    return backup.error();
  }
  auto source = session.get("connections", (*backup)->getValue<std::int64_t>("connection_id"));
  if (!source) return source.error();
  auto target = find_repository(session, (*backup)->getValue<std::int64_t>("repository_id"));
  if (!target) return target.error();
  return BackupRef{*backup, *source, *target};
}

Result<JsonObject> backup_view(Session& session, const JsonObject& row) {
  auto ref = find_backup(session, row->getValue<std::int64_t>("id"));
  if (!ref) return ref.error();
  JsonObject view = new Poco::JSON::Object;
  view->set("id", row->get("id"));
  view->set("workspace", ref->source->get("workspace_id"));
  view->set("source", ref->source->get("id"));
  view->set("source_label", ref->source->get("label"));
  view->set("repository", ref->target.repository->get("id"));
  view->set("full_name", ref->target.repository->get("full_name"));
  view->set("connection", ref->target.connection->get("id"));
  view->set("branch", row->get("branch"));
  view->set("path", row->get("path_prefix"));
  view->set("schedule", row->get("schedule"));
  view->set("created_at", time_or_null(row, "created_at"));
  auto runs = list_backup_runs(session, row->getValue<std::int64_t>("id"), 1);
  if (!runs) return runs.error();
  view->set("last_run", runs->empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(backup_run_view(runs->front())));
  return view;
}

Result<JsonObject> add_backup(Session& session, const JsonObject& source, const BackupRequest& request) {
  if (source->getValue<std::string>("kind") != "source") {
    return make_error(ErrorCode::invalid_argument, "source: connection " + source->get("id").toString() + " ('" +
                                                       source->getValue<std::string>("label") +
                                                       "') is not a source of metadata");
  }
  auto period = backup_period_ms(request.schedule);
  if (!period) return period.error();
  auto path = normal_backup_path(request.path);
  if (!path) return path.error();
  const auto workspace = source->getValue<std::int64_t>("workspace_id");
  auto target = find_repository_in_workspace(session, workspace, request.repository);
  if (!target) return target.error();
  const auto& repository = target->repository;
  if (repository->getValue<std::string>("status_reason") == "archived") {
    return make_error(ErrorCode::conflict, repository->getValue<std::string>("full_name") +
                                               " is archived and read-only: it cannot be a backup target");
  }
  const std::string branch =
      request.branch.empty() ? repository->getValue<std::string>("default_branch") : request.branch;
  if (branch.empty() || branch.find("..") != std::string::npos || branch.front() == '/' || branch.back() == '/' ||
      branch.find_first_of(" ~^:?*[\\") != std::string::npos) {
    return make_error(ErrorCode::invalid_argument, "branch: '" + branch + "' is not a valid branch name");
  }
  Poco::JSON::Object record;
  record.set("connection_id", source->getValue<std::int64_t>("id"));
  record.set("repository_id", repository->getValue<std::int64_t>("id"));
  record.set("branch", branch);
  record.set("path_prefix", *path);
  record.set("schedule", request.schedule);
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  // One backup per source, repository, branch and path: a second would fight over the files.
  Query same;
  same.where.set("connection_id", source->getValue<std::int64_t>("id"));
  same.where.set("repository_id", repository->getValue<std::int64_t>("id"));
  same.where.set("branch", branch);
  same.where.set("path_prefix", *path);
  auto existing = session.find("backup_configs", same);
  if (!existing) return existing.error();
  if (!existing->empty()) {
    return make_error(ErrorCode::conflict, "backup " + existing->front()->get("id").toString() +
                                               " already writes this source to " +
                                               repository->getValue<std::string>("full_name") + " " + branch +
                                               (path->empty() ? "" : " under " + *path));
  }
  auto row = session.insert("backup_configs", record);
  if (!row) return row.error();
  audit(session, workspace, request.actor, "backup.add", "backup", (*row)->get("id").toString(),
        "{\"source\":" + source->get("id").toString() + ",\"repository\":" + repository->get("id").toString() + "}");
  HSD_TRY(transaction->commit());
  return backup_view(session, *row);
}

Result<std::vector<JsonObject>> list_backups(Session& session, std::optional<std::int64_t> connection_id,
                                             std::optional<std::int64_t> workspace_id) {
  auto all = session.find("backup_configs");
  if (!all) return all.error();
  std::vector<JsonObject> out;
  for (const auto& row : *all) {
    auto ref = find_backup(session, row->getValue<std::int64_t>("id"));
    if (!ref) return ref.error();
    if (workspace_id && ref->source->getValue<std::int64_t>("workspace_id") != *workspace_id) continue;
    if (connection_id && ref->source->getValue<std::int64_t>("id") != *connection_id &&
        ref->target.connection->getValue<std::int64_t>("id") != *connection_id) {
      continue;
    }
    auto view = backup_view(session, row);
    if (!view) return view.error();
    out.push_back(*view);
  }
  return out;
}

Status cancel_queued_backup_runs(Session& session, std::int64_t backup_id) {
  Query query;
  query.where.set("pipeline", std::string("backup"));
  query.where.set("state", std::string("queued"));
  auto jobs = session.find("jobs", query);
  if (!jobs) return jobs.error();
  for (const auto& job : *jobs) {
    auto params = job->getObject("params");
    if (!params || !params->has("backup_id") || params->get("backup_id").toString() != std::to_string(backup_id)) {
      continue;
    }
    Poco::JSON::Object patch, expected;
    patch.set("state", std::string("cancelled"));
    patch.set("finished_at", now_ms());
    expected.set("state", std::string("queued"));
    auto updated = session.update("jobs", job->getValue<std::int64_t>("id"), patch, expected);
    // A worker claimed it meanwhile: its run fails cleanly, finding no backup.
    if (!updated && updated.error().code != ErrorCode::conflict) return updated.error();
  }
  return {};
}

Status remove_backup(Session& session, const BackupRef& ref, const Actor& actor) {
  const auto id = ref.backup->getValue<std::int64_t>("id");
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  HSD_TRY(cancel_queued_backup_runs(session, id));
  Query runs;
  runs.where.set("backup_config_id", id);
  auto rows = session.find("backup_runs", runs);
  if (!rows) return rows.error();
  for (const auto& run : *rows) HSD_TRY(session.remove("backup_runs", run->getValue<std::int64_t>("id")));
  // A drift watch against this backup has nothing left to compare with. Comparisons that read
  // it stay: they keep the sides they used (and their commit) as history.
  Query watching;
  watching.where.set("backup_config_id", id);
  auto watches = session.find("drift_watches", watching);
  if (!watches) return watches.error();
  for (const auto& watch : *watches) HSD_TRY(session.remove("drift_watches", watch->getValue<std::int64_t>("id")));
  HSD_TRY(session.remove("backup_configs", id));
  audit(session, ref.source->getValue<std::int64_t>("workspace_id"), actor, "backup.remove", "backup",
        std::to_string(id), "{}");
  return transaction->commit();
}

Result<Enqueued> queue_backup(Session& session, const BackupRef& ref, const Actor& actor, JoinRule join) {
  JobRequest job;
  job.join = join;
  job.workspace_id = ref.target.connection->getValue<std::int64_t>("workspace_id");
  job.connection_id = ref.target.connection->getValue<std::int64_t>("id");
  job.pipeline = "backup";
  job.params_json = "{\"backup_id\":" + ref.backup->get("id").toString() + "}";
  return enqueue_job(session, job, actor);
}

}  // namespace hsd::engine
