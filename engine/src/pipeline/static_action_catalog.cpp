#include "hsd/engine/pipeline/action_catalog.hpp"

namespace hsd::engine {

StaticActionCatalog& StaticActionCatalog::add_plugin(std::string id,
                                                     std::vector<ActionInfo> actions,
                                                     bool serves_connections) {
  plugins_[std::move(id)] = Entry{std::move(actions), serves_connections, {}};
  return *this;
}

StaticActionCatalog& StaticActionCatalog::set_kind(std::string_view id, std::string kind) {
  if (auto found = plugins_.find(id); found != plugins_.end()) found->second.kind = std::move(kind);
  return *this;
}

std::string StaticActionCatalog::plugin_kind(std::string_view plugin) const {
  const auto found = plugins_.find(plugin);
  return found == plugins_.end() ? std::string() : found->second.kind;
}

std::vector<std::string> StaticActionCatalog::plugin_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, entry] : plugins_) ids.push_back(id);
  return ids;
}

const ActionInfo* StaticActionCatalog::find(std::string_view plugin,
                                            std::string_view action) const {
  const auto found = plugins_.find(plugin);
  if (found == plugins_.end()) return nullptr;
  for (const auto& info : found->second.actions) {
    if (info.name == action) return &info;
  }
  return nullptr;
}

std::vector<std::string> StaticActionCatalog::action_names(std::string_view plugin) const {
  std::vector<std::string> names;
  const auto found = plugins_.find(plugin);
  if (found == plugins_.end()) return names;
  for (const auto& info : found->second.actions) names.push_back(info.name);
  return names;
}

std::vector<std::string> StaticActionCatalog::connection_plugin_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, entry] : plugins_) {
    if (entry.serves_connections) ids.push_back(id);
  }
  return ids;
}

}  // namespace hsd::engine
