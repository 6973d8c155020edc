#include <hsd/plugins/support/cancel_signal.hpp>

namespace hsd::plugins::support {

void CancelSignal::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  wake_.notify_all();
}

bool CancelSignal::stop_requested() const {
  if (stopped_) return true;
  return host_poll_ && host_poll_();
}

void CancelSignal::wait_until(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, deadline, [this] { return stopped_.load(); });
}

}  // namespace hsd::plugins::support
