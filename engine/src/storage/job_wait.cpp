// Session::job_wait (ABI 1.4): blocks until some engine queued or finished a job. A storage
// plugin that cannot tell (older than 1.4, or one that answers UNSUPPORTED because one process
// owns its database) leaves the caller to poll.
#include "hsd/engine/storage.hpp"
#include "storage_call.hpp"

namespace hsd::engine {

using detail::StorageCall;

Result<bool> Session::job_wait(std::chrono::milliseconds timeout, const std::atomic<bool>* cancel) {
  if (!HSD_STORAGE_HAS(table_, job_wait)) {
    return make_error(ErrorCode::unsupported,
                      "the storage plugin cannot wait for jobs (storage ABI 1.4); workers poll instead");
  }
  StorageCall call;
  call.also_cancelled = cancel;
  std::int32_t woken = 0;
  const hsd_status s = table_->job_wait(handle_, &call, timeout.count(), &woken);
  if (s != HSD_OK) return detail::storage_error(s, call, "job_wait");
  return woken != 0;
}

}  // namespace hsd::engine
