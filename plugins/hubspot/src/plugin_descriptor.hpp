// What the plugin declares to the engine: its actions with their parameters, the metadata
// types retrieve emits, and its manifest.
#pragma once

#include <hsd/abi.h>

#include <cstddef>

namespace hsd::plugins::hubspot {

extern const hsd_action_desc kActions[5];
extern const char* const kObjectTypes[5];
// Display name, noun, auth types and token shape (ABI 1.2 manifest).
extern const char* const kManifest;

inline constexpr const char* kPluginId = "hubspot";
inline constexpr const char* kPluginVersion = "0.1.0";
inline constexpr const char* kPluginKind = "source";
inline constexpr const char* kPluginDescription =
    "HubSpot portal metadata: custom object schemas, contact and deal properties, workflows, forms";

}  // namespace hsd::plugins::hubspot
