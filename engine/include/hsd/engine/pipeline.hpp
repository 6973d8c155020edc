// Pipelines: YAML files under config/pipelines that say which plugin and engine actions run,
// in which order, for a connection (connect, retrieve, refresh, delete). This header brings in
// the whole subsystem: the model, the loader, the validator and the runner.
#pragma once

#include "hsd/engine/pipeline/action_catalog.hpp"
#include "hsd/engine/pipeline/engine_actions.hpp"
#include "hsd/engine/pipeline/pipeline_loader.hpp"
#include "hsd/engine/pipeline/pipeline_model.hpp"
#include "hsd/engine/pipeline/pipeline_runner.hpp"
#include "hsd/engine/pipeline/pipeline_validator.hpp"
