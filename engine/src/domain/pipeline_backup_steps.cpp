// The engine's steps of the backup pipeline. The VCS plugin does the writing; the engine
// decides what it may read (the backup's source snapshot, in the same workspace), keeps the
// repository's status, and records each run.
#include "backups.hpp"
#include "pipeline_executor.hpp"
#include "repositories.hpp"

namespace hsd::engine {
namespace {

// A repository in error cannot take a backup; the reason decides whether a later attempt may
// succeed (a rate limit passes, an archived repository stays read-only).
Error repository_refusal(const JsonObject& repository) {
  const auto reason = repository->getValue<std::string>("status_reason");
  ErrorCode code = ErrorCode::invalid_argument;
  if (reason == "not_found") code = ErrorCode::not_found;
  if (reason == "access_revoked") code = ErrorCode::unauthenticated;
  if (reason == "sso_required" || reason == "archived") code = ErrorCode::permission_denied;
  if (reason == "rate_limited") code = ErrorCode::rate_limited;
  // The plugin's detail names the repository ("acme/config is archived and read-only: ...").
  std::string detail = repository->getValue<std::string>("status_detail");
  if (detail.empty()) detail = repository->getValue<std::string>("full_name") + ": " + reason;
  Error error = make_error(code, detail);
  error.reason = reason;
  error.retryable = reason == "rate_limited";
  return error;
}

}  // namespace

Result<std::string> PipelineExecutor::prepare_backup(const JsonObject& with) {
  auto id = connection_id();
  if (!id) return id.error();
  if (!with->has("backup_id") || with->isNull("backup_id")) {
    return make_error(ErrorCode::invalid_argument, "backup_id: the run names no backup");
  }
  std::int64_t backup_id = 0;
  try {
    backup_id = with->getValue<std::int64_t>("backup_id");
  } catch (const Poco::Exception&) {
    return make_error(ErrorCode::invalid_argument, "backup_id: '" + with->get("backup_id").toString() +
                                                       "' is not a backup id");
  }
  auto ref = find_backup(session_, backup_id);
  if (!ref) return ref.error();
  if (ref->target.connection->getValue<std::int64_t>("id") != *id) {
    return make_error(ErrorCode::invalid_argument, "backup " + std::to_string(backup_id) +
                                                       " writes to a repository of connection " +
                                                       ref->target.connection->get("id").toString() +
                                                       ", not of this one");
  }
  const auto& source = ref->source;
  if (source->isNull("current_snapshot_id")) {
    return make_error(ErrorCode::invalid_argument, "source '" + source->getValue<std::string>("label") +
                                                       "' has no metadata yet: retrieve it first");
  }
  Poco::JSON::Object run;
  run.set("backup_config_id", backup_id);
  run.set("connection_id", source->getValue<std::int64_t>("id"));
  run.set("status", std::string("running"));
  auto row = session_.insert("backup_runs", run);
  if (!row) return row.error();
  read_source_ = source->getValue<std::int64_t>("id");
  backup_repository_ = ref->target.repository;
  backup_run_ = (*row)->getValue<std::int64_t>("id");

  const auto& repository = ref->target.repository;
  JsonObject params = new Poco::JSON::Object;
  params->set("repository", repository->getValue<std::string>("external_id"));
  params->set("full_name", repository->getValue<std::string>("full_name"));
  params->set("branch", ref->backup->getValue<std::string>("branch"));
  params->set("path_prefix", ref->backup->getValue<std::string>("path_prefix"));
  params->set("source_plugin", source->getValue<std::string>("plugin"));
  params->set("source_account_id", source->getValue<std::string>("account_id"));
  params->set("source_account_name", source->optValue<std::string>("account_name", ""));
  params->set("source_label", source->getValue<std::string>("label"));
  JsonObject output = new Poco::JSON::Object;
  output->set("backup_id", backup_id);
  output->set("run_id", *backup_run_);
  output->set("repository", repository->getValue<std::string>("external_id"));
  output->set("full_name", repository->getValue<std::string>("full_name"));
  output->set("plugin_params", params);
  return stringify(output);
}

Result<std::string> PipelineExecutor::save_repository_status(const JsonObject& with) {
  if (!backup_repository_) {
    return make_error(ErrorCode::invalid_argument, "save_repository_status: no prepare_backup step ran before it");
  }
  auto status = output_of(with, "check");
  if (!status) return status.error();
  auto row = record_repository_status(session_, *backup_repository_, *status);
  if (!row) return row.error();
  backup_repository_ = *row;
  if ((*row)->getValue<std::string>("status") != "connected") return repository_refusal(*row);
  return std::string("{}");
}

Result<std::string> PipelineExecutor::finish_backup(const JsonObject& with) {
  if (!backup_run_) return std::string("{}");  // the run failed before it was recorded
  Poco::JSON::Object patch;
  patch.set("finished_at", now_ms());
  if (with->optValue<bool>("failed", false)) {
    patch.set("status", std::string("failed"));
    patch.set("error", with->optValue<std::string>("error", "the backup failed"));
  } else {
    auto written = output_of(with, "write");
    if (!written) return written.error();
    const bool committed = (*written)->optValue<bool>("committed", false);
    patch.set("status", std::string(committed ? "committed" : "unchanged"));
    patch.set("commit_sha", (*written)->optValue<std::string>("commit", ""));
    patch.set("added", (*written)->optValue<std::int64_t>("added", 0));
    patch.set("changed", (*written)->optValue<std::int64_t>("changed", 0));
    patch.set("removed", (*written)->optValue<std::int64_t>("removed", 0));
  }
  auto row = session_.update("backup_runs", *backup_run_, patch);
  if (!row) return row.error();
  return stringify(backup_run_view(*row));
}

}  // namespace hsd::engine
