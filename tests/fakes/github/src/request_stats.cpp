#include "request_stats.hpp"

#include <Poco/String.h>

namespace hsd::fakes {

std::string RecordedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (Poco::icompare(key, name) == 0) return value;
  return "";
}

}  // namespace hsd::fakes

namespace hsd::fakes::github_detail {

void RequestStats::record(const Request& request, int status) {
  std::lock_guard lock(mutex_);
  ++stats_.total;
  ++stats_.by_route[request.method + " " + request.path];
  ++stats_.by_status[status];
  if (status == 304) ++stats_.not_modified;
  recent_.push_back(RecordedRequest{request.method, request.target, status, request.headers});
  while (recent_.size() > keep_recent_) recent_.pop_front();
}

void RequestStats::git_auth_failure(const std::string& full_name, bool had_credentials) {
  std::lock_guard lock(mutex_);
  if (had_credentials) ++stats_.git_rejected_credentials[full_name];
  ++stats_.git_auth_failures[full_name];
  ++stats_.git_auth_failures_total;
}

void RequestStats::git_old_name(const std::string& full_name) {
  std::lock_guard lock(mutex_);
  ++stats_.git_old_name_requests[full_name];
}

FakeGitHubStats RequestStats::snapshot() const {
  std::lock_guard lock(mutex_);
  FakeGitHubStats out = stats_;
  out.recent.assign(recent_.begin(), recent_.end());
  return out;
}

void RequestStats::reset() {
  std::lock_guard lock(mutex_);
  stats_ = FakeGitHubStats{};
  recent_.clear();
}

}  // namespace hsd::fakes::github_detail
