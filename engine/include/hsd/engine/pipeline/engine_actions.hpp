// The engine's own actions (engine.*) as pipelines see them: names, parameters, defaults.
// The engine's step executor implements them; the validator and the tests read this table.
#pragma once

#include <vector>

#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {

const std::vector<ActionInfo>& engine_actions();

}  // namespace hsd::engine
