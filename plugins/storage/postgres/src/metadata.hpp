// Reading a connection's current snapshot: a keyset-paged listing ordered by
// (type, external id), one object with its exact bytes, and the count of each type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "records.hpp"
#include "session.hpp"

namespace hsd::plugins::postgres {

class Metadata {
 public:
  // Rows {"type","id","name","hash","snapshot","cursor","data"?}. data is a JSON string
  // holding the object's bytes exactly as stored.
  static hsd_status list(Session& session, std::int64_t connection_id, std::string_view query_json,
                         const RowSink& sink);
  // The same rows and paging for one snapshot, current or kept ('previous'). A missing (or
  // pruned) snapshot is NOT_FOUND naming it; a building one is CONFLICT.
  static hsd_status list_snapshot(Session& session, std::int64_t snapshot_id,
                                  std::string_view query_json, const RowSink& sink);
  static std::string get(Session& session, std::int64_t connection_id, std::string_view type,
                         std::string_view external_id);
  // Rows {"type","count"} of the current snapshot, in type (byte) order.
  static hsd_status types(Session& session, std::int64_t connection_id, const RowSink& sink);
};

}  // namespace hsd::plugins::postgres
