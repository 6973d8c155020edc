// The job queue read once (every queued and every running job), from which queue_info's answer
// for any connection follows without further reads: one read for a whole page of connections
// instead of one per pending connection.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

class QueueSnapshot {
 public:
  // Two finds: the queued jobs and the running ones. now: the instant places and waits are
  // counted at.
  static Result<QueueSnapshot> read(Session& session, std::int64_t now);

  // Why the connection waits (queue_info's view): its oldest queued job, its place among the
  // jobs a worker could claim at now, how long it has waited, when a retry may run and the
  // connection's running job it waits behind. None when nothing is queued for it.
  std::optional<JsonObject> info(std::int64_t connection_id) const;

 private:
  std::int64_t now_ = 0;
  std::map<std::int64_t, JsonObject> oldest_queued_;      // by connection
  std::map<std::int64_t, std::int64_t> oldest_running_;   // by connection: the job's id
  std::vector<std::int64_t> ready_;                        // claimable at now, ascending ids
};

}  // namespace hsd::engine
