// An exclusive lock on a mirror directory (flock on <mirror_dir>/hsd-backup.lock), so that two
// processes, or two threads with their own descriptors, never write one mirror at once.
// Released by the destructor (and by the kernel when the process dies).
#pragma once

#include <hsd/sdk.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace hsd::plugins::github::backup {

class MirrorLock {
 public:
  MirrorLock(MirrorLock&& other) noexcept;
  MirrorLock& operator=(MirrorLock&& other) noexcept;
  MirrorLock(const MirrorLock&) = delete;
  MirrorLock& operator=(const MirrorLock&) = delete;
  ~MirrorLock();

  // Takes the lock now or returns nullopt when someone holds it (failure on I/O errors).
  static sdk::Result<std::optional<MirrorLock>> try_acquire(const std::string& dir);

  // Waits for the lock up to timeout, checking cancelled while waiting (CANCELLED, or
  // MIRROR_BUSY (retryable) after the timeout). The directory is created when missing.
  static sdk::Result<MirrorLock> acquire(const std::string& dir, const std::function<bool()>& cancelled,
                                         std::chrono::milliseconds timeout = std::chrono::minutes(10));

 private:
  explicit MirrorLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace hsd::plugins::github::backup
