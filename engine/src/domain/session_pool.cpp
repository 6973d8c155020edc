#include "session_pool.hpp"

namespace hsd::engine {

Result<SessionPool::Lease> SessionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(session));
    }
  }
  auto opened = storage_.open_session();
  if (!opened) return opened.error();
  return Lease(*this, std::make_unique<Session>(std::move(*opened)));
}

void SessionPool::give_back(std::unique_ptr<Session> session) {
  // Transactions are RAII (Transaction rolls back when it goes away), so a session comes back
  // with none open.
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(session));
}

}  // namespace hsd::engine
