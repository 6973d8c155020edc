#include "engine_catalog.hpp"

namespace hsd::engine {
std::vector<std::string> EngineCatalog::plugin_ids() const {
  std::vector<std::string> ids{"engine"};
  for (const Plugin* p : plugins_.plugins()) ids.push_back(p->id());
  return ids;
}

const ActionInfo* EngineCatalog::find(std::string_view plugin, std::string_view action) const {
  if (plugin == "engine") {
    for (const auto& a : engine_actions()) {
      if (a.name == action) return &a;
    }
    return nullptr;
  }
  const Plugin* p = plugins_.find(plugin);
  return p ? p->find_action(action) : nullptr;
}

std::vector<std::string> EngineCatalog::action_names(std::string_view plugin) const {
  std::vector<std::string> names;
  if (plugin == "engine") {
    for (const auto& a : engine_actions()) names.push_back(a.name);
  } else if (const Plugin* p = plugins_.find(plugin)) {
    for (const auto& a : p->actions()) names.push_back(a.name);
  }
  return names;
}

std::vector<std::string> EngineCatalog::connection_plugin_ids() const {
  std::vector<std::string> ids;
  for (const Plugin* p : plugins_.plugins()) {
    if (p->kind() == "source" || p->kind() == "vcs_target") ids.push_back(p->id());
  }
  return ids;
}

std::string EngineCatalog::plugin_kind(std::string_view plugin) const {
  const Plugin* p = plugins_.find(plugin);
  return p ? p->kind() : std::string();
}

}  // namespace hsd::engine
