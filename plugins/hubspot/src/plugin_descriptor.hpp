// What the plugin declares to the engine: its actions with their parameters, and the
// metadata types retrieve emits.
#pragma once

#include <hsd/abi.h>

#include <cstddef>

namespace hsd::plugins::hubspot {

extern const hsd_action_desc kActions[5];
extern const char* const kObjectTypes[5];

inline constexpr const char* kPluginId = "hubspot";
inline constexpr const char* kPluginVersion = "0.1.0";
inline constexpr const char* kPluginKind = "source";
inline constexpr const char* kPluginDescription =
    "HubSpot portal metadata: custom object schemas, contact and deal properties, workflows, forms";

}  // namespace hsd::plugins::hubspot
