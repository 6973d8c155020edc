// GitHub's primary (per user and hour) budget with its x-ratelimit-* headers, plus the limits
// a test injects for the next M calls. Not locked: GitHubState's mutex guards it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "hsd/fakes/fake_github_types.hpp"
#include "http_types.hpp"
#include "model.hpp"

namespace hsd::fakes::github_detail {

class RateLimiter {
 public:
  explicit RateLimiter(int limit) : limit_(limit) {}

  /** Before the handler: the limit answer for this call (headers included), or nothing. */
  std::optional<Reply> admit(const std::string& key, std::int64_t user_id, TimePoint now);
  /** After the handler: counts the call unless `count` is false (a 304) and adds the headers. */
  void finish(Reply& reply, const std::string& key, TimePoint now, bool count);

  void inject(RateLimitKind kind, int requests, int seconds, int status);
  void clear_injected() { injected_.clear(); }
  void reset();

 private:
  struct Budget {
    int used = 0;
    TimePoint reset_at{};
  };
  struct Injected {
    RateLimitKind kind;
    int requests;
    int seconds;
    int status;
  };
  Budget& budget(const std::string& key, TimePoint now);
  void add_headers(Reply& reply, int remaining, int used, TimePoint reset_at) const;

  int limit_;
  std::map<std::string, Budget> budgets_;
  std::deque<Injected> injected_;
};

}  // namespace hsd::fakes::github_detail
