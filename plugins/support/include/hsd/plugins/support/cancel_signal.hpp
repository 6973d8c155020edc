// The stop flag of one call: the host's is_cancelled, polled, plus a flag the plugin raises
// itself (a worker failed, so the others stop) or a test raises. Waits on it (rate-limit
// pauses, backoff, device-flow polling) wake as soon as the flag is raised, and the clock
// re-polls the host while waiting.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace hsd::plugins::support {

class CancelSignal {
 public:
  /** host_poll reports the host's cancellation; it may be empty (never cancelled). */
  explicit CancelSignal(std::function<bool()> host_poll = {}) : host_poll_(std::move(host_poll)) {}

  /** Raises the flag and wakes every waiter. */
  void request_stop();
  /** True once the flag is raised or the host asked the call to stop. */
  bool stop_requested() const;
  /** Blocks until deadline or request_stop(), whichever comes first. */
  void wait_until(std::chrono::steady_clock::time_point deadline) const;

 private:
  std::function<bool()> host_poll_;
  std::atomic<bool> stopped_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable wake_;
};

}  // namespace hsd::plugins::support
