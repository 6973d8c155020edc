// What deleting a connection would remove (the cascade of Session::delete_connection, see
// sdk/STORAGE.md), counted before anyone confirms it: the UI's delete dialog lists these.
#pragma once

#include <cstdint>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// {"metadata_objects", "snapshots", "comparisons", "backup_configs", "backup_runs",
// "deployments", "repositories", "jobs", "watches"}: counts of the connection's rows in each.
// Metadata objects are those of its snapshots (the current one and any being built);
// comparisons and watches are those that use it on either side or read one of its
// repositories, watches also those against a backup configuration that goes with it.
Result<JsonObject> deletion_impact(Session& session, std::int64_t connection_id);

// What removing a repository takes with it (remove_repository): {"comparisons" (reading a
// backup from it on either side), "watches" (against it or a backup into it), "backup_configs"
// (writing to it: while there are any, removal is refused)}.
Result<JsonObject> repository_deletion_impact(Session& session, std::int64_t repository_id);

}  // namespace hsd::engine
