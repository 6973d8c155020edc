// What the validator needs to know about plugins and their actions, without depending on the
// plugin host: the engine implements ActionCatalog over its loaded plugins plus its own
// engine.* actions; tests use StaticActionCatalog.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

class ActionCatalog {
 public:
  virtual ~ActionCatalog() = default;
  /** Every plugin id that `uses:` may name, including "engine". */
  virtual std::vector<std::string> plugin_ids() const = 0;
  /** The action, or nullptr when the plugin or the action is unknown. */
  virtual const ActionInfo* find(std::string_view plugin, std::string_view action) const = 0;
  /** The action names of a plugin (empty for an unknown plugin). */
  virtual std::vector<std::string> action_names(std::string_view plugin) const = 0;
  /** Plugins that can serve a connection (kind source or vcs_target), for ${connection.plugin}. */
  virtual std::vector<std::string> connection_plugin_ids() const = 0;
  /** A plugin's kind ("source", "vcs_target", "storage"); empty when not known. */
  virtual std::string plugin_kind(std::string_view) const { return {}; }
};

/** A catalog built from plain maps: plugin id -> its actions. */
class StaticActionCatalog final : public ActionCatalog {
 public:
  StaticActionCatalog() = default;

  /** Adds (or replaces) a plugin; connection plugins can serve ${connection.plugin}. */
  StaticActionCatalog& add_plugin(std::string id, std::vector<ActionInfo> actions,
                                  bool serves_connections);
  /** Records a plugin's kind (for pipelines that say `for:`). */
  StaticActionCatalog& set_kind(std::string_view id, std::string kind);

  std::vector<std::string> plugin_ids() const override;
  const ActionInfo* find(std::string_view plugin, std::string_view action) const override;
  std::vector<std::string> action_names(std::string_view plugin) const override;
  std::vector<std::string> connection_plugin_ids() const override;
  std::string plugin_kind(std::string_view plugin) const override;

 private:
  struct Entry {
    std::vector<ActionInfo> actions;
    bool serves_connections = false;
    std::string kind;
  };
  std::map<std::string, Entry, std::less<>> plugins_;
};

}  // namespace hsd::engine
