// The plugin library's entry: the descriptor (actions, object types) and a thin class that
// builds the Connector from the configuration and hands every action to it. Everything else
// lives in hsd_hubspot_core so the unit tests run the same code.
#include "config.hpp"
#include "connector.hpp"
#include "plugin_descriptor.hpp"

#include <hsd/sdk.hpp>

#include <memory>

namespace hsd::plugins::hubspot {

class HubSpotPlugin {
 public:
  explicit HubSpotPlugin(Config config) : connector_(std::move(config), std::make_shared<support::SystemClock>()) {}

  static hsd::sdk::Result<std::unique_ptr<HubSpotPlugin>> create(hsd::sdk::Context&, std::string_view config_json) {
    auto config = parse_config(config_json);
    if (!config) return config.failure();
    return std::make_unique<HubSpotPlugin>(std::move(*config));
  }

  hsd::sdk::Status invoke(hsd::sdk::Context& context, std::string_view action, std::string_view input_json) {
    return connector_.invoke(context, action, input_json);
  }

 private:
  Connector connector_;
};

}  // namespace hsd::plugins::hubspot

HSD_DECLARE_PLUGIN(hsd::plugins::hubspot::HubSpotPlugin, hsd::plugins::hubspot::kPluginId,
                   hsd::plugins::hubspot::kPluginVersion, hsd::plugins::hubspot::kPluginKind,
                   hsd::plugins::hubspot::kPluginDescription, hsd::plugins::hubspot::kActions,
                   hsd::plugins::hubspot::kObjectTypes, hsd::plugins::hubspot::kManifest)
