#include "snapshot_history.hpp"

#include <Poco/JSON/Array.h>

namespace hsd::engine {

Result<Poco::JSON::Array::Ptr> snapshot_history(Session& session, std::int64_t connection_id) {
  // Ids grow with time, so id order is creation order; a connection keeps at most
  // retention.snapshots + 2 rows, so one read without paging holds them all.
  Query query;
  query.where.set("connection_id", connection_id);
  query.descending = true;
  auto rows = session.find("snapshots", query);
  if (!rows) return rows.error();
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& row : *rows) {
    JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    item->set("id", row->getValue<std::int64_t>("id"));
    item->set("state", row->getValue<std::string>("state"));
    item->set("object_count", row->getValue<std::int64_t>("object_count"));
    item->set("created_at", time_or_null(row, "created_at"));
    item->set("completed_at", time_or_null(row, "completed_at"));
    out->add(item);
  }
  return out;
}

}  // namespace hsd::engine
