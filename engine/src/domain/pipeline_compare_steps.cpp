// The engine's steps of the compare pipeline. The comparison is stored before its job is
// queued; the run reads both sides (a backup side through its repository's VCS plugin), stores
// what differs and the result. The pipeline's error handler records a failure that happened
// outside the run (run_comparison records its own).
#include "comparison_runner.hpp"
#include "pipeline_executor.hpp"

namespace hsd::engine {

Result<std::int64_t> PipelineExecutor::comparison_param(const JsonObject& with) {
  if (!with->has("comparison_id") || with->isNull("comparison_id")) {
    return field_error("comparison_id", "the run names no comparison");
  }
  const auto value = with->get("comparison_id");
  try {
    // ${params.comparison_id} arrives as a number, or as its text when interpolated into one.
    if (value.isString()) return static_cast<std::int64_t>(std::stoll(value.extract<std::string>()));
    return value.convert<std::int64_t>();
  } catch (const std::exception&) {
    return field_error("comparison_id", "'" + value.toString() + "' is not a comparison id");
  }
}

Result<std::string> PipelineExecutor::run_comparison_step(const JsonObject& with) {
  auto id = comparison_param(with);
  if (!id) return id.error();
  std::lock_guard lock(session_mutex_);
  HSD_TRY(run_comparison(engine_, credentials_, session_, *id, cancel_));
  return "{\"comparison_id\":" + std::to_string(*id) + "}";
}

Result<std::string> PipelineExecutor::fail_comparison_step(const JsonObject& with) {
  auto id = comparison_param(with);
  if (!id) return id.error();
  std::lock_guard lock(session_mutex_);
  HSD_TRY(record_comparison_failure(session_, *id, with->optValue<std::string>("error", "the comparison failed"),
                                    with->optValue<std::string>("code", "")));
  return std::string("{}");
}

}  // namespace hsd::engine
