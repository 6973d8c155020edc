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

}  // namespace

Result<JsonObject> deletion_impact(Session& session, std::int64_t connection_id) {
  auto snapshots = rows_where(session, "snapshots", "connection_id", connection_id);
  if (!snapshots) return snapshots.error();
  std::int64_t objects = 0;
  for (const auto& snapshot : *snapshots) objects += snapshot->getValue<std::int64_t>("object_count");

  // Comparisons naming it on either side.
  auto compared = rows_where(session, "comparisons", "connection_id", connection_id);
  if (!compared) return compared.error();
  auto compared_with = rows_where(session, "comparisons", "other_connection_id", connection_id);
  if (!compared_with) return compared_with.error();
  auto comparisons = ids_of(*compared);
  comparisons.merge(ids_of(*compared_with));

  // Its backups (as a source), and those writing to its repositories (as a VCS target).
  auto repositories = rows_where(session, "repositories", "connection_id", connection_id);
  if (!repositories) return repositories.error();
  auto sourced = rows_where(session, "backup_configs", "connection_id", connection_id);
  if (!sourced) return sourced.error();
  auto backups = ids_of(*sourced);
  for (const auto& repository : *repositories) {
    auto targeting = rows_where(session, "backup_configs", "repository_id", repository->getValue<std::int64_t>("id"));
    if (!targeting) return targeting.error();
    backups.merge(ids_of(*targeting));
  }
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
  return impact;
}

}  // namespace hsd::engine
