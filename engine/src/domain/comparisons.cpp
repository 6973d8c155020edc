#include "comparisons.hpp"

#include <algorithm>
#include <set>

#include "hsd/engine/log.hpp"

namespace hsd::engine {
namespace {

constexpr std::int64_t kMaxPage = 1000;

Poco::Dynamic::Var json_member(const JsonObject& row, const std::string& key, Poco::Dynamic::Var fallback) {
  if (!row->has(key) || row->isNull(key)) return fallback;
  return row->get(key);
}

Poco::Dynamic::Var id_or_null(const JsonObject& row, const std::string& key) {
  return json_member(row, key, Poco::Dynamic::Var());
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// A queued job of a removed comparison must not start; a claimed one finds no row and fails.
Status cancel_queued_job(Session& session, const JsonObject& comparison) {
  if (comparison->isNull("job_id")) return {};
  Poco::JSON::Object patch, expected;
  patch.set("state", std::string("cancelled"));
  patch.set("finished_at", now_ms());
  expected.set("state", std::string("queued"));
  auto updated = session.update("jobs", comparison->getValue<std::int64_t>("job_id"), patch, expected);
  if (!updated && updated.error().code != ErrorCode::conflict && updated.error().code != ErrorCode::not_found) {
    return updated.error();
  }
  return {};
}

// Changes first (they reference the row), then watches that point at it, then the row.
Status remove_comparison_rows(Session& session, const JsonObject& comparison) {
  const auto id = comparison->getValue<std::int64_t>("id");
  HSD_TRY(cancel_queued_job(session, comparison));
  HSD_TRY(clear_changes(session, id));
  Query pointing;
  pointing.where.set("last_comparison_id", id);
  auto watches = session.find("drift_watches", pointing);
  if (!watches) return watches.error();
  for (const auto& watch : *watches) {
    Poco::JSON::Object patch;
    patch.set("last_comparison_id", Poco::Dynamic::Var());
    auto updated = session.update("drift_watches", watch->getValue<std::int64_t>("id"), patch);
    if (!updated) return updated.error();
  }
  return session.remove("comparisons", id);
}

Result<std::vector<JsonObject>> rows_where(Session& session, const char* entity, const char* column,
                                           std::int64_t value) {
  Query query;
  query.where.set(column, value);
  return session.find(entity, query);
}

Status check_types(Engine& engine, const JsonObject& left, const std::vector<std::string>& types) {
  const auto plugin_id = left->getValue<std::string>("plugin");
  const Plugin* plugin = engine.plugins().find(plugin_id);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < types.size(); ++i) {
    const std::string field = "types[" + std::to_string(i) + "]";
    if (types[i].empty()) return field_error(field, "an object type cannot be empty");
    if (!seen.insert(types[i]).second) return field_error(field, "'" + types[i] + "' is given twice");
    if (!plugin) continue;
    const auto& known = plugin->object_types();
    if (std::find(known.begin(), known.end(), types[i]) == known.end()) {
      return field_error(field, "'" + types[i] + "' is not an object type of " + plugin_id + "; it has " + joined(known));
    }
  }
  return {};
}

}  // namespace

Result<JsonObject> create_comparison(Session& session, Engine& engine, const ComparisonRequest& request) {
  auto left = resolve_side(session, engine, request.workspace_id, request.left, "left");
  if (!left) return left.error();
  auto right = resolve_side(session, engine, request.workspace_id, request.right, "right");
  if (!right) return right.error();
  const auto left_plugin = (*left)->getValue<std::string>("plugin");
  const auto right_plugin = (*right)->getValue<std::string>("plugin");
  if (left_plugin != right_plugin) {
    return field_error("right", (*right)->getValue<std::string>("label") + " holds " + right_plugin +
                                    " objects and the left side " + left_plugin + " objects; a comparison needs one kind");
  }
  HSD_TRY(check_types(engine, *left, request.types));

  Poco::JSON::Object record;
  record.set("workspace_id", request.workspace_id);
  record.set("connection_id", (*left)->get("connection"));
  record.set("other_connection_id", (*right)->get("connection"));
  record.set("state", std::string("pending"));
  record.set("left_side", *left);
  record.set("right_side", *right);
  record.set("types", to_array(request.types));
  record.set("created_by", request.actor.user_id ? Poco::Dynamic::Var(*request.actor.user_id) : Poco::Dynamic::Var());
  record.set("watch_id", request.watch_id ? Poco::Dynamic::Var(*request.watch_id) : Poco::Dynamic::Var());
  record.set("left_repository_id", id_or_null(*left, "repository"));
  record.set("right_repository_id", id_or_null(*right, "repository"));
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto row = session.insert("comparisons", record);
  if (!row) return row.error();
  Poco::JSON::Object details;
  details.set("left", (*left)->get("label"));
  details.set("right", (*right)->get("label"));
  audit(session, request.workspace_id, request.actor, "comparison.create", "comparison", (*row)->get("id").toString(),
        stringify(Poco::Dynamic::Var(details)));
  HSD_TRY(transaction->commit());
  return row;
}

Result<Enqueued> queue_comparison(Session& session, const JsonObject& row, const Actor& actor) {
  const auto id = row->getValue<std::int64_t>("id");
  const auto workspace = row->getValue<std::int64_t>("workspace_id");
  Poco::JSON::Object params;
  params.set("comparison_id", id);
  Poco::JSON::Object record;
  record.set("workspace_id", workspace);
  record.set("connection_id", Poco::Dynamic::Var());
  record.set("pipeline", std::string("compare"));
  record.set("params", params);
  record.set("run_after", now_ms());
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto job = session.insert("jobs", record);
  if (!job) return job.error();
  Poco::JSON::Object patch;
  patch.set("job_id", (*job)->get("id"));
  auto updated = session.update("comparisons", id, patch);
  if (!updated) return updated.error();
  audit(session, workspace, actor, "job.queue", "comparison", std::to_string(id),
        "{\"job\":" + (*job)->get("id").toString() + ",\"pipeline\":\"compare\"}");
  HSD_TRY(transaction->commit());
  return Enqueued{*job, false};
}

JsonObject comparison_view(const JsonObject& row) {
  const Poco::Dynamic::Var null;
  JsonObject result = row->getObject("result");
  if (!result) result = new Poco::JSON::Object;
  const bool completed = row->getValue<std::string>("state") == "completed";
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("workspace", row->get("workspace_id"));
  const auto state = row->getValue<std::string>("state");
  view->set("status", state.empty() ? std::string("pending") : state);
  view->set("status_detail", row->get("status_detail"));
  view->set("status_code", row->get("status_code"));
  JsonObject progress = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  progress->set("done", row->get("progress_done"));
  progress->set("total", row->get("progress_total"));
  progress->set("type", row->get("progress_type"));
  view->set("progress", progress);
  view->set("left", json_member(row, "left_side", JsonObject(new Poco::JSON::Object)));
  view->set("right", json_member(row, "right_side", JsonObject(new Poco::JSON::Object)));
  view->set("types", json_member(row, "types", Poco::JSON::Array::Ptr(new Poco::JSON::Array)));
  view->set("summary", completed ? json_member(result, "types", null) : null);
  view->set("totals", completed ? json_member(result, "totals", null) : null);
  view->set("differences", row->get("differences"));
  view->set("warnings", json_member(result, "warnings", Poco::JSON::Array::Ptr(new Poco::JSON::Array)));
  view->set("job", id_or_null(row, "job_id"));
  view->set("watch", id_or_null(row, "watch_id"));
  view->set("created_by", id_or_null(row, "created_by"));
  view->set("created_at", time_or_null(row, "created_at"));
  view->set("finished_at", time_or_null(row, "finished_at"));
  return view;
}

Result<JsonObject> find_comparison(Session& session, std::int64_t id) {
  auto row = session.get("comparisons", id);
  if (!row && row.error().code == ErrorCode::not_found) {
    return make_error(ErrorCode::not_found, "no comparison " + std::to_string(id));
  }
  return row;
}

Result<std::vector<JsonObject>> list_comparisons(Session& session, std::int64_t workspace_id, std::int64_t limit,
                                                 std::optional<std::int64_t> before_id) {
  if (limit < 1 || limit > kMaxPage) return field_error("limit", "must be between 1 and " + std::to_string(kMaxPage));
  if (before_id && *before_id < 1) return field_error("before", "must be a comparison id (a positive integer)");
  Query query;
  query.where.set("workspace_id", workspace_id);
  query.descending = true;
  query.limit = limit;
  if (before_id) query.after_id = *before_id;  // descending: ids below it
  return session.find("comparisons", query);
}

JsonObject change_view(const JsonObject& row, bool with_documents) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  view->set("id", row->get("id"));
  view->set("comparison", row->get("comparison_id"));
  for (const char* key : {"type", "kind", "key", "name", "left_id", "right_id", "operations"}) {
    view->set(key, row->get(key));
  }
  if (with_documents) {
    view->set("patch", json_member(row, "patch", Poco::JSON::Array::Ptr(new Poco::JSON::Array)));
    view->set("left_document", row->get("left_document"));
    view->set("right_document", row->get("right_document"));
  }
  return view;
}

