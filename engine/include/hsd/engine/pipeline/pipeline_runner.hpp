// Runs a loaded pipeline: steps in order, `when`, interpolation, run-time parameter checks,
// retry with exponential backoff, timeouts, on_error handling and cancellation. The executor
// does the actual work (plugin calls, engine actions), so the runner is testable on its own.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

struct StepInvocation {
  std::string step_id;
  std::string plugin;     // resolved: "engine", or the connection's plugin
  std::string action;
  std::string with_json;  // after interpolation, defaults applied, validated
  std::chrono::steady_clock::time_point deadline;  // max() when the step has no timeout
  unsigned attempt = 1;   // 1-based, for logs
};

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  /** Runs one step; returns its output JSON object text ("{}" when none). */
  virtual Result<std::string> execute(const StepInvocation& step) = 0;
  /** Resolves the ActionInfo for run-time validation of `with` (nullptr: no such action). */
  virtual const ActionInfo* find_action(std::string_view plugin, std::string_view action) const = 0;
};

struct RunInputs {
  std::string connection_json = "{}";
  std::string params_json = "{}";
};

struct RunReport {
  bool ok = true;
  std::string failed_step;               // the step whose failure failed the pipeline
  std::optional<Error> error;            // the original error (never a handler's)
  std::map<std::string, std::string> outputs;  // output JSON by step id
  std::vector<std::string> steps_run;    // in order, failed ones and handlers included
  std::vector<std::string> steps_skipped;
  std::map<std::string, Error> step_errors;  // every step that failed, continued ones included
};

struct RunOptions {
  /** Waits between attempts; default sleeps in short slices and stops early on cancel. */
  std::function<void(std::chrono::milliseconds)> sleep;
  /** The clock for deadlines; default std::chrono::steady_clock::now. */
  std::function<std::chrono::steady_clock::time_point()> now;
};

RunReport run_pipeline(const Pipeline& pipeline, const RunInputs& inputs, StepExecutor& executor,
                       const std::function<bool()>& cancelled = {},
                       const RunOptions& options = {});

}  // namespace hsd::engine
