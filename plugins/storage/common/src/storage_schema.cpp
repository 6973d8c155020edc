// Entities and columns of sdk/STORAGE.md, kept in the order the migrations create them (columns
// added by a later migration come last in their table).
// The conformance suite round-trips every column, and each plugin checks its tables against
// this list when it opens (SQLite: PRAGMA table_info; PostgreSQL: information_schema.columns),
// so the list and the migrations cannot drift apart silently. Both storage plugins share it:
// the entities are the storage ABI's, not one database's.
#include "storage_schema.hpp"

#include <hsd/abi.h>

#include "storage_errors.hpp"

namespace hsd::plugins::storage {
namespace {

Column req_int(std::string n) { return {std::move(n), ColumnType::integer, false, false}; }
Column opt_int(std::string n) { return {std::move(n), ColumnType::integer, true, true}; }
Column def_int(std::string n) { return {std::move(n), ColumnType::integer, false, true}; }
Column req_text(std::string n) { return {std::move(n), ColumnType::text, false, false}; }
Column def_text(std::string n) { return {std::move(n), ColumnType::text, false, true}; }
Column opt_text(std::string n) { return {std::move(n), ColumnType::text, true, true}; }
Column def_json(std::string n) { return {std::move(n), ColumnType::json, false, true}; }
// created_at / updated_at: the plugin fills them with the current time when left out.
Column stamp(std::string n) { return def_int(std::move(n)); }

Entity make(std::string name, std::vector<Column> columns) {
  Entity e;
  e.name = std::move(name);
  e.columns = std::move(columns);
  e.select_list_ = "id";
  for (const Column& c : e.columns) {
    e.select_list_ += ", " + c.name;
    if (c.name == "created_at") e.has_created_at = true;
    if (c.name == "updated_at") e.has_updated_at = true;
  }
  return e;
}

std::vector<Entity> build() {
  std::vector<Entity> v;
  v.push_back(make("workspaces", {req_text("name"), stamp("created_at")}));
  v.push_back(make("users", {req_text("email"), def_text("name"), stamp("created_at"),
                             def_text("password_hash"), opt_int("password_set_at")}));
  v.push_back(make("memberships", {req_int("workspace_id"), req_int("user_id"), req_text("role"),
                                   stamp("created_at")}));
  v.push_back(make("api_tokens", {req_int("user_id"), def_text("name"), req_text("token_hash"),
                                  stamp("created_at"), opt_int("last_used_at"),
                                  opt_int("revoked_at")}));
  v.push_back(make("connections",
                   {req_int("workspace_id"), req_text("plugin"), req_text("kind"),
                    req_text("label"), def_text("account_id"), def_text("account_name"),
                    def_text("auth_type"), def_json("scopes_requested"),
                    def_json("scopes_granted"), def_json("scopes_missing"), def_json("warnings"),
                    opt_int("token_expires_at"), def_text("status"), def_text("status_detail"),
                    def_int("progress_done"), def_int("progress_total"),
                    def_text("progress_type"), opt_int("current_snapshot_id"),
                    def_json("settings"), stamp("created_at"), stamp("updated_at"),
                    opt_int("retrieved_at"), def_text("status_code"), opt_int("token_refreshed_at")}));
  v.push_back(make("credentials",
                   {req_int("connection_id"), req_text("sealed"), stamp("updated_at")}));
  v.push_back(make("oauth_states",
                   {req_text("state_hash"), req_int("workspace_id"), opt_int("user_id"),
                    req_text("plugin"), def_json("data"), stamp("created_at"),
                    req_int("expires_at"), opt_int("used_at")}));
  v.push_back(make("repositories",
                   {req_int("connection_id"), req_text("external_id"), req_text("full_name"),
                    def_text("default_branch"), def_text("status"), def_text("status_reason"),
                    def_text("status_detail"), opt_int("last_checked_at"), stamp("created_at"),
                    stamp("updated_at")}));
  v.push_back(make("snapshots", {req_int("connection_id"), req_text("state"),
                                 def_int("object_count"), stamp("created_at"),
                                 opt_int("completed_at")}));
  v.push_back(make("comparisons",
                   {req_int("workspace_id"), req_int("connection_id"), opt_int("other_connection_id"),
                    def_text("state"), def_json("result"), stamp("created_at"),
                    // Since migration 7 (comparisons' sides, progress and summary).
                    def_json("left_side"), def_json("right_side"), def_json("types"),
                    def_text("status_detail"), def_text("status_code"), def_int("progress_done"),
                    def_int("progress_total"), def_text("progress_type"), opt_int("job_id"),
                    opt_int("created_by"), opt_int("watch_id"), opt_int("left_repository_id"),
                    opt_int("right_repository_id"), def_int("differences"), opt_int("finished_at"),
                    stamp("updated_at")}));
  v.push_back(make("backup_configs",
                   {req_int("connection_id"), req_int("repository_id"), def_text("branch"),
                    def_text("path_prefix"), def_text("schedule"), stamp("created_at"),
                    stamp("updated_at")}));
  v.push_back(make("backup_runs",
                   {req_int("backup_config_id"), req_int("connection_id"), def_text("commit_sha"),
                    def_int("added"), def_int("changed"), def_int("removed"), def_text("status"),
                    def_text("error"), stamp("created_at"), opt_int("finished_at")}));
  v.push_back(make("deployments", {req_int("workspace_id"), req_int("connection_id"),
                                   def_text("state"), def_json("details"), stamp("created_at"),
                                   opt_int("finished_at")}));
  v.push_back(make("jobs",
                   {opt_int("workspace_id"), opt_int("connection_id"), req_text("pipeline"),
                    def_json("params"), def_text("state"), def_int("attempts"),
                    def_int("max_attempts"), def_int("run_after"), opt_text("lease_owner"),
                    opt_int("lease_expires_at"), def_text("error"), def_json("result"),
                    stamp("created_at"), opt_int("started_at"), opt_int("finished_at"),
                    stamp("updated_at")}));
  v.push_back(make("audit_log",
                   {opt_int("workspace_id"), opt_int("user_id"), req_text("action"),
                    def_text("target_type"), def_text("target_id"), def_json("details"),
                    def_text("remote_addr"), stamp("created_at")}));
  // Since migration 3 (browser sign-in).
  v.push_back(make("password_links",
                   {req_text("token_hash"), req_int("user_id"), opt_int("workspace_id"), req_text("purpose"),
                    opt_int("created_by"), stamp("created_at"), req_int("expires_at"), opt_int("used_at")}));
  v.push_back(make("web_sessions",
                   {req_text("token_hash"), req_int("user_id"), req_text("csrf_token"), stamp("created_at"),
                    req_int("last_seen_at"), req_int("expires_at"), opt_int("revoked_at"), def_text("remote_addr")}));
  v.push_back(make("login_throttles", {req_text("key"), def_int("failures"), def_int("first_failure_at"),
                                       def_int("blocked_until"), stamp("updated_at")}));
  // Since migration 7 (comparisons).
  v.push_back(make("comparison_changes",
                   {req_int("comparison_id"), req_text("type"), req_text("kind"), req_text("key"),
                    def_text("name"), def_text("left_id"), def_text("right_id"), def_int("operations"),
                    def_json("patch"), def_text("left_document"), def_text("right_document")}));
  v.push_back(make("drift_watches",
                   {req_int("workspace_id"), req_int("connection_id"), def_json("against"),
                    opt_int("other_connection_id"), opt_int("backup_config_id"), opt_int("repository_id"),
                    def_json("types"), def_text("label"), opt_int("created_by"), stamp("created_at"),
                    stamp("updated_at"), def_text("state"), def_text("state_detail"), def_int("differences"),
                    opt_int("last_comparison_id"), opt_int("last_run_at")}));
  return v;
}

}  // namespace

const Column* Entity::find(std::string_view column) const {
  for (const Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const std::vector<Entity>& Schema::entities() {
  static const std::vector<Entity> all = build();
  return all;
}

const Entity& Schema::entity(std::string_view name) {
  for (const Entity& e : entities()) {
    if (e.name == name) return e;
  }
  fail(HSD_ERR_INVALID_ARGUMENT, "unknown entity '" + std::string(name) + "'");
}

const Column& Schema::column(const Entity& entity, std::string_view name) {
  if (const Column* c = entity.find(name)) return *c;
  fail(HSD_ERR_INVALID_ARGUMENT,
       "unknown column '" + std::string(name) + "' of entity '" + entity.name + "'");
}

}  // namespace hsd::plugins::storage