Result<std::vector<JsonObject>> list_changes(Session& session, std::int64_t comparison_id, const ChangeFilter& filter) {
  static const std::set<std::string> kKinds = {"added", "removed", "changed", "ambiguous"};
  if (!filter.kind.empty() && !kKinds.count(filter.kind)) {
    return field_error("kind", "'" + filter.kind + "' is not a kind of change; use added, removed, changed or ambiguous");
  }
  if (filter.limit < 1 || filter.limit > kMaxPage) {
    return field_error("limit", "must be between 1 and " + std::to_string(kMaxPage));
  }
  if (filter.after < 0) return field_error("after", "must be a change id (0 or more)");
  Query query;
  query.where.set("comparison_id", comparison_id);
  if (!filter.type.empty()) query.where.set("type", filter.type);
  if (!filter.kind.empty()) query.where.set("kind", filter.kind);
  if (filter.after > 0) query.after_id = filter.after;
  query.limit = filter.limit;
  auto rows = session.find("comparison_changes", query);
  if (!rows) return rows.error();
  std::vector<JsonObject> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) out.push_back(change_view(row, false));
  return out;
}

Result<JsonObject> find_change(Session& session, std::int64_t comparison_id, std::int64_t change_id) {
  auto row = session.get("comparison_changes", change_id);
  if (!row && row.error().code != ErrorCode::not_found) return row.error();
  if (!row || (*row)->getValue<std::int64_t>("comparison_id") != comparison_id) {
    return make_error(ErrorCode::not_found,
                      "no change " + std::to_string(change_id) + " in comparison " + std::to_string(comparison_id));
  }
  return change_view(*row, true);
}

