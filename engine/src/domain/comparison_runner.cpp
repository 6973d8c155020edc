#include "comparison_runner.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "compare/compare_objects.hpp"
#include "compare/effective_rules.hpp"
#include "comparison_side_reader.hpp"
#include "hsd/engine/log.hpp"
#include "json_util.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.compare";

struct Counts {
  std::int64_t added = 0, removed = 0, changed = 0, unchanged = 0, ambiguous = 0, unmatchable = 0;

  void add(const Counts& other) {
    added += other.added;
    removed += other.removed;
    changed += other.changed;
    unchanged += other.unchanged;
    ambiguous += other.ambiguous;
    unmatchable += other.unmatchable;
  }
  JsonObject json() const {
    JsonObject out = new Poco::JSON::Object;
    out->set("added", added);
    out->set("removed", removed);
    out->set("changed", changed);
    out->set("unchanged", unchanged);
    out->set("ambiguous", ambiguous);
    out->set("unmatchable", unmatchable);
    return out;
  }
};

std::string join_ids(const std::vector<compare::SideObject>& objects, const std::vector<std::size_t>& indexes) {
  std::string out;
  for (std::size_t i : indexes) out += (out.empty() ? "" : ", ") + objects[i].id;
  return out;
}

class ComparisonRun {
 public:
  ComparisonRun(Engine& engine, CredentialService& credentials, Session& session, JsonObject row,
                const std::atomic<bool>* cancel)
      : engine_(engine), credentials_(credentials), session_(session), row_(std::move(row)), cancel_(cancel),
        id_(row_->getValue<std::int64_t>("id")) {}

