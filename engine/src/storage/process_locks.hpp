// Named locks within this process: Session::lock_acquire's stand-in when the storage plugin
// cannot lock across processes (a table older than ABI 1.4). Holders are sessions; taking a key
// one already holds succeeds at once, as the plugins' locks renew.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace hsd::engine::detail {

class ProcessLocks {
 public:
  static ProcessLocks& instance();

  // True once holder has the key; false when another holder kept it until the timeout.
  bool acquire(const std::string& key, const void* holder, std::chrono::milliseconds timeout);
  // Releases the key when holder has it (otherwise nothing changes).
  void release(const std::string& key, const void* holder);

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, const void*> holders_;
};

}  // namespace hsd::engine::detail
