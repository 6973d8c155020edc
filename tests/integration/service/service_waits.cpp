#include "service_waits.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace hsd::testing {
namespace {

// Kills the hsdeploy processes this test process started (the running service), by pid, so
// that a wait on its log ends. Nothing else is touched.
void kill_own_hsdeploy_children() {
  const auto self = ::getpid();
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto open = stat.find('(');
    const auto close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) continue;
    const std::string comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long parent = 0;
    rest >> state >> parent;
    if (parent == self && comm == "hsdeploy") ::kill(static_cast<pid_t>(std::stol(name)), SIGKILL);
  }
}

// Ends a wait that would otherwise block for ever: past the deadline it kills the service.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::milliseconds timeout)
      : thread_([this, timeout] {
          std::unique_lock lock(mutex_);
          if (!done_cv_.wait_for(lock, timeout, [this] { return done_; })) {
            fired_ = true;
            kill_own_hsdeploy_children();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    done_cv_.notify_all();
    thread_.join();
  }
  bool fired() {
    std::lock_guard lock(mutex_);
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;
};

}  // namespace

bool poll_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "gave up after " << timeout.count() << " s waiting for " << what;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string wait_for_log_lines(ServiceUnderTest& service, const std::vector<std::string>& needles,
                               std::chrono::seconds timeout) {
  std::string what;
  for (const auto& needle : needles) what += (what.empty() ? "" : " and ") + needle;
  Watchdog watchdog(timeout);
  std::string line;
  while (true) {
    line = service.wait_for_log(needles.front());
    if (line.empty()) break;
    bool all = true;
    for (const auto& needle : needles) all = all && line.find(needle) != std::string::npos;
    if (all) break;
  }
  if (watchdog.fired()) {
    ADD_FAILURE() << "no service log line with " << what << " within " << timeout.count()
                  << " s; the service was killed to end the wait";
  } else if (line.empty()) {
    ADD_FAILURE() << "the service ended before logging a line with " << what;
  }
  return line;
}

}  // namespace hsd::testing
