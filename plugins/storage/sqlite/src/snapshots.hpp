// Metadata snapshots: a retrieval writes a building snapshot page by page, then activates it,
// which removes the previous current snapshot in the same transaction (readers see one or the
// other, never a mix), or discards it, which leaves the current one untouched.
#pragma once

#include <hsd/abi.h>

#include <cstddef>
#include <cstdint>

#include "session.hpp"

namespace hsd::plugins::sqlite {

class Snapshots {
 public:
  static std::int64_t create(Session& session, std::int64_t connection_id);
  static void add_objects(Session& session, std::int64_t snapshot_id, const hsd_object* objects,
                          std::size_t count, std::size_t object_size);
  static void activate(Session& session, std::int64_t snapshot_id);
  static void discard(Session& session, std::int64_t snapshot_id);
};

}  // namespace hsd::plugins::sqlite
