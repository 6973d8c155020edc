#include "fault_injector.hpp"

namespace hsd::fakes::detail {

void FaultInjector::add(Fault fault) {
  if (fault.count <= 0) return;
  std::lock_guard lock(mutex_);
  faults_.push_back(std::move(fault));
}

void FaultInjector::clear() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

std::optional<Fault> FaultInjector::take(const std::string& path) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (path.rfind(it->path_prefix, 0) != 0) continue;
    Fault hit = *it;
    if (--it->count <= 0) faults_.erase(it);
    return hit;
  }
  return std::nullopt;
}

}  // namespace hsd::fakes::detail
