// Thread-safe counters behind FakeGitHub::stats(): by route and status, 304s, git auth
// failures per repository, and the headers of the last K requests.
#pragma once

#include <deque>
#include <mutex>
#include <string>

#include "hsd/fakes/fake_github_types.hpp"
#include "http_types.hpp"

namespace hsd::fakes::github_detail {

class RequestStats {
 public:
  explicit RequestStats(std::size_t keep_recent) : keep_recent_(keep_recent) {}
  void record(const Request& request, int status);
  void git_auth_failure(const std::string& full_name, bool had_credentials);
  void git_old_name(const std::string& full_name);
  FakeGitHubStats snapshot() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  std::size_t keep_recent_;
  FakeGitHubStats stats_;
  std::deque<RecordedRequest> recent_;
};

}  // namespace hsd::fakes::github_detail