Status delete_comparison(Session& session, const JsonObject& row, const Actor& actor) {
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  HSD_TRY(remove_comparison(session, row, actor));
  return transaction->commit();
}

Status remove_comparison(Session& session, const JsonObject& row, const Actor& actor) {
  HSD_TRY(remove_comparison_rows(session, row));
  audit(session, row->getValue<std::int64_t>("workspace_id"), actor, "comparison.delete", "comparison",
        row->get("id").toString(), "{}");
  return {};
}

Status delete_repository_comparisons(Session& session, std::int64_t repository_id) {
  std::set<std::int64_t> done;
  for (const char* column : {"left_repository_id", "right_repository_id"}) {
    auto rows = rows_where(session, "comparisons", column, repository_id);
    if (!rows) return rows.error();
    for (const auto& row : *rows) {
      if (!done.insert(row->getValue<std::int64_t>("id")).second) continue;
      HSD_TRY(remove_comparison_rows(session, row));
    }
  }
  // Watches naming the repository, or a backup configuration writing to it.
  std::set<std::int64_t> watches;
  auto named = rows_where(session, "drift_watches", "repository_id", repository_id);
  if (!named) return named.error();
  for (const auto& watch : *named) watches.insert(watch->getValue<std::int64_t>("id"));
  auto backups = rows_where(session, "backup_configs", "repository_id", repository_id);
  if (!backups) return backups.error();
  for (const auto& backup : *backups) {
    auto of_backup = rows_where(session, "drift_watches", "backup_config_id", backup->getValue<std::int64_t>("id"));
    if (!of_backup) return of_backup.error();
    for (const auto& watch : *of_backup) watches.insert(watch->getValue<std::int64_t>("id"));
  }
  for (const auto id : watches) HSD_TRY(session.remove("drift_watches", id));
  return {};
}

Status cancel_queued_comparisons(Session& session, std::int64_t connection_id) {
  std::vector<JsonObject> comparisons;
  auto collect = [&](const char* column, std::int64_t value) -> Status {
    auto rows = rows_where(session, "comparisons", column, value);
    if (!rows) return rows.error();
    comparisons.insert(comparisons.end(), rows->begin(), rows->end());
    return {};
  };
  HSD_TRY(collect("connection_id", connection_id));
  HSD_TRY(collect("other_connection_id", connection_id));
  auto repositories = rows_where(session, "repositories", "connection_id", connection_id);
  if (!repositories) return repositories.error();
  for (const auto& repository : *repositories) {
    HSD_TRY(collect("left_repository_id", repository->getValue<std::int64_t>("id")));
    HSD_TRY(collect("right_repository_id", repository->getValue<std::int64_t>("id")));
  }
  for (const auto& comparison : comparisons) HSD_TRY(cancel_queued_job(session, comparison));
  return {};
}

