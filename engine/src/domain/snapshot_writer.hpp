// SnapshotWriter takes the objects a retrieval emits, checks them, and writes them to the
// building snapshot in batches, one transaction per batch, so memory stays flat whatever the
// portal's size. The writes run on a thread of their own, so the plugin's workers go on
// downloading and parsing while a batch is written; a bounded queue holds them back when the
// store cannot keep up.
#pragma once

#include <hsd/abi.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "hsd/engine/storage.hpp"

namespace hsd::engine {

class SnapshotWriter {
 public:
  static constexpr std::size_t kBatchSize = 500;
  static constexpr std::size_t kMaxQueuedBatches = 4;

  // session_mutex guards the session, which others (progress, credentials) use too.
  SnapshotWriter(Session& session, std::mutex& session_mutex, std::int64_t snapshot_id,
                 std::vector<std::string> types);
  // Stops the writer; batches not flushed are dropped (the snapshot is being discarded).
  ~SnapshotWriter();
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;

  std::int64_t snapshot_id() const { return snapshot_id_; }
  // Checks and queues one object; may be called from several threads. Fails with the first
  // write error, so that the plugin stops.
  Status add(const hsd_object& object);
  // Writes everything queued and waits for it; returns the first write error.
  Status flush();
  std::uint64_t count() const;
  std::map<std::string, std::uint64_t> count_by_type() const;

 private:
  void run();

  Session& session_;
  std::mutex& session_mutex_;
  const std::int64_t snapshot_id_;
  const std::vector<std::string> types_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ObjectRecord> batch_;
  std::deque<std::vector<ObjectRecord>> queue_;
  bool writing_ = false;
  bool stopping_ = false;
  std::optional<Error> error_;
  std::uint64_t count_ = 0;
  std::map<std::string, std::uint64_t> by_type_;
  std::thread thread_;  // last: starts after every member above exists
};

// Makes a finished snapshot the connection's current one, keeping the replaced one and up to
// `keep` earlier ones (retention.snapshots) for comparisons against the connection's past;
// keep 0 replaces as before. A storage plugin older than ABI 1.3 keeps no history: the
// snapshot is activated plainly and a warning says why.
Status activate_keeping_history(Session& session, std::int64_t snapshot_id, std::int64_t keep);

}  // namespace hsd::engine
