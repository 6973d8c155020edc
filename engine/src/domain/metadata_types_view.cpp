#include "metadata_types_view.hpp"

#include <algorithm>

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
  const PluginManifest* manifest = plugin ? &plugin->manifest() : nullptr;
  Poco::JSON::Array::Ptr types = new Poco::JSON::Array;
  if (manifest) {
    for (const auto& info : manifest->object_types) {
      auto stored = std::find_if(counts->begin(), counts->end(),
                                 [&](const MetadataTypeCount& c) { return c.type == info.type; });
      types->add(type_count(info.type, info.label, stored == counts->end() ? 0 : stored->count));
    }
  }
  // Storage hands them back in byte order, which they keep.
  for (const auto& stored : *counts) {
    if (!manifest || !manifest->find_object_type(stored.type)) {
      types->add(type_count(stored.type, stored.type, stored.count));
    }
  }
  JsonObject out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  out->set("types", types);
  out->set("retrieved_at", *when);
  return out;
}

Result<bool> is_metadata_type(Session& session, const JsonObject& connection, const Plugin* plugin,
                              const std::string& type) {
  if (!plugin) return true;
  const auto& declared = plugin->object_types();
  if (std::find(declared.begin(), declared.end(), type) != declared.end()) return true;
  auto stored = session.metadata_types(connection->getValue<std::int64_t>("id"));
  if (!stored) return stored.error();
  return std::any_of(stored->begin(), stored->end(), [&](const MetadataTypeCount& c) { return c.type == type; });
}

}  // namespace hsd::engine
