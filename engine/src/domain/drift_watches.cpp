#include "drift_watches.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "comparisons.hpp"
#include "drift_warnings.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.watches";

// A side's error as an error about `field` of the request: a side that does not resolve is
// bad input (422) even when the thing it names is missing, and says which side it is.
Error side_error(Error error, const std::string& field) {
  if (!error.details_json.empty()) return error;  // already names its field
  if (error.code != ErrorCode::invalid_argument && error.code != ErrorCode::not_found) return error;
  std::string message = error.message;
  if (message.rfind(field + ": ", 0) == 0) message = message.substr(field.size() + 2);
  return field_error(field, message);
}

std::optional<std::int64_t> optional_id(const JsonObject& object, const std::string& key) {
  if (!object->has(key) || object->isNull(key)) return std::nullopt;
  return object->getValue<std::int64_t>(key);
}

Result<std::vector<JsonObject>> rows_where(Session& session, const char* entity, const char* column,
                                           const Poco::Dynamic::Var& value) {
  Query query;
  query.where.set(column, value);
  return session.find(entity, query);
}

// Checks the types against those the watched connection's plugin declares.
Status check_types(Engine& engine, const JsonObject& connection, const std::vector<std::string>& types) {
  const Plugin* plugin = engine.plugins().find(connection->getValue<std::string>("plugin"));
  if (!plugin) return {};
  const auto& declared = plugin->object_types();
  for (const auto& type : types) {
    if (std::find(declared.begin(), declared.end(), type) != declared.end()) continue;
    std::string allowed;
    for (const auto& known : declared) allowed += (allowed.empty() ? "" : ", ") + known;
    return field_error("types", "'" + type + "' is not a type of this connection; allowed: " + allowed);
  }
  return {};
}

metrics::Counter& comparisons_finished() {
  static auto& counter = metrics::Registry::global().counter(
      "hsd_comparisons_finished_total", "Comparisons that ended in this process, by status", {"status"});
  return counter;
}

// Deletes the watch's finished comparisons beyond the newest kWatchKeepsComparisons (never
// `last`, the one the watch's state comes from), inside the caller's transaction.
Status prune_comparisons(Session& session, std::int64_t watch_id, std::optional<std::int64_t> last) {
  Query query;
  query.where.set("watch_id", watch_id);
  query.descending = true;
  auto rows = session.find("comparisons", query);
  if (!rows) return rows.error();
  std::int64_t kept = 0;
  for (const auto& row : *rows) {
    if (kept < kWatchKeepsComparisons) {
      ++kept;
      continue;
    }
    const auto state = row->getValue<std::string>("state");
    if (state != "completed" && state != "error") continue;
    if (last && *last == row->getValue<std::int64_t>("id")) continue;
    HSD_TRY(remove_comparison(session, row, Actor{std::nullopt, "watch"}));
  }
  return {};
}

}  // namespace

Result<JsonObject> create_watch(Session& session, Engine& engine, const WatchRequest& request) {
  const std::string id_text = std::to_string(request.connection_id);
  auto connection = session.get("connections", request.connection_id);
  if (!connection || (*connection)->getValue<std::int64_t>("workspace_id") != request.workspace_id) {
    if (!connection && connection.error().code != ErrorCode::not_found) return connection.error();
    return field_error("connection", "no connection " + id_text + " in this workspace");
  }
  if ((*connection)->getValue<std::string>("kind") != "source") {
    return field_error("connection", "connection " + id_text + " is a " + (*connection)->getValue<std::string>("kind") +
                                         ", not a source; only a source is watched");
  }
  if (request.against.snapshot) {
    return field_error("against.snapshot",
                       "a watch compares with a backup or with another connection's current snapshot, "
                       "not with a fixed snapshot");
  }
  if (!request.against.backup && request.against.connection == request.connection_id) {
    return field_error("against.connection", "is the watched connection itself; watch it against a backup or "
                                             "another connection");
  }
  if (auto checked = check_types(engine, *connection, request.types); !checked) return checked.error();
  auto resolved = resolve_side(session, engine, request.workspace_id, request.against, "against");
  if (!resolved) return side_error(resolved.error(), "against");

  // One watch per connection and side: a second would only repeat the first's warning.
  const Poco::JSON::Object against = side_to_json(request.against);
  auto existing = rows_where(session, "drift_watches", "connection_id", request.connection_id);
  if (!existing) return existing.error();
  for (const auto& row : *existing) {
    auto other = row->getObject("against");
    if (other && stringify(Poco::Dynamic::Var(*other)) == stringify(Poco::Dynamic::Var(against))) {
      return make_error(ErrorCode::conflict, "watch " + row->get("id").toString() + " already compares connection " +
                                                 id_text + " with " + (*resolved)->getValue<std::string>("label"));
    }
  }

  Poco::JSON::Object record;
  record.set("workspace_id", request.workspace_id);
  record.set("connection_id", request.connection_id);
  record.set("against", against);
  if (request.against.backup) {
    record.set("backup_config_id", *request.against.backup);
    if (auto repository = optional_id(*resolved, "repository")) record.set("repository_id", *repository);
  } else if (request.against.connection) {
    record.set("other_connection_id", *request.against.connection);
  }
  record.set("types", to_array(request.types));
  record.set("label", (*resolved)->getValue<std::string>("label"));
  if (request.actor.user_id) record.set("created_by", *request.actor.user_id);
  auto row = session.insert("drift_watches", record);
  if (!row) return row.error();
  audit(session, request.workspace_id, request.actor, "watch.create", "watch", (*row)->get("id").toString(),
        "{\"connection\":" + id_text + ",\"against\":" + stringify(Poco::Dynamic::Var(against)) + "}");
  return watch_view(session, engine, *row);
}