  Status run() {
    JsonObject left = side_of("left_side");
    JsonObject right = side_of("right_side");
    const std::string plugin_id = left->optValue<std::string>("plugin", "");
    const std::string right_plugin = right->optValue<std::string>("plugin", "");
    if (plugin_id != right_plugin) {
      return field_error("right", right->optValue<std::string>("label", "the right side") + " holds " + right_plugin +
                                      " objects and the left side " + plugin_id +
                                      " objects: only one plugin's objects compare");
    }
    Plugin* plugin = engine_.plugins().find(plugin_id);
    if (!plugin) return make_error(ErrorCode::unavailable, "plugin '" + plugin_id + "' is not loaded");
    if (plugin->kind() != "source") {
      return field_error("left", "plugin '" + plugin_id + "' is a " + plugin->kind() + ", not a source");
    }
    const std::vector<std::string> asked = string_list(row_, "types");

    HSD_TRY(open_side(left, "left", asked, left_));
    HSD_TRY(open_side(right, "right", asked, right_));
    Poco::JSON::Object sides;
    sides.set("left_side", left);
    sides.set("right_side", right);
    HSD_TRY(update(sides));

    std::vector<std::string> types = asked;
    if (types.empty()) {
      auto found = types_of(*plugin);
      if (!found) return found.error();
      types = std::move(*found);
    }
    HSD_TRY(save_progress(0, static_cast<std::int64_t>(types.size()), types.empty() ? "" : types.front()));

    JsonObject by_type = new Poco::JSON::Object;
    Counts totals;
    std::vector<std::string> warnings = left_->warnings();
    for (auto& warning : right_->warnings()) warnings.push_back(std::move(warning));
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
        return make_error(ErrorCode::cancelled, "the comparison was cancelled");
      }
      HSD_TRY(save_progress(static_cast<std::int64_t>(i), static_cast<std::int64_t>(types.size()), types[i]));
      auto counts = compare_type(*plugin, types[i], warnings);
      if (!counts) return counts.error();
      by_type->set(types[i], counts->json());
      totals.add(*counts);
    }
    left_->close();
    right_->close();

    JsonObject result = new Poco::JSON::Object;
    result->set("types", by_type);
    result->set("totals", totals.json());
    result->set("warnings", to_array(warnings));
    Poco::JSON::Object patch;
    patch.set("state", std::string("completed"));
    patch.set("result", result);
    patch.set("differences", totals.added + totals.removed + totals.changed);
    patch.set("status_detail", std::string());
    patch.set("status_code", std::string());
    patch.set("progress_done", static_cast<std::int64_t>(types.size()));
    patch.set("progress_total", static_cast<std::int64_t>(types.size()));
    patch.set("progress_type", std::string());
    patch.set("finished_at", now_ms());
    HSD_TRY(update(patch));
    log::info(kLogger, "comparison completed",
              {{"comparison", std::to_string(id_)}, {"types", std::to_string(types.size())},
               {"differences", std::to_string(totals.added + totals.removed + totals.changed)}});
    return {};
  }

 private:
  JsonObject side_of(const std::string& column) const {
    JsonObject side = row_->getObject(column);
    return side ? side : JsonObject(new Poco::JSON::Object);
  }

  Status open_side(const JsonObject& side, const std::string& field, const std::vector<std::string>& types,
                   std::unique_ptr<SideReader>& reader) {
    SideContext context{engine_, credentials_, session_, id_, field, types, cancel_};
    auto made = make_side_reader(context, side);
    if (!made) return made.error();
    reader = std::move(*made);
    return reader->open(side);
  }

  // The types with objects on either side, in the plugin's order, then any others a backup holds.
  Result<std::vector<std::string>> types_of(const Plugin& plugin) {
    const std::vector<std::string>& declared = plugin.object_types();
    auto on_left = left_->types_present(declared);
    if (!on_left) return on_left.error();
    auto on_right = right_->types_present(declared);
    if (!on_right) return on_right.error();
    std::vector<std::string> types;
    auto has = [](const std::vector<std::string>& list, const std::string& type) {
      return std::find(list.begin(), list.end(), type) != list.end();
    };
    for (const auto& type : declared) {
      if (has(*on_left, type) || has(*on_right, type)) types.push_back(type);
    }
    for (const auto* list : {&*on_left, &*on_right}) {
      for (const auto& type : *list) {
        if (!has(types, type)) types.push_back(type);
      }
    }
    return types;
  }

  // One type: both sides read, compared and stored, then let go.
  Result<Counts> compare_type(const Plugin& plugin, const std::string& type, std::vector<std::string>& warnings) {
    auto left = left_->read_type(type);
    if (!left) return left.error();
    auto right = right_->read_type(type);
    if (!right) return right.error();
    const ObjectTypeInfo* info = plugin.manifest().find_object_type(type);
    const CompareRules rules =
        compare::effective_rules(info ? info->compare : CompareRules{}, engine_.config(), plugin.id(), type);

    // One transaction per type: its changes appear together, and SQLite writes them at once.
    auto transaction = Transaction::begin(session_);
    if (!transaction) return transaction.error();
    Status stored;
    const auto outcome = compare::compare_objects(*left, *right, rules, [&](compare::ObjectDifference&& difference) {
      if (!stored) return;  // the first failure stops the storing; compare_objects has no way to stop
      stored = insert_difference(type, difference);
    });
    HSD_TRY(stored);
    for (const auto& key : outcome.ambiguous_keys) {
      Poco::JSON::Object change;
      change.set("comparison_id", id_);
      change.set("type", type);
      change.set("kind", std::string("ambiguous"));
      change.set("key", key.key);
      change.set("left_id", join_ids(*left, key.left));
      change.set("right_id", join_ids(*right, key.right));
      auto row = session_.insert("comparison_changes", change);
      if (!row) return row.error();
    }
    HSD_TRY(transaction->commit());
    for (const auto& warning : outcome.warnings) warnings.push_back(type + ": " + warning);
    Counts counts;
    counts.added = static_cast<std::int64_t>(outcome.added);
    counts.removed = static_cast<std::int64_t>(outcome.removed);
    counts.changed = static_cast<std::int64_t>(outcome.changed);
    counts.unchanged = static_cast<std::int64_t>(outcome.unchanged);
    counts.ambiguous = static_cast<std::int64_t>(outcome.ambiguous);
    counts.unmatchable = static_cast<std::int64_t>(outcome.unmatchable);
    return counts;
  }

  Status insert_difference(const std::string& type, const compare::ObjectDifference& difference) {
    Poco::JSON::Array::Ptr patch = new Poco::JSON::Array;
    for (const auto& operation : difference.operations) patch->add(compare::operation_json(operation));
    Poco::JSON::Object change;
    change.set("comparison_id", id_);
    change.set("type", type);
    change.set("kind", std::string(compare::kind_name(difference.kind)));
    change.set("key", difference.key);
    change.set("name", difference.name);
    change.set("left_id", difference.left_id);
    change.set("right_id", difference.right_id);
    change.set("operations", static_cast<std::int64_t>(difference.operations.size()));
    change.set("patch", patch);
    change.set("left_document", difference.left_json);
    change.set("right_document", difference.right_json);
    auto row = session_.insert("comparison_changes", change);
    if (!row) return row.error();
    return {};
  }

  Status save_progress(std::int64_t done, std::int64_t total, const std::string& type) {
    Poco::JSON::Object patch;
    patch.set("progress_done", done);
    patch.set("progress_total", total);
    patch.set("progress_type", type);
    return update(patch);
  }

  Status update(const Poco::JSON::Object& patch) {
    Poco::JSON::Object stamped(patch);
    stamped.set("updated_at", now_ms());
    auto row = session_.update("comparisons", id_, stamped);
    if (!row) return row.error();
    row_ = *row;
    return {};
  }

  Engine& engine_;
  CredentialService& credentials_;
  Session& session_;
  JsonObject row_;
  const std::atomic<bool>* cancel_;
  std::int64_t id_;
  std::unique_ptr<SideReader> left_;
  std::unique_ptr<SideReader> right_;
};

