// Job workers: threads that claim queued jobs under a lease, run their pipeline, and record the
// outcome. A heartbeat keeps the leases of running jobs alive; a job whose worker died is
// claimed again once its lease lapses. Retryable failures go back to the queue with
// exponential backoff until the job's attempts run out. A listener thread waits on the storage
// for jobs queued or finished by any engine on the database and wakes idle workers; a storage
// that cannot tell leaves them to poll. Once the database schema is newer than this engine
// knows (another engine migrated it), claims answer UNSUPPORTED: the workers stop claiming and
// say so once, and claims_stopped() tells /readyz why.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "credential_service.hpp"
#include "hsd/engine/engine.hpp"

namespace hsd::engine {

struct WorkerOptions {
  int workers = 4;
  std::chrono::milliseconds lease{60'000};
  std::chrono::milliseconds poll{1'000};           // how often idle workers look for due jobs
  std::chrono::milliseconds retry_backoff{30'000};  // the first retry's delay; doubles per attempt
  std::string name;                                 // this process's part of each worker id
};

class JobWorkers {
 public:
  JobWorkers(Engine& engine, CredentialService& credentials, WorkerOptions options);
  ~JobWorkers();
  JobWorkers(const JobWorkers&) = delete;
  JobWorkers& operator=(const JobWorkers&) = delete;

  void start();
  // A job was queued: idle workers look now rather than at their next poll.
  void wake();
  // Asks the connection's running job (if it runs here) to stop, and waits for it up to `wait`.
  // False when it was still running at the deadline.
  bool cancel_connection(std::int64_t connection_id, std::chrono::milliseconds wait);
  // Stops claiming; running jobs may finish until the grace period ends, then they are asked to
  // stop and go back to the queue without using up an attempt.
  void stop(std::chrono::milliseconds grace);
  std::size_t running_count() const;
  // Why the workers stopped claiming jobs (the database schema is newer than this engine), or
  // none while they claim.
  std::optional<std::string> claims_stopped() const;

 private:
  struct Running {
    std::int64_t job_id = 0;
    std::optional<std::int64_t> connection_id;
    std::string worker_id;
    std::atomic<bool> cancel{false};   // stop now (deleted, lease lost, or shutdown)
    std::atomic<bool> requeue{false};  // ...and put the job back (shutdown)
  };

  void work(int index);
  void beat();
  // Waits on its own session for jobs queued or finished anywhere, waking idle workers.
  void listen();
  void stop_claiming(Session& session, const Error& error);
  void run_job(Session& session, const std::string& worker_id, const JsonObject& job);
  void finish(Session& session, const Running& running, const JsonObject& job, const Error* error,
              const Poco::JSON::Object& success);
  void reap_abandoned(Session& session);
  bool stopping() const;

  Engine& engine_;
  CredentialService& credentials_;
  WorkerOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;
  std::condition_variable changed_cv_;  // a job finished, or stopping began
  bool stopping_ = false;
  bool heartbeat_stop_ = false;  // set once the workers have ended
  std::uint64_t generation_ = 0;  // bumped by wake()
  std::map<std::int64_t, std::shared_ptr<Running>> running_;
  std::optional<std::string> claims_stopped_;  // set once, by the first claim refused as unsupported
  std::atomic<bool> listen_cancel_{false};     // ends the listener's job_wait (shutdown)
  std::vector<std::thread> threads_;
  std::thread heartbeat_;
  std::thread listener_;
};

}  // namespace hsd::engine
