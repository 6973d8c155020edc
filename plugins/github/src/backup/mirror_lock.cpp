#include "mirror_lock.hpp"

#include "errors.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace hsd::plugins::github::backup {

MirrorLock::MirrorLock(MirrorLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

MirrorLock& MirrorLock::operator=(MirrorLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

MirrorLock::~MirrorLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

sdk::Result<std::optional<MirrorLock>> MirrorLock::try_acquire(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return git_failed("cannot create the mirror folder '" + dir + "': " + ec.message());
  const std::string path = dir + "/hsd-backup.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return git_failed("cannot open the mirror lock '" + path + "': " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return std::optional<MirrorLock>(MirrorLock(fd));
  const int err = errno;
  ::close(fd);
  if (err == EWOULDBLOCK || err == EINTR) return std::optional<MirrorLock>();
  return git_failed("cannot lock the mirror '" + path + "': " + std::strerror(err));
}

sdk::Result<MirrorLock> MirrorLock::acquire(const std::string& dir, const std::function<bool()>& cancelled,
                                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto attempt = try_acquire(dir);
    if (!attempt) return attempt.failure();
    if (attempt.value()) return std::move(*attempt.value());
    if (cancelled && cancelled()) return cancelled_failure();
    if (std::chrono::steady_clock::now() >= deadline) {
      return make_failure(HSD_ERR_CONFLICT, kMirrorBusy,
                          "another backup is writing the mirror '" + dir + "'", true);
    }
    // Another process holds the lock; poll so that cancellation is noticed while waiting.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace hsd::plugins::github::backup
