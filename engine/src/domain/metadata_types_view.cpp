#include "metadata_types_view.hpp"

namespace hsd::engine {
namespace {

// When the connection's current snapshot was written (null before the first retrieval).
Result<Poco::Dynamic::Var> retrieved_at(Session& session, const JsonObject& connection) {
  if (!connection->has("current_snapshot_id") || connection->isNull("current_snapshot_id")) {
    return Poco::Dynamic::Var();
  }
  auto snapshot = session.get("snapshots", connection->getValue<std::int64_t>("current_snapshot_id"));
  if (!snapshot) return snapshot.error();
  auto completed = time_or_null(*snapshot, "completed_at");
  return completed.isEmpty() ? time_or_null(*snapshot, "created_at") : completed;
}

JsonObject type_count(const std::string& type, const std::string& label, std::int64_t count) {
  JsonObject item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  item->set("type", type);
  item->set("label", label);
  item->set("count", count);
  return item;
}

}  // namespace

Result<JsonObject> metadata_types_view(Session& session, const JsonObject& connection, const Plugin* plugin) {
  const auto connection_id = connection->getValue<std::int64_t>("id");
  auto counts = session.metadata_types(connection_id);
  if (!counts) return counts.error();
  auto when = retrieved_at(session, connection);
  if (!when) return when.error();
  Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
  std::vector<bool> listed(counts->size(), false);
  if (plugin) {
    for (const auto& info : plugin->manifest().object_types) {
      std::int64_t count = 0;
      for (std::size_t i = 0; i < counts->size(); ++i) {
        if ((*counts)[i].type != info.type) continue;
        count = (*counts)[i].count;
        listed[i] = true;
      }
      types->add(type_count(info.type, info.label, count));
    }
  }
  // Storage hands them back in byte order, which they keep.
  for (std::size_t i = 0; i < counts->size(); ++i) {
    if (!listed[i]) types->add(type_count((*counts)[i].type, (*counts)[i].type, (*counts)[i].count));
  }
  JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("types", types);
  out->set("retrieved_at", *when);
  return out;
}

}  // namespace hsd::engine