Result<JsonObject> watch_view(Session& session, Engine& engine, const JsonObject& row) {
  JsonObject view = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto workspace_id = row->getValue<std::int64_t>("workspace_id");
  view->set("id", row->get("id"));
  view->set("workspace", workspace_id);
  view->set("connection", row->get("connection_id"));
  auto connection = session.get("connections", row->getValue<std::int64_t>("connection_id"));
  if (!connection) return connection.error();
  view->set("connection_label", (*connection)->getValue<std::string>("label"));
  // The side as it resolves now (a renamed connection shows its new label); the stored
  // request with the label it had when it no longer resolves.
  Poco::Dynamic::Var against;
  if (auto spec = side_from_json(row->get("against"), "against")) {
    if (auto resolved = resolve_side(session, engine, workspace_id, *spec, "against")) against = *resolved;
  }
  if (against.isEmpty()) {
    JsonObject stored = row->getObject("against");
    JsonObject fallback = stored ? JsonObject(new Poco::JSON::Object(*stored)) : JsonObject(new Poco::JSON::Object);
    fallback->set("label", row->getValue<std::string>("label"));
    against = fallback;
  }
  view->set("against", against);
  view->set("label", row->getValue<std::string>("label"));
  view->set("types", to_array(string_list(row, "types")));
  view->set("state", row->getValue<std::string>("state"));
  view->set("state_detail", row->getValue<std::string>("state_detail"));
  view->set("differences", row->getValue<std::int64_t>("differences"));
  auto last = optional_id(row, "last_comparison_id");
  view->set("last_comparison", last ? Poco::Dynamic::Var(*last) : Poco::Dynamic::Var());
  view->set("last_run_at", time_or_null(row, "last_run_at"));
  view->set("created_at", time_or_null(row, "created_at"));
  return view;
}

Result<std::vector<JsonObject>> list_watches(Session& session, std::int64_t workspace_id) {
  return rows_where(session, "drift_watches", "workspace_id", workspace_id);
}

Result<JsonObject> find_watch(Session& session, std::int64_t watch_id) {
  auto row = session.get("drift_watches", watch_id);
  if (!row && row.error().code == ErrorCode::not_found) {
    return make_error(ErrorCode::not_found, "watch " + std::to_string(watch_id) + " not found");
  }
  return row;
}

Status remove_watch(Session& session, const JsonObject& row, const Actor& actor) {
  const auto id = row->getValue<std::int64_t>("id");
  // One transaction: a failure half-way must not leave the watch without some of its history.
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto comparisons = rows_where(session, "comparisons", "watch_id", id);
  if (!comparisons) return comparisons.error();
  // Each clears itself from the watch's last_comparison_id (there are no foreign keys to order).
  for (const auto& comparison : *comparisons) HSD_TRY(remove_comparison(session, comparison, actor));
  HSD_TRY(session.remove("drift_watches", id));
  audit(session, row->getValue<std::int64_t>("workspace_id"), actor, "watch.remove", "watch", std::to_string(id),
        "{\"label\":" + stringify(Poco::Dynamic::Var(row->getValue<std::string>("label"))) + "}");
  return transaction->commit();
}

Result<ComparisonRequest> watch_comparison_request(const JsonObject& row, const Actor& actor) {
  ComparisonRequest request;
  request.workspace_id = row->getValue<std::int64_t>("workspace_id");
  request.left.connection = row->getValue<std::int64_t>("connection_id");
  auto against = side_from_json(row->get("against"), "against");
  if (!against) return against.error();
  request.right = *against;
  request.types = string_list(row, "types");
  request.actor = actor;
  request.watch_id = row->getValue<std::int64_t>("id");
  return request;
}

