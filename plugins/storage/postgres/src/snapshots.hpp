// Metadata snapshots: a retrieval writes a building snapshot page by page, then activates it,
// which removes the previous current snapshot in the same transaction (readers see one or the
// other, never a mix) or keeps it as 'previous' (activate_keeping, pruning beyond the last N),
// or discards it, which leaves the current one untouched.
#pragma once

#include <hsd/abi.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::postgres {

class Snapshots {
 public:
  static std::int64_t create(Session& session, std::int64_t connection_id);
  static void add_objects(Session& session, std::int64_t snapshot_id, const hsd_object* objects,
                          std::size_t count, std::size_t object_size);
  static void activate(Session& session, std::int64_t snapshot_id);
  // activate, but the previous current snapshot is kept as 'previous' and the connection's
  // kept snapshots beyond the newest `keep` are pruned oldest first, skipping pinned ones.
  static void activate_keeping(Session& session, std::int64_t snapshot_id, std::int64_t keep);
  // A reader's claim against pruning until until_ms (storage clock); unpin ends it early.
  static void pin(Session& session, std::int64_t snapshot_id, std::string_view holder,
                  std::int64_t until_ms);
  static void unpin(Session& session, std::int64_t snapshot_id, std::string_view holder);
  static void discard(Session& session, std::int64_t snapshot_id);
};

}  // namespace hsd::plugins::postgres
