#include <Poco/JSON/Object.h>

#include "hsd/engine/config.hpp"
#include "yaml_json.hpp"

namespace hsd::engine {

std::string EngineConfig::storage_json() const {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  object->set("plugin", storage.plugin);
  object->set("path", storage.path.string());
  object->set("dsn", storage.dsn);
  if (storage.pool_size > 0) object->set("pool_size", storage.pool_size);
  object->set("migrate", storage.migrate);
  return detail::json_text(object);
}

std::string EngineConfig::plugin_config_json(const std::string& plugin_id) const {
  if (plugin_id == storage.plugin) return storage_json();
  auto it = connectors.find(plugin_id);
  return it == connectors.end() ? std::string("{}") : it->second;
}

}  // namespace hsd::engine
