#include "task_group.hpp"

#include <algorithm>

namespace hsd::plugins::hubspot {

TaskGroup::TaskGroup(int max_threads, support::CancelSignal& stop) : max_threads_(std::max(1, max_threads)), stop_(stop) {}

TaskGroup::~TaskGroup() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void TaskGroup::run(Task task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
    ++active_;
    if (idle_ == 0 && static_cast<int>(threads_.size()) < max_threads_) {
      threads_.emplace_back([this] { work(); });
    }
  }
  changed_.notify_all();
}

void TaskGroup::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    ++idle_;
    changed_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    --idle_;
    if (queue_.empty()) return;  // closing
    Task task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    hsd::sdk::Status status;
    // A task after a failure is skipped: its result would be thrown away.
    if (!stop_.stop_requested()) {
      try {
        status = task();
      } catch (const std::exception& e) {
        status = hsd::sdk::fail(HSD_ERR_INTERNAL, std::string("unexpected exception: ") + e.what());
      } catch (...) {
        status = hsd::sdk::fail(HSD_ERR_INTERNAL, "unexpected exception of unknown type");
      }
    }
    task = nullptr;  // release captures outside the lock
    lock.lock();
    if (!status && !failure_) {
      failure_ = status.failure();
      stop_.request_stop();
    }
    --active_;
    if (active_ == 0) changed_.notify_all();
  }
}

hsd::sdk::Status TaskGroup::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return active_ == 0; });
  if (failure_) return *failure_;
  return {};
}

}  // namespace hsd::plugins::hubspot