Result<WatchRun> run_watch(Session& session, Engine& engine, const JsonObject& row, const Actor& actor) {
  auto request = watch_comparison_request(row, actor);
  if (!request) return request.error();
  auto comparison = create_comparison(session, engine, *request);
  if (!comparison) return comparison.error();
  auto enqueued = queue_comparison(session, *comparison, actor);
  if (!enqueued) return enqueued.error();
  // The stored row now carries its job.
  auto stored = session.get("comparisons", (*comparison)->getValue<std::int64_t>("id"));
  if (!stored) return stored.error();
  return WatchRun{comparison_view(*stored), *enqueued};
}

Result<std::int64_t> queue_watches(Session& session, Engine& engine, std::int64_t connection_id) {
  auto watched = rows_where(session, "drift_watches", "connection_id", connection_id);
  if (!watched) return watched.error();
  auto against = rows_where(session, "drift_watches", "other_connection_id", connection_id);
  if (!against) return against.error();
  std::vector<JsonObject> watches = *watched;
  watches.insert(watches.end(), against->begin(), against->end());
  std::int64_t queued = 0;
  std::set<std::int64_t> seen;
  for (const auto& watch : watches) {
    const auto id = watch->getValue<std::int64_t>("id");
    if (!seen.insert(id).second) continue;
    Query waiting;
    waiting.where.set("watch_id", id);
    waiting.where.set("state", std::string("pending"));
    waiting.limit = 1;
    auto pending = session.find("comparisons", waiting);
    if (!pending) return pending.error();
    if (!pending->empty()) continue;
    auto run = run_watch(session, engine, watch, Actor{std::nullopt, "watch"});
    if (run) {
      ++queued;
      continue;
    }
    // The watch cannot run (its backup's source was retrieved into another workspace, a
    // type vanished, ...): the watch says so; the retrieval itself succeeded.
    log::warn(kLogger, "a drift watch could not be queued",
              {{"watch", std::to_string(id)}, {"error", run.error().message}});
    Poco::JSON::Object patch;
    patch.set("state", std::string("error"));
    patch.set("state_detail", run.error().message);
    patch.set("last_run_at", now_ms());
    if (auto updated = session.update("drift_watches", id, patch); !updated) return updated.error();
  }
  return queued;
}

Status finish_watch(Session& session, std::int64_t comparison_id) {
  auto comparison = session.get("comparisons", comparison_id);
  if (!comparison) {
    // Deleted while it ran (its connection, repository or watch went): nothing to record.
    if (comparison.error().code == ErrorCode::not_found) return {};
    return comparison.error();
  }
  const auto state = (*comparison)->getValue<std::string>("state");
  const bool completed = state == "completed";
  comparisons_finished().with({completed ? "completed" : "error"}).inc();
  auto watch_id = optional_id(*comparison, "watch_id");
  if (!watch_id) return {};
  // One transaction from reading the watch's last comparison to writing the new one: two of its
  // comparisons can end at once (one running when a retrieval queued the next), and the older
  // must not overwrite the newer's outcome after both read the same last_comparison_id.
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto watch = session.get("drift_watches", *watch_id);
  if (!watch) return watch.error().code == ErrorCode::not_found ? Status{} : Status(watch.error());
  // A comparison that ends after a newer one of the watch says nothing about now.
  if (auto last = optional_id(*watch, "last_comparison_id"); last && *last > comparison_id) {
    HSD_TRY(prune_comparisons(session, *watch_id, last));
    return transaction->commit();
  }
  const auto differences = (*comparison)->getValue<std::int64_t>("differences");
  Poco::JSON::Object patch;
  if (completed) {
    patch.set("state", std::string(differences > 0 ? "drift" : "clean"));
    patch.set("state_detail", std::string());
    patch.set("differences", differences);
  } else {
    std::string detail = (*comparison)->getValue<std::string>("status_detail");
    if (detail.empty()) detail = "the comparison did not complete";
    patch.set("state", std::string("error"));
    patch.set("state_detail", detail);
    patch.set("differences", std::int64_t{0});
  }
  patch.set("last_comparison_id", comparison_id);
  patch.set("last_run_at", now_ms());
  // The warning names the side as it was called when compared (a renamed connection's new label).
  if (auto right = (*comparison)->getObject("right_side"); right && right->has("label")) {
    const auto label = right->getValue<std::string>("label");
    if (!label.empty()) patch.set("label", label);
  }
  // Pruned first, so that whoever sees the watch's new state also sees only its newest five.
  HSD_TRY(prune_comparisons(session, *watch_id, comparison_id));
  auto updated = session.update("drift_watches", *watch_id, patch);
  if (!updated) return updated.error();
  return transaction->commit();
}

}  // namespace hsd::engine
