// The plugin library's entry: the descriptor and a thin class that builds the Connector from
// the configuration, with the real clock and the libgit2 backup writer, and hands every
// action to it. Everything else lives in hsd_github_core so the unit tests run the same code.
#include "backup/backup.hpp"
#include "backup/read_backup.hpp"
#include "config.hpp"
#include "connector.hpp"
#include "plugin_descriptor.hpp"

#include <hsd/sdk.hpp>

#include <memory>

namespace hsd::plugins::github {

class GitHubPlugin {
 public:
  explicit GitHubPlugin(Config config)
      : connector_(std::move(config), std::make_shared<support::SystemClock>(), &backup::write_backup,
                   &backup::read_backup) {}

  static hsd::sdk::Result<std::unique_ptr<GitHubPlugin>> create(hsd::sdk::Context&, std::string_view config_json) {
    auto config = parse_config(config_json);
    if (!config) return config.failure();
    return std::make_unique<GitHubPlugin>(std::move(*config));
  }

  hsd::sdk::Status invoke(hsd::sdk::Context& context, std::string_view action, std::string_view input_json) {
    return connector_.invoke(context, action, input_json);
  }

 private:
  Connector connector_;
};

}  // namespace hsd::plugins::github

HSD_DECLARE_PLUGIN(hsd::plugins::github::GitHubPlugin, hsd::plugins::github::kPluginId,
                   hsd::plugins::github::kPluginVersion, hsd::plugins::github::kPluginKind,
                   hsd::plugins::github::kPluginDescription, hsd::plugins::github::kActions,
                   hsd::sdk::no_object_types, hsd::plugins::github::kManifest)
