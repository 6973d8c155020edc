#include "request_gates.hpp"

#include <algorithm>

namespace hsd::fakes::detail {

RequestGates::Gate* RequestGates::find_locked(const std::string& path) {
  for (auto& gate : gates_)
    if (path.rfind(gate.prefix, 0) == 0) return &gate;
  return nullptr;
}

void RequestGates::close(const std::string& prefix) {
  std::lock_guard lock(mutex_);
  for (const auto& gate : gates_)
    if (gate.prefix == prefix) return;
  gates_.push_back(Gate{prefix, {}, {}});
}

int RequestGates::release(const std::string& prefix) {
  int freed = 0;
  {
    std::lock_guard lock(mutex_);
    for (auto& gate : gates_) {
      if (gate.prefix != prefix) continue;
      for (const auto& credential : gate.waiting) freed += gate.released.insert(credential).second ? 1 : 0;
    }
  }
  changed_.notify_all();
  return freed;
}

void RequestGates::open(const std::string& prefix) {
  {
    std::lock_guard lock(mutex_);
    std::erase_if(gates_, [&](const Gate& gate) { return prefix.empty() || gate.prefix == prefix; });
  }
  changed_.notify_all();
}

std::vector<GateStatus> RequestGates::status() const {
  std::lock_guard lock(mutex_);
  std::vector<GateStatus> out;
  for (const auto& gate : gates_)
    out.push_back({gate.prefix, static_cast<int>(gate.waiting.size()), static_cast<int>(gate.released.size())});
  return out;
}

bool RequestGates::pass(const std::string& path, const std::string& credential) {
  std::unique_lock lock(mutex_);
  Gate* gate = find_locked(path);
  if (!gate || gate->released.count(credential)) return true;
  // The gate is looked up again after each wake-up: open() may have removed it, and the
  // vector may have moved; the held credential is recorded under the prefix, not a pointer.
  const std::string prefix = gate->prefix;
  gate->waiting.insert(credential);
  const auto held = [&]() -> Gate* {
    for (auto& g : gates_)
      if (g.prefix == prefix) return &g;
    return nullptr;
  };
  changed_.wait_for(lock, max_wait_, [&] {
    const Gate* g = held();
    return stopping_ || !g || g->released.count(credential) > 0;
  });
  if (Gate* g = held()) {
    if (auto it = g->waiting.find(credential); it != g->waiting.end()) g->waiting.erase(it);
  }
  return !stopping_;
}

void RequestGates::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

void RequestGates::clear_stop() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
}

}  // namespace hsd::fakes::detail
