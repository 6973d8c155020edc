#include "request_stats.hpp"

namespace hsd::fakes::detail {

void RequestStats::request(const std::string& path) {
  std::lock_guard lock(mutex_);
  ++stats_.total;
  ++stats_.by_path[path];
}

void RequestStats::status(int status) {
  std::lock_guard lock(mutex_);
  ++stats_.by_status[status];
  if (status == 429) ++stats_.rate_limited;
  if (status == 401) ++stats_.unauthenticated;
}

void RequestStats::expired_token() {
  std::lock_guard lock(mutex_);
  ++stats_.expired_token_requests;
}

void RequestStats::fault() {
  std::lock_guard lock(mutex_);
  ++stats_.faults_injected;
}

FakeStats RequestStats::snapshot() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void RequestStats::reset() {
  std::lock_guard lock(mutex_);
  stats_ = FakeStats{};
}

}  // namespace hsd::fakes::detail
