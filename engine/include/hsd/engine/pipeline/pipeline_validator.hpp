// Checks a parsed pipeline against the plugins and actions that exist: `uses` targets,
// `with` parameters (unknown, missing, type), and every ${...} reference (root, step, order,
// ${error.*} scope). Messages have the loader's one-line format.
#pragma once

#include <vector>

#include "hsd/engine/pipeline/action_catalog.hpp"
#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/result.hpp"

namespace hsd::engine {

std::vector<Error> validate_pipeline(const Pipeline& pipeline, const ActionCatalog& catalog);

}  // namespace hsd::engine
