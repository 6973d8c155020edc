// Gates that hold API requests until a test lets them through, so that a test (the browser
// tests above all) can watch a job mid-flight, pending behind a busy worker and then in
// progress, without timing luck. A gate is a path prefix. A request under a closed gate waits,
// keyed by its credential (the Authorization header): release() lets through the credentials
// that have a request waiting now, and every later request carrying them, while a credential
// that arrives afterwards waits again; open() removes the gate. A request waits at most
// `max_wait` and stop() wakes them all, so a forgotten gate can never hang the fake.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace hsd::fakes::detail {

struct GateStatus {
  std::string path;
  int waiting = 0;   ///< requests held now
  int released = 0;  ///< credentials let through by release()
};

class RequestGates {
 public:
  explicit RequestGates(std::chrono::milliseconds max_wait = std::chrono::minutes(2)) : max_wait_(max_wait) {}

  /** Closes a gate on requests whose path starts with `prefix` (closing it again changes nothing). */
  void close(const std::string& prefix);
  /** Lets through the credentials waiting at the gate now; returns how many. */
  int release(const std::string& prefix);
  /** Removes the gate (every gate when `prefix` is empty) and wakes what it held. */
  void open(const std::string& prefix);
  std::vector<GateStatus> status() const;

  /** Waits while a closed gate holds this request; false when the fake is stopping. */
  bool pass(const std::string& path, const std::string& credential);
  void stop();
  void clear_stop();

 private:
  struct Gate {
    std::string prefix;
    std::multiset<std::string> waiting;  // credentials of the held requests
    std::set<std::string> released;
  };
  Gate* find_locked(const std::string& path);

  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Gate> gates_;
  bool stopping_ = false;
};

}  // namespace hsd::fakes::detail
