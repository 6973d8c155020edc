#include "pipeline_executor.hpp"

#include <algorithm>
#include <chrono>

#include "audit.hpp"
#include "connect_params.hpp"
#include "connection_action.hpp"
#include "connections.hpp"
#include "engine_catalog.hpp"
#include "hsd/engine/log.hpp"
#include "plugin_call.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.pipeline";

// Requested minus granted, in the requested order.
std::vector<std::string> missing_scopes(const std::vector<std::string>& requested,
                                        const std::vector<std::string>& granted) {
  std::vector<std::string> missing;
  for (const auto& scope : requested) {
    if (std::find(granted.begin(), granted.end(), scope) == granted.end()) missing.push_back(scope);
  }
  return missing;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

const ActionInfo* PipelineExecutor::find_action(std::string_view plugin, std::string_view action) const {
  return engine_.catalog().find(plugin, action);
}

std::string PipelineExecutor::connection_json() const {
  JsonObject view = target_.connection ? connection_view(*target_.connection)
                                       : JsonObject(new Poco::JSON::Object);
  view->set("plugin", target_.plugin);
  view->set("workspace", target_.workspace_id);
  if (!target_.connection && !target_.label.empty()) view->set("label", target_.label);
  return stringify(view);
}

Result<std::int64_t> PipelineExecutor::connection_id() const {
  if (!target_.connection) {
    return make_error(ErrorCode::invalid_argument, "this step needs a stored connection, and the run has none yet");
  }
  return (*target_.connection)->getValue<std::int64_t>("id");
}

Result<std::string> PipelineExecutor::execute(const StepInvocation& step) {
  if (observer_) observer_->step_started(step.step_id, step.plugin + "." + step.action);
  const auto started = std::chrono::steady_clock::now();
  Result<std::string> output = execute_step(step);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::debug(kLogger, "step finished",
             {{"step", step.step_id}, {"uses", step.plugin + "." + step.action}, {"ms", std::to_string(elapsed.count())},
              {"ok", output ? "true" : "false"}});
  return output;
}

Result<std::string> PipelineExecutor::execute_step(const StepInvocation& step) {
  Result<std::string> output = std::string("{}");
  if (step.plugin == "engine") {
    auto with = parse_object(step.with_json.empty() ? "{}" : step.with_json, "the step's parameters");
    if (!with) return with.error();
    output = run_engine_action(step, *with);
  } else {
    output = run_plugin_action(step);
  }
  if (output) outputs_[step.step_id] = *output;
  return output;
}

Result<std::string> PipelineExecutor::run_engine_action(const StepInvocation& step, const JsonObject& with) {
  const std::string& action = step.action;
  if (action == "set_status") return set_status(with);
  if (action == "ensure_fresh_credentials") {
    auto id = connection_id();
    if (!id) return id.error();
    bool refreshed = false;
    auto fresh = credentials_.fresh(session_, *id, with->optValue<bool>("force", false), &refreshed);
    if (!fresh) return fresh.error();
    return std::string(refreshed ? R"({"refreshed":true})" : R"({"refreshed":false})");
  }
  if (action == "open_snapshot") return open_snapshot();
  if (action == "activate_snapshot") return activate_snapshot();
  if (action == "discard_snapshot") return discard_snapshot();
  if (action == "save_connection") {
    auto account = output_of(with, "connect");
    if (!account) return account.error();
    return save_connection(*account);
  }
  if (action == "save_credentials") {
    auto output = output_of(with, "refresh");
    if (!output) return output.error();
    return save_credentials(*output);
  }
  if (action == "delete_connection") return delete_connection();
  if (action == "prepare_backup") return prepare_backup(with);
  if (action == "save_repository_status") return save_repository_status(with);
  if (action == "finish_backup") return finish_backup(with);
  if (action == "run_comparison") return run_comparison_step(with);
  if (action == "fail_comparison") return fail_comparison_step(with);
  if (action == "log") {
    log::info(kLogger, with->optValue<std::string>("message", ""));
    return std::string("{}");
  }
  return make_error(ErrorCode::unsupported, "the engine has no action '" + action + "'");
}

Result<JsonObject> PipelineExecutor::output_of(const JsonObject& with, const std::string& fallback_step) const {
  const auto step = with->optValue<std::string>("from_step", fallback_step);
  auto found = outputs_.find(step);
  if (found == outputs_.end()) {
    return make_error(ErrorCode::invalid_argument, "from_step: step '" + step + "' has not run in this pipeline");
  }
  return parse_object(found->second, "the output of step '" + step + "'");
}

Result<std::string> PipelineExecutor::run_plugin_action(const StepInvocation& step) {
  Plugin* plugin = engine_.plugins().find(step.plugin);
  if (!plugin) return make_error(ErrorCode::unavailable, "plugin '" + step.plugin + "' is not loaded");
  std::string credentials = "null";
  std::optional<std::int64_t> id;
  if (target_.connection) {
    id = (*target_.connection)->getValue<std::int64_t>("id");
    auto loaded = credentials_.load(session_, *id);
    if (!loaded) return loaded.error();
    credentials = std::move(*loaded);
  }
  if (auto with = parse_object(step.with_json.empty() ? "{}" : step.with_json, "the step's parameters")) {
    if ((*with)->has("types")) limited_types_ = string_list(*with, "types");
    if (const ActionInfo* action = plugin->find_action(step.action)) register_secret_values(*action, *with);
  }
  const std::string input = plugin_input_json(engine_, step.plugin, step.with_json, connection_json(), credentials);
  PluginCall call(credentials_, session_, session_mutex_, id, writer_.get(), observer_, step.deadline);
  if (read_source_) call.bind_snapshot_of(*read_source_);
  call.http = &engine_.http();
  call.http_tally = &http_tally_;
  call.also_cancelled = cancel_;
  auto status = plugin->invoke(call, step.action, input);
  if (!status) {
    // A dead refresh token is the cause whatever the plugin made of it (a plugin may report the
    // provider's 401 it met first): keep the engine's reauth_required so that the status says to reconnect.
    if (auto refusal = call.refresh_refusal()) return *refusal;
    return status.error();
  }
  if (writer_) HSD_TRY(writer_->flush());
  std::string output_json = call.output();
  register_secret_outputs(*plugin, output_json);
  if (output_json.empty()) return std::string("{}");
  if (auto output = parse_object(output_json, "the output of step '" + step.step_id + "'")) {
    for (auto& warning : string_list(*output, "warnings")) run_warnings_.push_back(std::move(warning));
  }
  return output_json;
}

Result<std::string> PipelineExecutor::set_status(const JsonObject& with) {
  auto id = connection_id();
  if (!id) return id.error();
  const auto status = with->optValue<std::string>("status", "");
  static const std::vector<std::string> kStatuses = {"pending", "in_progress", "completed", "error"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
    return make_error(ErrorCode::invalid_argument,
                      "status: '" + status + "' is not a status; allowed: pending, in_progress, completed, error");
  }
  Poco::JSON::Object patch;
  patch.set("status", status);
  patch.set("status_detail", log::redact_secrets(with->optValue<std::string>("detail", "")));
  patch.set("status_code", status == "error" ? with->optValue<std::string>("code", "") : std::string());
  if (status == "in_progress") {
    patch.set("progress_done", 0);
    patch.set("progress_total", 0);
    patch.set("progress_type", std::string());
  }
  if (status == "completed" || status == "error") {
    // What the connection warns about: what connecting found, then what this run found.
    auto settings = (*target_.connection)->getObject("settings");
    auto warnings = string_list(settings, "connect_warnings");
    warnings.insert(warnings.end(), run_warnings_.begin(), run_warnings_.end());
    patch.set("warnings", to_array(warnings));
  }
  auto row = session_.update("connections", *id, patch);
  if (!row) return row.error();
  target_.connection = *row;
  return std::string("{}");
}

Result<std::string> PipelineExecutor::open_snapshot() {
  auto id = connection_id();
  if (!id) return id.error();
  // A snapshot still building is left from a run whose process died (one job runs per
  // connection at a time): it can never complete, so it goes before the new one starts.
  Query stale;
  stale.where.set("connection_id", *id);
  stale.where.set("state", std::string("building"));
  auto leftovers = session_.find("snapshots", stale);
  if (!leftovers) return leftovers.error();
  for (const auto& leftover : *leftovers) {
    HSD_TRY(session_.snapshot_discard(leftover->getValue<std::int64_t>("id")));
    log::info(kLogger, "discarded a snapshot left by an interrupted run", {{"snapshot", leftover->get("id").toString()}});
  }
  auto snapshot = session_.snapshot_create(*id);
  if (!snapshot) return snapshot.error();
  const Plugin* plugin = engine_.plugins().find(target_.plugin);
  writer_ = std::make_unique<SnapshotWriter>(session_, session_mutex_, *snapshot,
                                             plugin ? plugin->object_types() : std::vector<std::string>{});
  return "{\"snapshot_id\":" + std::to_string(*snapshot) + "}";
}

Result<std::string> PipelineExecutor::activate_snapshot() {
  auto id = connection_id();
  if (!id) return id.error();
  if (!writer_) return make_error(ErrorCode::invalid_argument, "activate_snapshot: no snapshot was opened in this run");
  HSD_TRY(writer_->flush());
  HSD_TRY(carry_over_other_types(*id));
  auto transaction = Transaction::begin(session_);
  if (!transaction) return transaction.error();
  HSD_TRY(activate_keeping_history(session_, writer_->snapshot_id(), engine_.config().retention_snapshots));
  Poco::JSON::Object patch;
  patch.set("current_snapshot_id", writer_->snapshot_id());
  patch.set("retrieved_at", now_ms());
  auto row = session_.update("connections", *id, patch);
  if (!row) return row.error();
  HSD_TRY(transaction->commit());
  target_.connection = *row;
  const auto output = "{\"snapshot_id\":" + std::to_string(writer_->snapshot_id()) +
                      ",\"objects\":" + std::to_string(writer_->count()) + "}";
  return output;
}

Status PipelineExecutor::carry_over_other_types(std::int64_t connection_id) {
  if (limited_types_.empty()) return {};
  const Plugin* plugin = engine_.plugins().find(target_.plugin);
  if (!plugin) return {};
  for (const auto& type : plugin->object_types()) {
    if (std::find(limited_types_.begin(), limited_types_.end(), type) != limited_types_.end()) continue;
    MetadataQuery query;
    query.type = type;
    query.limit = 1000;
    query.with_data = true;
    while (true) {
      auto page = session_.metadata_list(connection_id, query);
      if (!page) return page.error();
      std::vector<ObjectRecord> records;
      records.reserve(page->rows.size());
      for (auto& row : page->rows) records.push_back({row.type, row.id, row.name, row.data.value_or("")});
      if (!records.empty()) HSD_TRY(session_.snapshot_add_objects(writer_->snapshot_id(), records));
      if (page->next_cursor.empty()) break;
      query.cursor = page->next_cursor;
    }
  }
  return {};
}

Result<std::string> PipelineExecutor::discard_snapshot() {
  if (!writer_) return std::string("{}");
  // Stop the writer first: its thread may still be storing a batch through the same session
  // (a failed retrieval leaves batches queued), and nothing may land in a discarded snapshot.
  const std::int64_t snapshot_id = writer_->snapshot_id();
  writer_.reset();
  auto status = session_.snapshot_discard(snapshot_id);
  if (!status) return status.error();
  return std::string("{}");
}

Result<std::string> PipelineExecutor::save_connection(const JsonObject& account) {
  const Plugin* plugin = engine_.plugins().find(target_.plugin);
  const auto account_id = account->optValue<std::string>("account_id", "");
  auto credentials = account->getObject("credentials");
  if (account_id.empty() || !credentials) {
    return make_error(ErrorCode::internal, "plugin '" + target_.plugin +
                                               "' connected without an account_id and credentials in its output");
  }
  // A plugin that declared its auth types stores only those: the UI shows their labels.
  const auto auth_type = account->optValue<std::string>("auth_type", "");
  if (plugin && !plugin->manifest().auth_types.empty() && !plugin->manifest().find_auth_type(auth_type)) {
    std::string declared;
    for (const auto& type : plugin->manifest().auth_types) declared += (declared.empty() ? "" : ", ") + type.value;
    return make_error(ErrorCode::internal, "plugin '" + target_.plugin + "' connected with auth_type '" + auth_type +
                                               "', which its manifest does not declare (declared: " + declared + ")");
  }
  const auto requested = string_list(account, "scopes_requested");
  const auto granted = string_list(account, "scopes_granted");
  const auto missing = missing_scopes(requested, granted);
  auto warnings = string_list(account, "warnings");
  for (auto& warning : warnings) warning = log::redact_secrets(warning);  // stored and shown: no secret in them
  // A plugin that already said what a missing scope disables is not repeated.
  std::vector<std::string> unexplained;
  for (const auto& scope : missing) {
    const bool explained = std::any_of(warnings.begin(), warnings.end(),
                                       [&](const std::string& w) { return w.find(scope) != std::string::npos; });
    if (!explained) unexplained.push_back(scope);
  }
  if (!unexplained.empty()) {
    warnings.insert(warnings.begin(), "Some requested permissions were not granted: " + join(unexplained));
  }

  Poco::JSON::Object record;
  record.set("account_id", account_id);
  JsonObject settings = new Poco::JSON::Object;
  settings->set("connect_warnings", to_array(warnings));
  record.set("settings", settings);
  record.set("account_name", account->optValue<std::string>("account_name", account_id));
  record.set("auth_type", auth_type);
  record.set("scopes_requested", to_array(requested));
  record.set("scopes_granted", to_array(granted));
  record.set("scopes_missing", to_array(missing));
  record.set("warnings", to_array(warnings));
  // A source waits for its first retrieval; a VCS target has nothing to fetch and is ready.
  record.set("status", std::string(plugin && plugin->kind() == "vcs_target" ? "completed" : "pending"));
  record.set("status_detail", std::string());
  if (account->has("expires_in") && !account->isNull("expires_in")) {
    record.set("token_expires_at", now_ms() + account->getValue<std::int64_t>("expires_in") * 1000);
  } else {
    record.set("token_expires_at", Poco::Dynamic::Var());
  }

  auto transaction = Transaction::begin(session_);
  if (!transaction) return transaction.error();
  // Connecting the same account again in a workspace updates that connection.
  Query same;
  same.where.set("workspace_id", target_.workspace_id);
  same.where.set("plugin", target_.plugin);
  same.where.set("account_id", account_id);
  auto existing = session_.find("connections", same);
  if (!existing) return existing.error();
  Result<JsonObject> row = JsonObject();
  std::string audit_action;
  if (!existing->empty()) {
    if (!target_.label.empty()) record.set("label", target_.label);
    // Keep any other settings the connection has; only what connecting found is replaced.
    JsonObject kept = existing->front()->getObject("settings");
    if (kept) {
      kept->set("connect_warnings", to_array(warnings));
      record.set("settings", kept);
    }
    row = session_.update("connections", existing->front()->getValue<std::int64_t>("id"), record);
    audit_action = "connection.reconnect";
  } else {
    std::string label = !target_.label.empty() ? target_.label
                                               : account->optValue<std::string>("label", "");
    if (label.empty()) label = record.getValue<std::string>("account_name");
    record.set("workspace_id", target_.workspace_id);
    record.set("plugin", target_.plugin);
    record.set("kind", plugin ? plugin->kind() : std::string("source"));
    // A default label that is taken gets a number; a label the user asked for must be free.
    for (int n = 1;; ++n) {
      record.set("label", n == 1 ? label : label + " (" + std::to_string(n) + ")");
      row = session_.insert("connections", record);
      if (row || row.error().code != ErrorCode::conflict || !target_.label.empty() || n >= 100) break;
    }
    if (!row && row.error().code == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, "label '" + label + "' is already used by another connection in this workspace");
    }
    audit_action = "connection.create";
  }
  if (!row) return row.error();
  const auto id = (*row)->getValue<std::int64_t>("id");
  HSD_TRY(credentials_.store(session_, id, credentials));
  audit(session_, target_.workspace_id, target_.actor, audit_action, "connection", std::to_string(id),
        "{\"plugin\":\"" + target_.plugin + "\"}");
  HSD_TRY(transaction->commit());
  target_.connection = *row;
  // The warnings are stored on the connection and shown by the CLI and the API; the log
  // keeps them at info so that a one-shot run does not print them twice.
  for (const auto& warning : warnings) log::info(kLogger, warning, {{"connection", std::to_string(id)}});
  return "{\"connection_id\":" + std::to_string(id) + "}";
}

Result<std::string> PipelineExecutor::save_credentials(const JsonObject& output) {
  auto id = connection_id();
  if (!id) return id.error();
  auto fresh = output->getObject("credentials");
  if (!fresh) return make_error(ErrorCode::internal, "the refresh step returned no credentials");
  auto transaction = Transaction::begin(session_);
  if (!transaction) return transaction.error();
  auto row = credentials_.store_refreshed(session_, *id, fresh, output);
  if (!row) return row.error();
  target_.connection = *row;
  HSD_TRY(transaction->commit());
  return std::string("{}");
}

Result<std::string> PipelineExecutor::delete_connection() {
  auto id = connection_id();
  if (!id) return id.error();
  auto transaction = Transaction::begin(session_);
  if (!transaction) return transaction.error();
  HSD_TRY(session_.delete_connection(*id));
  audit(session_, target_.workspace_id, target_.actor, "connection.delete", "connection", std::to_string(*id),
        "{\"plugin\":\"" + target_.plugin + "\"}");
  HSD_TRY(transaction->commit());
  target_.connection.reset();
  return "{\"deleted\":" + std::to_string(*id) + "}";
}

}  // namespace hsd::engine
