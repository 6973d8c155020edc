#include "hsd/engine/pipeline/pipeline_runner.hpp"

#include <algorithm>
#include <thread>

#include "action_params.hpp"
#include "diagnostic.hpp"
#include "hsd/engine/duration.hpp"
#include "hsd/engine/log.hpp"
#include "interpolation.hpp"
#include "param_types.hpp"
#include "when_expression.hpp"

namespace hsd::engine {
namespace {

constexpr std::string_view kLogger = "engine.pipeline";
constexpr auto kSleepSlice = std::chrono::milliseconds(100);

using detail::Json;

class Runner {
 public:
  Runner(const Pipeline& pipeline, StepExecutor& executor, const std::function<bool()>& cancelled,
         const RunOptions& options)
      : pipeline_(pipeline), executor_(executor), cancelled_(cancelled), options_(options) {
    if (!options_.now) options_.now = [] { return std::chrono::steady_clock::now(); };
    if (!options_.sleep) {
      // Sleep in slices so a cancelled run does not wait out a long backoff.
      options_.sleep = [this](std::chrono::milliseconds total) {
        const auto until = std::chrono::steady_clock::now() + total;
        while (!is_cancelled()) {
          const auto left = until - std::chrono::steady_clock::now();
          if (left <= std::chrono::steady_clock::duration::zero()) return;
          std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(left, kSleepSlice));
        }
      };
    }
  }

  RunReport run(const RunInputs& inputs) {
    auto connection = detail::parse_json(inputs.connection_json.empty() ? "{}" : inputs.connection_json);
    auto params = detail::parse_json(inputs.params_json.empty() ? "{}" : inputs.params_json);
    if (!connection || !params || !detail::is_object(*connection) || !detail::is_object(*params)) {
      report_.ok = false;
      report_.error = make_error(ErrorCode::invalid_argument,
                                 "pipeline '" + pipeline_.name +
                                     "': the connection and the params must be JSON objects");
      return std::move(report_);
    }
    scope_.connection = *connection;
    scope_.params = *params;
    scope_.outputs = &outputs_;

    for (const Step& step : pipeline_.steps) {
      if (is_cancelled()) {
        fail_pipeline(step.id, make_error(ErrorCode::cancelled, "pipeline '" + pipeline_.name +
                                                                    "' cancelled before step '" +
                                                                    step.id + "'"));
        break;
      }
      Error error;
      if (run_step(step, error)) continue;
      if (step.on_error_policy == ErrorPolicy::continue_pipeline) {
        log::warn(kLogger, "step failed; continuing as the pipeline allows",
                  {{"pipeline", pipeline_.name}, {"step", step.id}, {"error", error.message}});
        continue;
      }
      if (step.on_error_policy == ErrorPolicy::run_handlers) run_handlers(step.on_error, error, step.id);
      fail_pipeline(step.id, std::move(error));
      break;
    }
    if (!report_.ok) {
      log::error(kLogger, "pipeline failed",
                 {{"pipeline", pipeline_.name}, {"step", report_.failed_step},
                  {"error", report_.error->message}});
      run_handlers(pipeline_.on_error, *report_.error, report_.failed_step);
    }
    return std::move(report_);
  }

 private:
  bool is_cancelled() const { return cancelled_ && cancelled_(); }

  void fail_pipeline(const std::string& step_id, Error error) {
    report_.ok = false;
    report_.failed_step = step_id;
    report_.error = std::move(error);
  }

  // Handlers always run, even after a cancel: they clean up. Their failures are logged only.
  void run_handlers(const std::vector<Step>& handlers, const Error& error, const std::string& failed_step) {
    const Error* saved_error = scope_.error;
    const std::string saved_step = scope_.error_step;
    scope_.error = &error;
    scope_.error_step = failed_step;
    for (const Step& handler : handlers) {
      Error handler_error;
      if (!run_step(handler, handler_error)) {
        log::error(kLogger, "on_error step failed",
                   {{"pipeline", pipeline_.name}, {"step", handler.id},
                    {"error", handler_error.message}});
      }
    }
    scope_.error = saved_error;
    scope_.error_step = saved_step;
  }

  // Returns true when the step succeeded or was skipped; on failure fills `error`.
  bool run_step(const Step& step, Error& error) {
    auto result = attempt_step(step);
    if (result.ok()) return true;
    error = std::move(result).error();
    report_.step_errors[step.id] = error;
    return false;
  }

  Status attempt_step(const Step& step) {
    if (step.when) {
      auto expression = detail::WhenExpression::parse(*step.when);
      if (!expression) return step_error(step, ".when", expression.error().message);
      const bool run = expression->evaluate(
          [this](const detail::Reference& reference) { return detail::resolve_reference(reference, scope_); });
      if (!run) {
        report_.steps_skipped.push_back(step.id);
        return {};
      }
    }
    report_.steps_run.push_back(step.id);

    StepInvocation invocation;
    invocation.step_id = step.id;
    invocation.action = step.action;
    if (step.plugin_from_connection) {
      const Json plugin = detail::get_path(scope_.connection, {"connection", "plugin"}, 1);
      if (!plugin.isString() || plugin.extract<std::string>().empty()) {
        return step_error(step, ".uses", "${connection.plugin} is not set for this connection");
      }
      invocation.plugin = plugin.extract<std::string>();
    } else {
      invocation.plugin = step.plugin;
    }
    const ActionInfo* action = executor_.find_action(invocation.plugin, invocation.action);
    if (action == nullptr) {
      return step_error(step, ".uses",
                        "plugin '" + invocation.plugin + "' has no action '" + invocation.action + "'",
                        ErrorCode::not_found);
    }
    auto with = build_with(step, *action);
    if (!with) return with.error();
    invocation.with_json = std::move(*with);
    return execute_with_retry(step, invocation);
  }