Result<JsonObject> start_comparison(Session& session, std::int64_t id, const JsonObject& left_side,
                                    const JsonObject& right_side) {
  Poco::JSON::Object patch;
  patch.set("state", std::string("in_progress"));
  patch.set("status_detail", std::string());
  patch.set("status_code", std::string());
  patch.set("progress_done", 0);
  patch.set("progress_total", 0);
  patch.set("progress_type", std::string());
  patch.set("left_side", left_side);
  patch.set("right_side", right_side);
  patch.set("finished_at", Poco::Dynamic::Var());
  return session.update("comparisons", id, patch);
}

Status set_comparison_progress(Session& session, std::int64_t id, std::int64_t done, std::int64_t total,
                               const std::string& type) {
  Poco::JSON::Object patch;
  patch.set("progress_done", done);
  patch.set("progress_total", total);
  patch.set("progress_type", type);
  auto updated = session.update("comparisons", id, patch);
  if (!updated) return updated.error();
  return {};
}

Status insert_change(Session& session, std::int64_t comparison_id, const compare::ObjectDifference& difference,
                     const std::string& type) {
  Poco::JSON::Array::Ptr patch = new Poco::JSON::Array;
  for (const auto& operation : difference.operations) patch->add(compare::operation_json(operation));
  Poco::JSON::Object record;
  record.set("comparison_id", comparison_id);
  record.set("type", type);
  record.set("kind", std::string(compare::kind_name(difference.kind)));
  record.set("key", difference.key);
  record.set("name", difference.name);
  record.set("left_id", difference.left_id);
  record.set("right_id", difference.right_id);
  record.set("operations", static_cast<std::int64_t>(difference.operations.size()));
  record.set("patch", patch);
  record.set("left_document", difference.left_json);
  record.set("right_document", difference.right_json);
  auto row = session.insert("comparison_changes", record);
  if (!row) return row.error();
  return {};
}

Status insert_ambiguous(Session& session, std::int64_t comparison_id, const std::string& type, const std::string& key,
                        const std::vector<std::string>& left_ids, const std::vector<std::string>& right_ids) {
  Poco::JSON::Object record;
  record.set("comparison_id", comparison_id);
  record.set("type", type);
  record.set("kind", std::string("ambiguous"));
  record.set("key", key);
  record.set("left_id", joined(left_ids));
  record.set("right_id", joined(right_ids));
  auto row = session.insert("comparison_changes", record);
  if (!row) return row.error();
  return {};
}

Status clear_changes(Session& session, std::int64_t comparison_id) {
  // Paged so that a large comparison's changes are never all held at once.
  for (;;) {
    Query query;
    query.where.set("comparison_id", comparison_id);
    query.limit = 500;
    auto rows = session.find("comparison_changes", query);
    if (!rows) return rows.error();
    if (rows->empty()) return {};
    for (const auto& row : *rows) HSD_TRY(session.remove("comparison_changes", row->getValue<std::int64_t>("id")));
  }
}

Result<JsonObject> finish_comparison(Session& session, std::int64_t id, const JsonObject& result) {
  std::int64_t differences = 0;
  if (auto totals = result->getObject("totals")) {
    for (const char* kind : {"added", "removed", "changed"}) differences += totals->optValue<std::int64_t>(kind, 0);
  }
  Poco::JSON::Object patch;
  patch.set("state", std::string("completed"));
  patch.set("result", result);
  patch.set("differences", differences);
  patch.set("status_detail", std::string());
  patch.set("status_code", std::string());
  patch.set("finished_at", now_ms());
  return session.update("comparisons", id, patch);
}

Result<JsonObject> fail_comparison_row(Session& session, std::int64_t id, const std::string& message,
                                       const std::string& code) {
  Poco::JSON::Object patch;
  patch.set("state", std::string("error"));
  // A plugin's message could quote a credential; the stored detail is shown to people.
  patch.set("status_detail", log::redact_secrets(message));
  patch.set("status_code", code);
  patch.set("finished_at", now_ms());
  return session.update("comparisons", id, patch);
}

}  // namespace hsd::engine
