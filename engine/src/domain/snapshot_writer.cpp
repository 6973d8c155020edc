#include "snapshot_writer.hpp"

#include <algorithm>

#include "hsd/engine/log.hpp"

namespace hsd::engine {
namespace {

std::string_view view(hsd_str_view s) { return s.data ? std::string_view(s.data, s.size) : ""; }

// A cheap shape check: full parsing is the reader's job, but a body that is not even
// braced is a plugin bug worth stopping for.
bool looks_like_object(std::string_view data) {
  const auto first = data.find_first_not_of(" \t\r\n");
  const auto last = data.find_last_not_of(" \t\r\n");
  return first != std::string_view::npos && data[first] == '{' && data[last] == '}';
}

}  // namespace

SnapshotWriter::SnapshotWriter(Session& session, std::mutex& session_mutex, std::int64_t snapshot_id,
                               std::vector<std::string> types)
    : session_(session), session_mutex_(session_mutex), snapshot_id_(snapshot_id), types_(std::move(types)),
      thread_([this] { run(); }) {}

SnapshotWriter::~SnapshotWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  thread_.join();
}

Status SnapshotWriter::add(const hsd_object& object) {
  const std::string type(view(object.type));
  const std::string id(view(object.id));
  if (std::find(types_.begin(), types_.end(), type) == types_.end()) {
    std::string allowed;
    for (const auto& t : types_) allowed += (allowed.empty() ? "" : ", ") + t;
    return make_error(ErrorCode::invalid_argument,
                      "object '" + id + "' has type '" + type + "', which the plugin does not declare; allowed: " + allowed);
  }
  if (id.empty()) return make_error(ErrorCode::invalid_argument, "an object of type '" + type + "' has an empty id");
  if (!looks_like_object(view(object.data_json))) {
    return make_error(ErrorCode::invalid_argument, "object '" + id + "' of type '" + type + "' is not a JSON object");
  }
  ObjectRecord record{type, id, std::string(view(object.name)), std::string(view(object.data_json))};

  std::unique_lock lock(mutex_);
  if (error_) return *error_;
  batch_.push_back(std::move(record));
  ++count_;
  ++by_type_[type];
  if (batch_.size() >= kBatchSize) {
    changed_.wait(lock, [this] { return queue_.size() < kMaxQueuedBatches || error_ || stopping_; });
    if (error_) return *error_;
    queue_.push_back(std::move(batch_));
    batch_.clear();
    changed_.notify_all();
  }
  return {};
}

Status SnapshotWriter::flush() {
  std::unique_lock lock(mutex_);
  if (!batch_.empty()) {
    queue_.push_back(std::move(batch_));
    batch_.clear();
    changed_.notify_all();
  }
  changed_.wait(lock, [this] { return (queue_.empty() && !writing_) || error_; });
  if (error_) return *error_;
  return {};
}

std::uint64_t SnapshotWriter::count() const {
  std::lock_guard lock(mutex_);
  return count_;
}

std::map<std::string, std::uint64_t> SnapshotWriter::count_by_type() const {
  std::lock_guard lock(mutex_);
  return by_type_;
}

void SnapshotWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (stopping_) return;
    std::vector<ObjectRecord> batch = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    changed_.notify_all();  // room in the queue
    lock.unlock();
    Status written;
    {
      std::lock_guard session_lock(session_mutex_);
      written = session_.snapshot_add_objects(snapshot_id_, batch);
    }
    lock.lock();
    writing_ = false;
    if (!written && !error_) error_ = written.error();
    changed_.notify_all();
  }
}

Status activate_keeping_history(Session& session, std::int64_t snapshot_id, std::int64_t keep) {
  if (keep == 0) return session.snapshot_activate(snapshot_id);
  auto kept = session.snapshot_activate_keeping(snapshot_id, keep);
  if (kept || kept.error().code != ErrorCode::unsupported) return kept;
  log::warn("engine.snapshots", "the storage plugin keeps no snapshot history; retention.snapshots is ignored",
            {{"reason", kept.error().message}});
  return session.snapshot_activate(snapshot_id);
}

}  // namespace hsd::engine
