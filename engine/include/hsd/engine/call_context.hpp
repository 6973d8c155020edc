// CallContext is the engine's side of the ABI's opaque hsd_call: one call from the host into
// a plugin. The host table's callbacks (log, set_error, emit_object, ...) land on the
// CallContext the call was made with, so each caller decides what a retrieved object,
// progress or a credential request means for it.
#pragma once

#include <hsd/abi.h>

#include <atomic>
#include <mutex>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hsd/engine/result.hpp"

namespace hsd::engine {
class HttpClient;
class HttpTally;
}

struct hsd_call {
  hsd_call() = default;
  hsd_call(const hsd_call&) = delete;
  hsd_call& operator=(const hsd_call&) = delete;
  virtual ~hsd_call() = default;

  // Plugin -> host hooks; the defaults suit a call that expects no objects or credentials.
  virtual void on_log(hsd_log_level level, std::string_view message);
  virtual hsd_status on_object(const hsd_object& object);
  virtual void on_progress(std::string_view type, std::uint64_t done, std::uint64_t total);
  virtual hsd_status on_credentials(std::uint32_t flags, std::string& out_json);
  // Streams the snapshot bound to this call (read_objects); by default none is bound.
  virtual hsd_status on_read_objects(std::string_view query_json, hsd_object_fn on_object, void* user);

  bool cancelled() const {
    return cancelled_.load(std::memory_order_relaxed) || (also_cancelled && also_cancelled->load(std::memory_order_relaxed));
  }
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }

  // The call's outcome, set by the host table while the call runs. A plugin may report from
  // several of its threads at once, so each of these takes the call's lock and readers get
  // copies, never references into state another thread may be replacing.
  void set_error(hsd::engine::Error error);
  std::optional<hsd::engine::Error> error() const;
  std::optional<hsd::engine::Error> take_error();  // the error, leaving none behind
  void set_output(std::string_view output_json);
  std::string output() const;

  // Which plugin the call goes to, for log lines ("plugin.<id>"); set by Plugin::invoke.
  std::string plugin_id;
  // The client a plugin's http_send goes through; null: a process-wide default client.
  hsd::engine::HttpClient* http = nullptr;
  // Counts the plugin's http_send calls for the run the call belongs to; null: not counted.
  hsd::engine::HttpTally* http_tally = nullptr;
  // The run's own cancel flag (a deleted connection, a shutdown), seen by the plugin's
  // is_cancelled() as well as the call's own; null when the run cannot be cancelled.
  const std::atomic<bool>* also_cancelled = nullptr;

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex outcome_mutex_;
  std::string output_json_;
  std::optional<hsd::engine::Error> error_;
};

namespace hsd::engine {
using CallContext = ::hsd_call;
}
