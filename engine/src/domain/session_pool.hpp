// Keeps idle storage sessions for reuse: opening one per API request would cost more than
// the request itself. A leased session goes back to the pool when the lease ends.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "hsd/engine/storage.hpp"

namespace hsd::engine {

class SessionPool {
 public:
  class Lease {
   public:
    Lease(SessionPool& pool, std::unique_ptr<Session> session) : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (session_) pool_->give_back(std::move(session_));
    }
    Session& operator*() { return *session_; }
    Session* operator->() { return session_.get(); }

   private:
    SessionPool* pool_;
    std::unique_ptr<Session> session_;
  };

  SessionPool(Storage& storage, std::size_t max_idle) : storage_(storage), max_idle_(max_idle) {}

  Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Session> session);

  Storage& storage_;
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Session>> idle_;
};

}  // namespace hsd::engine
