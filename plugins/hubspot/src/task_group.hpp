// A bounded pool of worker threads for one call. Tasks may add further tasks (a flow listing
// hands batch reads to other workers while it keeps paging); wait() returns when every task,
// added ones included, has finished. The first failing task raises the call's cancel signal
// so the others stop at their next request, and its Failure is what wait() returns. No thread
// outlives the group, so no host function is called after the call returns.
#pragma once

#include <hsd/plugins/support/cancel_signal.hpp>

#include <hsd/sdk.hpp>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hsd::plugins::hubspot {

class TaskGroup {
 public:
  using Task = std::function<hsd::sdk::Status()>;

  TaskGroup(int max_threads, support::CancelSignal& stop);
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  /** Queues a task; starts a worker when fewer than max_threads run. Thread-safe. */
  void run(Task task);
  /** Waits for every task; the first failure, if any. */
  hsd::sdk::Status wait();

 private:
  void work();

  const int max_threads_;
  support::CancelSignal& stop_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Task> queue_;
  std::vector<std::thread> threads_;
  int idle_ = 0;
  int active_ = 0;
  bool closing_ = false;
  std::optional<hsd::sdk::Failure> failure_;
};

}  // namespace hsd::plugins::hubspot
