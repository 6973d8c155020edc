#include "hash_gate.hpp"

namespace hsd::engine {

HashGate::HashGate(std::size_t concurrency, std::size_t waiting, std::chrono::milliseconds max_wait)
    : concurrency_(concurrency == 0 ? 1 : concurrency), waiting_limit_(waiting), max_wait_(max_wait) {}

std::optional<HashGate::Turn> HashGate::enter() {
  std::unique_lock lock(mutex_);
  if (running_ < concurrency_ && waiting_ == 0) {
    ++running_;
    return Turn(*this);
  }
  if (waiting_ >= waiting_limit_) return std::nullopt;
  ++waiting_;
  const bool got = freed_.wait_for(lock, max_wait_, [this] { return running_ < concurrency_; });
  --waiting_;
  if (!got) return std::nullopt;
  ++running_;
  return Turn(*this);
}

std::size_t HashGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

void HashGate::release() {
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  freed_.notify_one();
}

}  // namespace hsd::engine
