#include "comparison_runner.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "compare/compare_objects.hpp"
#include "compare/effective_rules.hpp"
#include "comparison_side_reader.hpp"
#include "comparisons.hpp"
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

std::vector<std::string> ids_of(const std::vector<compare::SideObject>& objects, const std::vector<std::size_t>& indexes) {
  std::vector<std::string> ids;
  for (std::size_t i : indexes) ids.push_back(objects[i].id);
  return ids;
}

JsonObject side_of(const JsonObject& row, const std::string& column) {
  JsonObject side = row->getObject(column);
  return side ? side : JsonObject(new Poco::JSON::Object);
}

class ComparisonRun {
 public:
  ComparisonRun(Engine& engine, CredentialService& credentials, Session& session, JsonObject row,
                const std::atomic<bool>* cancel)
      : engine_(engine), credentials_(credentials), session_(session), row_(std::move(row)), cancel_(cancel),
        id_(row_->getValue<std::int64_t>("id")) {}

  Status run() {
    JsonObject left = side_of(row_, "left_side");
    JsonObject right = side_of(row_, "right_side");
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
    // The sides as pinned (snapshot ids, the commit), so that the result says what it compared.
    auto started = start_comparison(session_, id_, left, right);
    if (!started) return started.error();

    std::vector<std::string> types = asked;
    if (types.empty()) {
      auto found = types_of(*plugin);
      if (!found) return found.error();
      types = std::move(*found);
    }
    const auto total = static_cast<std::int64_t>(types.size());
    HSD_TRY(set_comparison_progress(session_, id_, 0, total, types.empty() ? "" : types.front()));

    JsonObject by_type = new Poco::JSON::Object;
    Counts totals;
    std::vector<std::string> warnings;
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
        return make_error(ErrorCode::cancelled, "the comparison was cancelled");
      }
      HSD_TRY(set_comparison_progress(session_, id_, static_cast<std::int64_t>(i), total, types[i]));
      auto counts = compare_type(*plugin, types[i], warnings);
      if (!counts) return counts.error();
      if (!*counts) continue;  // on neither side (a backup's types are only known by reading them)
      by_type->set(types[i], (*counts)->json());
      totals.add(**counts);
    }
    left_->close();
    right_->close();
    // What the sides' sources said while they were read (an old backup without an index) first.
    std::vector<std::string> side_warnings = left_->warnings();
    for (auto& warning : right_->warnings()) side_warnings.push_back(std::move(warning));
    warnings.insert(warnings.begin(), side_warnings.begin(), side_warnings.end());

    JsonObject result = new Poco::JSON::Object;
    result->set("types", by_type);
    result->set("totals", totals.json());
    result->set("warnings", to_array(warnings));
    HSD_TRY(set_comparison_progress(session_, id_, total, total, ""));
    auto finished = finish_comparison(session_, id_, result);
    if (!finished) return finished.error();
    log::info(kLogger, "comparison completed",
              {{"comparison", std::to_string(id_)}, {"types", std::to_string(types.size())},
               {"differences", std::to_string(totals.added + totals.removed + totals.changed)}});
    return {};
  }

 private:
  bool asked_type(const std::string& type) const {
    const auto asked = string_list(row_, "types");
    return std::find(asked.begin(), asked.end(), type) != asked.end();
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
  // None when neither side has objects of the type and it was not asked for.
  Result<std::optional<Counts>> compare_type(const Plugin& plugin, const std::string& type,
                                             std::vector<std::string>& warnings) {
    auto left = left_->read_type(type);
    if (!left) return left.error();
    auto right = right_->read_type(type);
    if (!right) return right.error();
    if (left->empty() && right->empty() && !asked_type(type)) return std::optional<Counts>();
    const ObjectTypeInfo* info = plugin.manifest().find_object_type(type);
    const CompareRules rules =
        compare::effective_rules(info ? info->compare : CompareRules{}, engine_.config(), plugin.id(), type);

    // One transaction per type: its changes appear together, and SQLite writes them at once.
    auto transaction = Transaction::begin(session_);
    if (!transaction) return transaction.error();
    Status stored;
    const auto outcome = compare::compare_objects(*left, *right, rules, [&](compare::ObjectDifference&& difference) {
      if (!stored) return;  // the first failure stops the storing; compare_objects has no way to stop
      stored = insert_change(session_, id_, difference, type);
    });
    HSD_TRY(stored);
    for (const auto& key : outcome.ambiguous_keys) {
      HSD_TRY(insert_ambiguous(session_, id_, type, key.key, ids_of(*left, key.left), ids_of(*right, key.right)));
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
    return std::optional<Counts>(counts);
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

}  // namespace

Status record_comparison_failure(Session& session, std::int64_t comparison_id, const std::string& message,
                                 const std::string& code) {
  auto row = session.get("comparisons", comparison_id);
  if (!row) return row.error();
  if ((*row)->optValue<std::string>("state", "") == "completed") return {};
  auto updated = fail_comparison_row(session, comparison_id, message, code);
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
  // In progress at once, with the sides as they were asked for; pinned ones replace them.
  auto started = start_comparison(session, comparison_id, side_of(*row, "left_side"), side_of(*row, "right_side"));
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
