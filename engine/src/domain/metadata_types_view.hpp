// A connection's metadata types as the explorer lists them (GET .../metadata/types and
// `hsdeploy metadata types`): every type the plugin declares, in its order, with its label and
// how many objects of it the current snapshot holds (0 when none); then any type storage holds
// that the plugin does not declare (an older version of it wrote them), under its own id, so
// that no stored object is out of reach. Also when the current snapshot was written.
#pragma once

#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"
#include "json_util.hpp"

namespace hsd::engine {

// {"types": [{"type", "label", "count"}], "retrieved_at": ISO 8601 | null}. plugin: the
// connection's plugin, null when it is not loaded (then only what storage holds is listed).
Result<JsonObject> metadata_types_view(Session& session, const JsonObject& connection, const Plugin* plugin);

// Whether the connection's metadata can be asked for by type: a type its plugin declares, one
// its current snapshot holds (an older version of the plugin wrote it, and the view above lists
// it), or any type when the plugin is not loaded (null).
Result<bool> is_metadata_type(Session& session, const JsonObject& connection, const Plugin* plugin,
                              const std::string& type);

}  // namespace hsd::engine
