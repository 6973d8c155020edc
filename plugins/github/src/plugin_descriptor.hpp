// What the plugin declares to the engine: its actions with their parameters and its manifest.
// A VCS target emits no metadata objects.
#pragma once

#include <hsd/abi.h>

namespace hsd::plugins::github {

inline constexpr int kActionCount = 9;
extern const hsd_action_desc kActions[kActionCount];
// Display name, noun, auth types and token shapes (ABI 1.2 manifest).
extern const char* const kManifest;

inline constexpr const char* kPluginId = "github";
inline constexpr const char* kPluginVersion = "0.1.0";
inline constexpr const char* kPluginKind = "vcs_target";
inline constexpr const char* kPluginDescription =
    "GitHub repositories as backup targets: OAuth (web with PKCE, device) or token connections, repository checks, "
    "one commit per backup";

}  // namespace hsd::plugins::github
