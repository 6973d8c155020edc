// A cap on concurrent password hashing. Each scrypt hash takes ~32 MiB and tens of
// milliseconds of a core, so a flood of sign-ins must not occupy every request thread: at most
// `concurrency` hashes run at once, a few more callers may wait briefly for a turn, and anyone
// beyond that (or whose wait runs out) is refused at once so the request can answer 503.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>

namespace hsd::engine {

class HashGate {
 public:
  // waiting: how many callers may queue for a turn; max_wait: how long each may wait.
  HashGate(std::size_t concurrency, std::size_t waiting, std::chrono::milliseconds max_wait);
  HashGate(const HashGate&) = delete;
  HashGate& operator=(const HashGate&) = delete;

  // Holds one turn until destroyed.
  class Turn {
   public:
    explicit Turn(HashGate& gate) : gate_(&gate) {}
    Turn(Turn&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Turn& operator=(Turn&&) = delete;
    ~Turn() {
      if (gate_) gate_->release();
    }

   private:
    HashGate* gate_;
  };

  // A turn, or nothing when the queue is full or the wait ran out.
  std::optional<Turn> enter();

  // Callers waiting for a turn now.
  std::size_t waiting() const;

  // How long a refused caller should wait before trying again (Retry-After), in seconds.
  int retry_after_seconds() const { return 1; }

 private:
  void release();

  const std::size_t concurrency_;
  const std::size_t waiting_limit_;
  const std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t running_ = 0;
  std::size_t waiting_ = 0;
};

}  // namespace hsd::engine