  Status execute_with_retry(const Step& step, StepInvocation& invocation) {
    std::chrono::milliseconds backoff = step.retry.backoff;
    for (unsigned attempt = 1;; ++attempt) {
      invocation.attempt = attempt;
      const auto started = options_.now();
      invocation.deadline = step.timeout ? started + *step.timeout
                                         : std::chrono::steady_clock::time_point::max();
      auto result = executor_.execute(invocation);
      if (step.timeout && options_.now() > invocation.deadline) {
        Error timeout = make_error(ErrorCode::unavailable,
                                   "step '" + step.id + "' timed out after " +
                                       detail::format_duration(*step.timeout));
        timeout.retryable = true;
        result = std::move(timeout);
      }
      if (result.ok()) return record_output(step, *result);
      const Error& error = result.error();
      if (!error.retryable || attempt >= step.retry.attempts) return result.error();
      if (is_cancelled()) {
        return make_error(ErrorCode::cancelled, "pipeline '" + pipeline_.name +
                                                    "' cancelled while retrying step '" + step.id + "'");
      }
      log::warn(kLogger, "step failed; retrying",
                {{"pipeline", pipeline_.name}, {"step", step.id},
                 {"attempt", std::to_string(attempt)}, {"wait", detail::format_duration(backoff)},
                 {"error", error.message}});
      options_.sleep(backoff);
      backoff *= 2;
    }
  }

  Status record_output(const Step& step, const std::string& output_text) {
    auto output = detail::parse_json(output_text.empty() ? "{}" : output_text);
    if (!output) {
      return step_error(step, ".uses", "the action returned invalid output: " + output.error().message,
                        ErrorCode::internal);
    }
    outputs_[step.id] = *output;
    report_.outputs[step.id] = output_text.empty() ? "{}" : output_text;
    return {};
  }

  // The `with` object after interpolation, checked against the resolved action's parameters,
  // with defaults filled in. A parameter whose value resolves to null counts as not given.
  Result<std::string> build_with(const Step& step, const ActionInfo& action) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    if (step.with_is_passthrough()) {
      auto value = detail::interpolate(*step.with, "", scope_);
      if (!value) return step_error(step, ".with", value.error().message);
      if (!detail::is_null(*value)) {
        if (!detail::is_object(*value)) {
          return step_error(step, ".with",
                            "${" + step.with->scalar.substr(2, step.with->scalar.size() - 3) +
                                "} must be an object, got " + detail::describe(*value));
        }
        const auto object = value->extract<Poco::JSON::Object::Ptr>();
        for (const auto& [key, field_value] : *object) {
          HSD_TRY(set_param(step, action, key, field_value, *out));
        }
      }
    } else if (step.with) {
      for (const auto& field : step.with->fields) {
        const ParamInfo* param = detail::find_param(action, field.key);
        const std::string_view type = param != nullptr ? std::string_view(param->type) : "";
        auto value = detail::interpolate(field.value, type, scope_);
        if (!value) return step_error(step, ".with." + field.key, value.error().message);
        HSD_TRY(set_param(step, action, field.key, *value, *out));
      }
    }
    for (const auto& param : action.params) {
      if (out->has(param.name)) continue;
      if (!param.default_json.empty()) {
        auto value = detail::parse_json(param.default_json);
        if (!value) {
          return step_error(step, ".with." + param.name, "bad default: " + value.error().message,
                            ErrorCode::internal);
        }
        out->set(param.name, *value);
      } else if (param.required) {
        return step_error(step, ".with", "missing required parameter '" + param.name + "' for " +
                                             describe_target(step, action));
      }
    }
    return detail::to_json(Json(out));
  }

  Status set_param(const Step& step, const ActionInfo& action, const std::string& key,
                   const Json& value, Poco::JSON::Object& out) {
    const ParamInfo* param = detail::find_param(action, key);
    if (param == nullptr) {
      auto allowed = detail::param_names(action);
      return detail::diagnostic(step.location, step.path + ".with." + key,
                                "unknown parameter '" + key + "' for " + describe_target(step, action),
                                allowed);
    }
    if (detail::is_null(value)) return {};
    auto coerced = detail::coerce_json(value, param->type);
    if (!coerced) {
      return step_error(step, ".with." + key, "bad parameter type: " + coerced.error().message);
    }
    out.set(key, *coerced);
    return {};
  }

  std::string describe_target(const Step& step, const ActionInfo& action) const {
    if (!step.plugin_from_connection) return step.uses;
    const Json plugin = detail::get_path(scope_.connection, {"connection", "plugin"}, 1);
    return detail::to_text(plugin) + "." + action.name;
  }

  Error step_error(const Step& step, const std::string& suffix, const std::string& what,
                   ErrorCode code = ErrorCode::invalid_argument) const {
    return detail::diagnostic(step.location, step.path + suffix, what, {}, code);
  }

  const Pipeline& pipeline_;
  StepExecutor& executor_;
  const std::function<bool()>& cancelled_;
  RunOptions options_;
  RunReport report_;
  std::map<std::string, Json> outputs_;
  detail::Scope scope_;
};

}  // namespace

RunReport run_pipeline(const Pipeline& pipeline, const RunInputs& inputs, StepExecutor& executor,
                       const std::function<bool()>& cancelled, const RunOptions& options) {
  return Runner(pipeline, executor, cancelled, options).run(inputs);
}

}  // namespace hsd::engine
