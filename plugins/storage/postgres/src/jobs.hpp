// The job queue's leases. A claim is one UPDATE ... RETURNING inside BEGIN IMMEDIATE, so two
// processes never claim the same job; heartbeat and finish succeed only for the lease holder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::postgres {

class Jobs {
 public:
  // The claimed job's row; StorageError(NOT_FOUND) when no job is runnable at now_ms.
  static std::string claim(Session& session, std::string_view worker_id, std::int64_t now_ms,
                           std::int64_t lease_ms);
  static void heartbeat(Session& session, std::int64_t job_id, std::string_view worker_id,
                        std::int64_t now_ms, std::int64_t lease_ms);
  static void finish(Session& session, std::int64_t job_id, std::string_view worker_id,
                     std::string_view state, std::string_view result_json);
};

}  // namespace hsd::plugins::postgres
