// The HTTP server's live connections, so that stop() can close the idle ones while requests in
// flight finish; and the flag that tells every connection to close after its current answer.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace hsd::engine::service {

class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection unless a request of it is being handled or answered; thread-safe.
  virtual void close_if_idle() = 0;
};

class ConnectionRegistry {
 public:
  std::uint64_t add(const std::shared_ptr<Connection>& connection);
  void remove(std::uint64_t id);

  // From now on connections close after their current answer; idle ones close now.
  void stop_all();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  std::atomic<bool> stopping_{false};
};

}  // namespace hsd::engine::service
