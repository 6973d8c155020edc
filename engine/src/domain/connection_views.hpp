// Connections as the API and the CLI show them: connection_view plus their last retrieval, their
// drift warnings and, while pending, their place in the queue. One connection at a time (show,
// create, rename) or a whole list with a few reads for all of it.
#pragma once

#include <cstdint>
#include <vector>

#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// connection_view plus `last_retrieval` (last_retrieval_view, or null), `drift` (drift_warnings:
// its watches in drift; empty for a VCS connection) and, while the connection is pending, `queue`
// (queue_info). About three reads.
Result<JsonObject> connection_with_queue(Session& session, const JsonObject& row, std::int64_t now = now_ms());

// connection_with_queue of each row, in the same order and with the same JSON, from reads for the
// whole list rather than per connection: per workspace, its succeeded retrievals newest first (a
// few pages at most) and its drifting watches; and the queue once when a connection is pending.
Result<std::vector<JsonObject>> connections_with_queue(Session& session, const std::vector<JsonObject>& rows,
                                                       std::int64_t now = now_ms());

}  // namespace hsd::engine
