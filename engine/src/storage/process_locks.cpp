#include "process_locks.hpp"

namespace hsd::engine::detail {

ProcessLocks& ProcessLocks::instance() {
  static ProcessLocks locks;
  return locks;
}

bool ProcessLocks::acquire(const std::string& key, const void* holder, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool free = released_.wait_for(lock, timeout, [&] {
    auto it = holders_.find(key);
    return it == holders_.end() || it->second == holder;
  });
  if (!free) return false;
  holders_[key] = holder;
  return true;
}

void ProcessLocks::release(const std::string& key, const void* holder) {
  {
    std::lock_guard lock(mutex_);
    auto it = holders_.find(key);
    if (it == holders_.end() || it->second != holder) return;
    holders_.erase(it);
  }
  released_.notify_all();
}

}  // namespace hsd::engine::detail
