#include "migrations.hpp"

#include <hsd/abi.h>

#include <algorithm>
#include <set>
#include <vector>

#include "json_codec.hpp"
#include "schema.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// pg_advisory_xact_lock(kLockClass, kMigrationLock): one key for every hsdeploy engine on the
// database ('hsdm'), released when the migration's transaction ends.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(1752396909, 1)";

bool has_migrations_table(Session& session) {
  return session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").text(0, 0) == "t";
}

std::set<int> applied_versions(Session& session) {
  std::set<int> applied;
  const Rows rows = session.query("SELECT version FROM schema_migrations");
  for (int i = 0; i < rows.size(); ++i) applied.insert(static_cast<int>(rows.integer(i, 0)));
  return applied;
}

void refuse_newer(Session& session, const std::set<int>& applied) {
  if (!applied.empty() && *applied.rbegin() > Migrations::latest()) {
    fail(HSD_ERR_UNSUPPORTED,
         "PostgreSQL database (" + session.instance().server + ") has schema migration " +
             std::to_string(*applied.rbegin()) +
             " but this postgres storage plugin knows migrations up to " +
             std::to_string(Migrations::latest()) +
             "; it was written by a newer hsdeploy: upgrade hsdeploy or use another database");
  }
}

// Every whitelisted column must exist in the table (rows are read by name, so order is free).
void check_tables(Session& session) {
  for (const Entity& entity : Schema::entities()) {
    std::set<std::string> actual;
    const Rows rows = session.query(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1",
        Params().add_text(entity.name));
    for (int i = 0; i < rows.size(); ++i) actual.emplace(rows.text(i, 0));
    std::set<std::string> expected{"id"};
    for (const Column& c : entity.columns) expected.insert(c.name);
    if (actual != expected) {
      std::string got;
      for (const auto& name : actual) got += (got.empty() ? "" : ", ") + name;
      fail(HSD_ERR_INTERNAL, "table " + entity.name + " has columns (" + got +
                                 ") which do not match the plugin's schema; the database was "
                                 "changed by hand or by another program");
    }
  }
}

}  // namespace

void Migrations::require_current(Session& session) {
  const std::set<int> applied = has_migrations_table(session) ? applied_versions(session) : std::set<int>();
  refuse_newer(session, applied);
  std::string pending;
  for (std::size_t i = 0; i < kMigrationCount; ++i) {
    if (!applied.count(kMigrations[i].number)) pending += (pending.empty() ? "" : ", ") + std::string(kMigrations[i].name);
  }
  if (!pending.empty()) {
    fail(HSD_ERR_UNSUPPORTED, "PostgreSQL database (" + session.instance().server +
                                  ") has schema migrations to apply (" + pending +
                                  ") and storage.migrate is manual: run `hsdeploy storage migrate` first");
  }
  check_tables(session);
}

std::int64_t Migrations::applied_version(Session& session) {
  const Rows rows = session.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  return rows.integer(0, 0);
}

std::string Migrations::status(Session& session) {
  std::set<int> applied;
  std::string applied_json;
  std::int64_t version = 0;
  if (has_migrations_table(session)) {
    const Rows rows = session.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    for (int i = 0; i < rows.size(); ++i) {
      applied.insert(static_cast<int>(rows.integer(i, 0)));
      version = std::max(version, rows.integer(i, 0));
      applied_json += std::string(applied_json.empty() ? "" : ",") + "{\"version\":" +
                      std::to_string(rows.integer(i, 0)) + ",\"name\":";
      append_json_string(applied_json, rows.text(i, 1));
      applied_json += ",\"applied_at\":" + std::to_string(rows.integer(i, 2)) + "}";
    }
  }
  std::string pending_json;
  for (std::size_t i = 0; i < kMigrationCount; ++i) {
    if (applied.count(kMigrations[i].number)) continue;
    pending_json += std::string(pending_json.empty() ? "" : ",") + "{\"version\":" +
                    std::to_string(kMigrations[i].number) + ",\"name\":";
    append_json_string(pending_json, kMigrations[i].name);
    pending_json += "}";
  }
  return "{\"version\":" + std::to_string(version) + ",\"supported\":" + std::to_string(latest()) +
         ",\"pending\":[" + pending_json + "],\"applied\":[" + applied_json + "]}";
}

int Migrations::latest() { return kMigrationCount ? kMigrations[kMigrationCount - 1].number : 0; }

void Migrations::apply(Session& session) {
  // The bookkeeping table, under the lock (CREATE TABLE IF NOT EXISTS races with itself).
  {
    WriteScope scope(session);
    session.query(kLock);
    session.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
    refuse_newer(session, applied_versions(session));
    scope.commit();
  }
  for (std::size_t i = 0; i < kMigrationCount; ++i) {
    const Migration& m = kMigrations[i];
    WriteScope scope(session);
    session.query(kLock);
    // Read again under the lock: another engine may have applied it while this one waited.
    const std::set<int> applied = applied_versions(session);
    refuse_newer(session, applied);
    if (applied.count(m.number)) continue;
    session.exec(m.sql, std::string("schema migration ") + m.name);
    session.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                  Params().add(static_cast<std::int64_t>(m.number)).add_text(m.name).add(now_ms()));
    scope.commit();
  }
  check_tables(session);
}

}  // namespace hsd::plugins::postgres
