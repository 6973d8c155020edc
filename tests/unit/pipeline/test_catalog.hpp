// The catalog the pipeline tests validate against: the engine's own actions plus fake
// plugins: `fakesrc` (a source), `fakevcs` (a VCS target) and `tools` (not a connection
// plugin, with one parameter of every type).
#pragma once

#include "hsd/engine/pipeline.hpp"

namespace hsd::engine::test {

ParamInfo param(std::string name, std::string type, bool required = false,
                std::string default_json = {});

StaticActionCatalog make_test_catalog();

}  // namespace hsd::engine::test
