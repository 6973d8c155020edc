// The pipelines' view of what can run: the engine's own actions (engine.*) and every loaded
// plugin's actions.
#pragma once

#include "hsd/engine/pipeline.hpp"
#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

class EngineCatalog final : public ActionCatalog {
 public:
  explicit EngineCatalog(const PluginHost& plugins) : plugins_(plugins) {}
  std::vector<std::string> plugin_ids() const override;
  const ActionInfo* find(std::string_view plugin, std::string_view action) const override;
  std::vector<std::string> action_names(std::string_view plugin) const override;
  std::vector<std::string> connection_plugin_ids() const override;
  std::string plugin_kind(std::string_view plugin) const override;

 private:
  const PluginHost& plugins_;
};

}  // namespace hsd::engine
