// The service's scheduler: refreshes OAuth tokens in the background before they come within
// the refresh margin, queues a new retrieval of each connection when its interval has
// passed, queues scheduled backups, and checks repositories' status. Both are spread with a per-connection offset so that many connections made at the
// same time do not all fire at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"

namespace hsd::engine {

struct SchedulerOptions {
  std::chrono::milliseconds tick{15'000};
  // Tokens are refreshed when they expire within this (minus up to a quarter, per connection).
  std::chrono::milliseconds refresh_ahead{15 * 60'000};
  std::chrono::milliseconds retrieve_interval{6 * 3'600'000};  // 0: no scheduled retrievals
  std::chrono::milliseconds repository_check_interval{3'600'000};  // 0: no background checks
  int refresh_concurrency = 8;
};

// Parses a connection's settings.retrieve_interval ("6h", "30m", "0" or "off"); none when absent.
Result<std::optional<std::chrono::milliseconds>> parse_interval_setting(const JsonObject& settings);

class Scheduler {
 public:
  // queued is told of each retrieval the scheduler queues (the workers' wake()).
  Scheduler(Engine& engine, CredentialService& credentials, SchedulerOptions options, std::function<void()> queued);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void start();
  void stop();
  // One pass now (also what each tick does).
  void run_once();

 private:
  void loop();
  // Each refresh thread has its own session: the refreshes write in parallel.
  void refresh_due(const std::vector<JsonObject>& connections);
  void retrieve_due(Session& session, const std::vector<JsonObject>& connections);
  // Backups with a schedule whose period has passed since their last run (a new one at once).
  void backups_due(Session& session, const std::vector<JsonObject>& connections);
  // Repositories not checked within the check interval, asked one at a time (providers ask for
  // serial requests).
  void check_repositories(Session& session, const std::vector<JsonObject>& connections);

  Engine& engine_;
  CredentialService& credentials_;
  SchedulerOptions options_;
  std::function<void()> queued_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hsd::engine
