#include "hsd/engine/http_tally.hpp"

#include <functional>

namespace hsd::engine {
namespace {

// Failures a client retries: no answer, an expired token (refreshed, then the call is repeated),
// a timeout, a rate limit, a server fault.
bool retryable(int status) { return status == 0 || status == 401 || status == 408 || status == 429 || status >= 500; }

}  // namespace

void HttpTally::record(std::string_view method, std::string_view url, std::string_view body, int status) {
  // Two POSTs to one URL with different bodies (batch reads) are different calls.
  std::string key;
  key.reserve(method.size() + url.size() + 24);
  key.append(method).append(" ").append(url).append(" #").append(std::to_string(std::hash<std::string_view>{}(body)));
  std::lock_guard lock(mutex_);
  ++figures_.requests;
  if (status == 429) ++figures_.rate_limited;
  const bool repeats_a_failure = failed_.erase(key) > 0;
  if (repeats_a_failure) ++figures_.retries;
  if (retryable(status)) failed_.insert(std::move(key));
}

HttpTally::Figures HttpTally::figures() const {
  std::lock_guard lock(mutex_);
  return figures_;
}

}  // namespace hsd::engine
