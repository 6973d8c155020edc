// A connection's snapshot history as GET /api/v1/connections/{id}/snapshots and
// `hsdeploy connections snapshots` show it: its current snapshot, the earlier ones it keeps
// (retention.snapshots) and one still building, newest first, with their object counts. The ids
// are the ones a comparison names (`prod@ID`).
#pragma once

#include <cstdint>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// [{"id", "state": "building"|"current"|"previous", "object_count", "created_at",
//   "completed_at"}], times ISO 8601 (completed_at null while building).
Result<Poco::JSON::Array::Ptr> snapshot_history(Session& session, std::int64_t connection_id);

}  // namespace hsd::engine
