// The HTTP calls plugins make through the host (http_send) during one pipeline run, counted for
// the run's record: every call, the retries among them, and the 429s. The host cannot see a
// plugin's intent, so a retry is recognised by its effect: a call that repeats (same method, URL
// and body) one whose answer was a failure worth retrying (no answer, 401, 408, 429 or 5xx).
// Plugins may call from several threads at once.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace hsd::engine {

class HttpTally {
 public:
  struct Figures {
    std::uint64_t requests = 0;
    std::uint64_t retries = 0;
    std::uint64_t rate_limited = 0;  // answers of 429 Too Many Requests
  };

  // One call; status 0 when no answer came (a transport failure).
  void record(std::string_view method, std::string_view url, std::string_view body, int status);
  Figures figures() const;

 private:
  mutable std::mutex mutex_;
  Figures figures_;
  // "METHOD URL #body-hash" of calls whose last answer was a retryable failure.
  std::set<std::string> failed_;
};

}  // namespace hsd::engine
