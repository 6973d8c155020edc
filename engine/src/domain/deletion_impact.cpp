#include "deletion_impact.hpp"

#include <set>

namespace hsd::engine {
namespace {

Result<std::vector<JsonObject>> rows_where(Session& session, const char* entity, const char* column, std::int64_t id) {
  Query query;
  query.where.set(column, id);
  return session.find(entity, query);
}

std::set<std::int64_t> ids_of(const std::vector<JsonObject>& rows) {
  std::set<std::int64_t> ids;
  for (const auto& row : rows) ids.insert(row->getValue<std::int64_t>("id"));
  return ids;
}

Status add_ids(Session& session, const char* entity, const char* column, std::int64_t id, std::set<std::int64_t>& ids) {
  auto rows = rows_where(session, entity, column, id);
  if (!rows) return rows.error();
  ids.merge(ids_of(*rows));
  return {};
}

// The comparisons reading a backup from the repository (either side) and the watches naming it.
Status add_repository_users(Session& session, std::int64_t repository_id, std::set<std::int64_t>& comparisons,
                            std::set<std::int64_t>& watches) {
  HSD_TRY(add_ids(session, "comparisons", "left_repository_id", repository_id, comparisons));
  HSD_TRY(add_ids(session, "comparisons", "right_repository_id", repository_id, comparisons));
  return add_ids(session, "drift_watches", "repository_id", repository_id, watches);
}

}  // namespace

Result<JsonObject> deletion_impact(Session& session, std::int64_t connection_id) {
  auto snapshots = rows_where(session, "snapshots", "connection_id", connection_id);
  if (!snapshots) return snapshots.error();
  std::int64_t objects = 0;
  for (const auto& snapshot : *snapshots) objects += snapshot->getValue<std::int64_t>("object_count");

  // Comparisons naming it on either side, and watches watching it or comparing against it.
  std::set<std::int64_t> comparisons, watches;
  HSD_TRY(add_ids(session, "comparisons", "connection_id", connection_id, comparisons));
  HSD_TRY(add_ids(session, "comparisons", "other_connection_id", connection_id, comparisons));
  HSD_TRY(add_ids(session, "drift_watches", "connection_id", connection_id, watches));
  HSD_TRY(add_ids(session, "drift_watches", "other_connection_id", connection_id, watches));

  // Its backups (as a source), and those writing to its repositories (as a VCS target), with
  // the comparisons and watches reading its repositories.
  auto repositories = rows_where(session, "repositories", "connection_id", connection_id);
  if (!repositories) return repositories.error();
  auto sourced = rows_where(session, "backup_configs", "connection_id", connection_id);
  if (!sourced) return sourced.error();
  auto backups = ids_of(*sourced);
  for (const auto& repository : *repositories) {
    const auto repository_id = repository->getValue<std::int64_t>("id");
    auto targeting = rows_where(session, "backup_configs", "repository_id", repository_id);
    if (!targeting) return targeting.error();
    backups.merge(ids_of(*targeting));
    HSD_TRY(add_repository_users(session, repository_id, comparisons, watches));
  }
  for (const auto backup : backups) HSD_TRY(add_ids(session, "drift_watches", "backup_config_id", backup, watches));
  std::int64_t backup_runs = 0;
  for (const auto backup : backups) {
    auto runs = rows_where(session, "backup_runs", "backup_config_id", backup);
    if (!runs) return runs.error();
    backup_runs += static_cast<std::int64_t>(runs->size());
  }

  auto deployments = rows_where(session, "deployments", "connection_id", connection_id);
  if (!deployments) return deployments.error();
  auto jobs = rows_where(session, "jobs", "connection_id", connection_id);
  if (!jobs) return jobs.error();

  JsonObject impact = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  impact->set("metadata_objects", objects);
  impact->set("snapshots", static_cast<std::int64_t>(snapshots->size()));
  impact->set("comparisons", static_cast<std::int64_t>(comparisons.size()));
  impact->set("backup_configs", static_cast<std::int64_t>(backups.size()));
  impact->set("backup_runs", backup_runs);
  impact->set("deployments", static_cast<std::int64_t>(deployments->size()));
  impact->set("repositories", static_cast<std::int64_t>(repositories->size()));
  impact->set("jobs", static_cast<std::int64_t>(jobs->size()));
  impact->set("watches", static_cast<std::int64_t>(watches.size()));
  return impact;
}

Result<JsonObject> repository_deletion_impact(Session& session, std::int64_t repository_id) {
  std::set<std::int64_t> comparisons, watches;
  HSD_TRY(add_repository_users(session, repository_id, comparisons, watches));
  auto backups = rows_where(session, "backup_configs", "repository_id", repository_id);
  if (!backups) return backups.error();
  for (const auto& backup : *backups) {
    HSD_TRY(add_ids(session, "drift_watches", "backup_config_id", backup->getValue<std::int64_t>("id"), watches));
  }
  JsonObject impact = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  impact->set("comparisons", static_cast<std::int64_t>(comparisons.size()));
  impact->set("watches", static_cast<std::int64_t>(watches.size()));
  impact->set("backup_configs", static_cast<std::int64_t>(backups->size()));
  return impact;
}

}  // namespace hsd::engine
