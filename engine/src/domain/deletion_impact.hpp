// What deleting a connection would remove (the cascade of Session::delete_connection, see
// sdk/STORAGE.md), counted before anyone confirms it: the UI's delete dialog lists these.
#pragma once

#include <cstdint>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// {"metadata_objects", "snapshots", "comparisons", "backup_configs", "backup_runs",
// "deployments", "repositories", "jobs"}: counts of the connection's rows in each. Metadata
// objects are those of its snapshots (the current one and any being built).
Result<JsonObject> deletion_impact(Session& session, std::int64_t connection_id);

}  // namespace hsd::engine
