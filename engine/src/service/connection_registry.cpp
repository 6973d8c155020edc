#include "connection_registry.hpp"

#include <vector>

namespace hsd::engine::service {

std::uint64_t ConnectionRegistry::add(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, connection);
  return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  connections_.erase(id);
}

void ConnectionRegistry::stop_all() {
  stopping_.store(true, std::memory_order_release);
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  // Outside the lock: a connection that closes removes itself.
  for (auto& connection : live) connection->close_if_idle();
}

}  // namespace hsd::engine::service
