// The control endpoints under /__fake/ (no auth, not counted in stats): JSON in, JSON out,
// 400 {"error"} for bad input. README.md lists them.
#pragma once

#include "router.hpp"

namespace hsd::fakes::github_detail {

void add_control_routes(Router& router);
std::string stats_json(const FakeGitHubStats& stats);

}  // namespace hsd::fakes::github_detail