Status clear_changes(Session& session, std::int64_t comparison_id) {
  Query query;
  query.where.set("comparison_id", comparison_id);
  query.limit = 1000;
  while (true) {
    auto page = session.find("comparison_changes", query);
    if (!page) return page.error();
    if (page->empty()) return {};
    auto transaction = Transaction::begin(session);
    if (!transaction) return transaction.error();
    for (const auto& change : *page) HSD_TRY(session.remove("comparison_changes", change->getValue<std::int64_t>("id")));
    HSD_TRY(transaction->commit());
  }
}

}  // namespace

Status record_comparison_failure(Session& session, std::int64_t comparison_id, const std::string& message,
                                 const std::string& code) {
  auto row = session.get("comparisons", comparison_id);
  if (!row) return row.error();
  if ((*row)->optValue<std::string>("state", "") == "completed") return {};
  Poco::JSON::Object patch;
  patch.set("state", std::string("error"));
  patch.set("status_detail", log::redact_secrets(message));
  patch.set("status_code", code);
  patch.set("finished_at", now_ms());
  patch.set("updated_at", now_ms());
  auto updated = session.update("comparisons", comparison_id, patch);
  if (!updated) return updated.error();
  return {};
}

Status run_comparison(Engine& engine, CredentialService& credentials, Session& session, std::int64_t comparison_id,
                      const std::atomic<bool>* cancel) {
  auto row = session.get("comparisons", comparison_id);
  if (!row) {
    if (row.error().code == ErrorCode::not_found) {
      return make_error(ErrorCode::not_found, "comparison " + std::to_string(comparison_id) + " not found");
    }
    return row.error();
  }
  Poco::JSON::Object start;
  start.set("state", std::string("in_progress"));
  start.set("status_detail", std::string());
  start.set("status_code", std::string());
  start.set("progress_done", 0);
  start.set("progress_total", 0);
  start.set("progress_type", std::string());
  start.set("updated_at", now_ms());
  auto started = session.update("comparisons", comparison_id, start);
  if (!started) return started.error();
  // A run that stopped half-way (a retried job, a crash) left some changes: a run starts from none.
  HSD_TRY(clear_changes(session, comparison_id));

  Status outcome = ComparisonRun(engine, credentials, session, *started, cancel).run();
  if (!outcome) {
    const Error& error = outcome.error();
    // Half a result would read as the whole one: the types stored before the failure go too.
    auto cleared = clear_changes(session, comparison_id);
    if (!cleared) log::warn(kLogger, "could not remove a failed comparison's changes: " + cleared.error().message);
    auto recorded = record_comparison_failure(session, comparison_id, error.message, error_status_code(error));
    if (!recorded) log::warn(kLogger, "could not record a comparison's failure: " + recorded.error().message);
    log::info(kLogger, "comparison failed", {{"comparison", std::to_string(comparison_id)}, {"error", error.message}});
  }
  return outcome;
}

}  // namespace hsd::engine
