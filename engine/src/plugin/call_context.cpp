// Default behaviour of a call: logs go to "plugin.<id>", and a call that was not set up for
// objects or credentials refuses them with a message instead of dropping them silently.
#include "hsd/engine/call_context.hpp"

#include <utility>

#include "hsd/engine/log.hpp"

void hsd_call::set_error(hsd::engine::Error error) {
  std::lock_guard lock(outcome_mutex_);
  error_ = std::move(error);
}

std::optional<hsd::engine::Error> hsd_call::error() const {
  std::lock_guard lock(outcome_mutex_);
  return error_;
}

std::optional<hsd::engine::Error> hsd_call::take_error() {
  std::lock_guard lock(outcome_mutex_);
  return std::exchange(error_, std::nullopt);
}

void hsd_call::set_output(std::string_view output_json) {
  std::lock_guard lock(outcome_mutex_);
  output_json_.assign(output_json);
}

std::string hsd_call::output() const {
  std::lock_guard lock(outcome_mutex_);
  return output_json_;
}

void hsd_call::on_log(hsd_log_level level, std::string_view message) {
  using hsd::engine::log::Level;
  const Level mapped = level >= HSD_LOG_ERROR ? Level::error
                       : level == HSD_LOG_WARN ? Level::warn
                       : level == HSD_LOG_INFO ? Level::info
                       : level == HSD_LOG_DEBUG ? Level::debug
                                                : Level::trace;
  hsd::engine::log::write(mapped, "plugin." + plugin_id, message);
}

hsd_status hsd_call::on_object(const hsd_object&) {
  set_error(hsd::engine::make_error(hsd::engine::ErrorCode::invalid_argument,
                                    "this action cannot emit metadata objects"));
  return HSD_ERR_INVALID_ARGUMENT;
}

void hsd_call::on_progress(std::string_view, std::uint64_t, std::uint64_t) {}

hsd_status hsd_call::on_credentials(std::uint32_t, std::string&) {
  set_error(hsd::engine::make_error(hsd::engine::ErrorCode::not_found,
                                    "this call has no connection, so it has no credentials"));
  return HSD_ERR_NOT_FOUND;
}

hsd_status hsd_call::on_read_objects(std::string_view, hsd_object_fn, void*) {
  set_error(hsd::engine::make_error(hsd::engine::ErrorCode::not_found,
                                    "this call has no snapshot bound to it, so it has no objects to read"));
  return HSD_ERR_NOT_FOUND;
}
