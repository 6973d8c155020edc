// SnapshotWriter takes the objects a retrieval emits, checks them, and writes them to the
// building snapshot in batches, one transaction per batch, so memory stays flat whatever
// the portal's size.
#pragma once

#include <hsd/abi.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hsd/engine/storage.hpp"

namespace hsd::engine {

class SnapshotWriter {
 public:
  static constexpr std::size_t kBatchSize = 500;

  SnapshotWriter(Session& session, std::int64_t snapshot_id, std::vector<std::string> types)
      : session_(session), snapshot_id_(snapshot_id), types_(std::move(types)) {}

  std::int64_t snapshot_id() const { return snapshot_id_; }
  // Checks and buffers one object; writes a batch when full.
  Status add(const hsd_object& object);
  Status flush();
  std::uint64_t count() const { return count_; }
  const std::map<std::string, std::uint64_t>& count_by_type() const { return by_type_; }

 private:
  Session& session_;
  std::int64_t snapshot_id_;
  std::vector<std::string> types_;
  std::vector<ObjectRecord> batch_;
  std::uint64_t count_ = 0;
  std::map<std::string, std::uint64_t> by_type_;
};

}  // namespace hsd::engine
