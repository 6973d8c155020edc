// The job queue: enqueue (once per identity), claims under leases, heartbeat and finish (only
// for the lease holder), and waiting for a job to become claimable. A claim locks the row it
// takes (FOR UPDATE SKIP LOCKED) and its connection, so two processes never claim one job nor
// start two jobs of one connection. A new or finished job is announced with NOTIFY hsd_jobs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::postgres {

// The channel of job_enqueue's and job_finish's NOTIFY, which job_wait LISTENs on.
inline constexpr const char* kJobsChannel = "hsd_jobs";

class Jobs {
 public:
  // Queues record_json (a jobs record) unless an identical job (the same connection_id,
  // pipeline and params text) is in one of unless_states_json's states ("queued", "running"
  // under a live lease); the row {"job": row, "joined": bool}. Atomic across processes.
  static std::string enqueue(Session& session, std::string_view record_json,
                             std::string_view unless_states_json);
  // Waits up to timeout_ms for a NOTIFY hsd_jobs (true), checking cancelled() every 250 ms at
  // most (then StorageError CANCELLED). The session LISTENs from its first wait on; true, too,
  // when its connection was replaced since (a notification may have been missed).
  static bool wait(Session& session, std::int64_t timeout_ms, const std::function<bool()>& cancelled);
  // The claimed job's row; StorageError(NOT_FOUND) when no job is runnable at now_ms.
  static std::string claim(Session& session, std::string_view worker_id, std::int64_t now_ms,
                           std::int64_t lease_ms);
  static void heartbeat(Session& session, std::int64_t job_id, std::string_view worker_id,
                        std::int64_t now_ms, std::int64_t lease_ms);
  static void finish(Session& session, std::int64_t job_id, std::string_view worker_id,
                     std::string_view state, std::string_view result_json);
};

}  // namespace hsd::plugins::postgres
