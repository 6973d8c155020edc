// The job queue: enqueueing unless an identical job waits, and leases. An enqueue and a claim
// each run inside BEGIN IMMEDIATE, which serialises writers across processes: two enqueues of
// one job make one, and two processes never claim the same job; heartbeat and finish succeed
// only for the lease holder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::sqlite {

class Jobs {
 public:
  // {"job": row, "joined": bool}: the oldest identical job (same connection_id, pipeline and
  // params text) in one of unless_states_json's states ("queued", "running" with a live
  // lease), or the job inserted from record_json when there is none.
  static std::string enqueue(Session& session, std::string_view record_json,
                             std::string_view unless_states_json);
  // The claimed job's row; StorageError(NOT_FOUND) when no job is runnable at now_ms, and
  // UNSUPPORTED when the database schema is newer than the plugin.
  static std::string claim(Session& session, std::string_view worker_id, std::int64_t now_ms,
                           std::int64_t lease_ms);
  static void heartbeat(Session& session, std::int64_t job_id, std::string_view worker_id,
                        std::int64_t now_ms, std::int64_t lease_ms);
  static void finish(Session& session, std::int64_t job_id, std::string_view worker_id,
                     std::string_view state, std::string_view result_json);
};

}  // namespace hsd::plugins::sqlite
