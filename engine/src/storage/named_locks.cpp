// Session::lock_acquire and lock_release (ABI 1.4): a named lock across every engine on the
// database. A storage plugin older than 1.4 cannot lock across processes; the session then
// takes a lock of this process only, which still keeps its own threads apart.
#include <algorithm>
#include <string>

#include "hsd/engine/storage.hpp"
#include "process_locks.hpp"
#include "storage_call.hpp"

namespace hsd::engine {

using detail::StorageCall;
using detail::str_view;

Status Session::lock_acquire(std::string_view key, std::chrono::milliseconds timeout,
                             std::chrono::milliseconds lease) {
  if (HSD_STORAGE_HAS(table_, lock_acquire)) {
    StorageCall call;
    const hsd_status s = table_->lock_acquire(handle_, &call, str_view(key), timeout.count(), lease.count());
    if (s != HSD_OK) {
      Error error = detail::storage_error(s, call, "lock_acquire");
      if (error.code == ErrorCode::unavailable) error.retryable = true;
      return error;
    }
    return {};
  }
  const std::string name(key);
  if (!detail::ProcessLocks::instance().acquire(name, handle_, timeout)) {
    Error error = make_error(ErrorCode::unavailable, "the lock '" + name + "' is still held after " +
                                                         std::to_string(timeout.count()) + " ms");
    error.retryable = true;
    return error;
  }
  if (std::find(process_locks_.begin(), process_locks_.end(), name) == process_locks_.end()) {
    process_locks_.push_back(name);
  }
  return {};
}

Status Session::lock_release(std::string_view key) {
  if (HSD_STORAGE_HAS(table_, lock_release)) {
    StorageCall call;
    const hsd_status s = table_->lock_release(handle_, &call, str_view(key));
    if (s != HSD_OK) return detail::storage_error(s, call, "lock_release");
    return {};
  }
  const std::string name(key);
  auto held = std::find(process_locks_.begin(), process_locks_.end(), name);
  if (held == process_locks_.end()) return {};
  process_locks_.erase(held);
  detail::ProcessLocks::instance().release(name, handle_);
  return {};
}

}  // namespace hsd::engine
