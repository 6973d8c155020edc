// A connection plugin as people and user interfaces see it (GET /api/v1/plugins): its kind,
// names, the parameters of a direct connect with their types and flags, the flows it offers,
// its auth types and object types (with their labels and summary fields), so that a form can be built for a plugin nobody wrote a
// page for.
#pragma once

#include "hsd/engine/config.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// Each metadata type carries the compare rules in force: the manifest's with the operator's
// compare.rules merged on.
JsonObject plugin_view(const Plugin& plugin, const EngineConfig& config);

}  // namespace hsd::engine
