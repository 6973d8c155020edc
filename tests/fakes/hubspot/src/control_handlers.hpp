// POST/GET /__fake/...: drives the fake from scripts and the standalone binary (faults,
// portal changes, token revocation, statistics, the expected objects). JSON in, JSON out.
#pragma once

#include "router.hpp"

namespace hsd::fakes::detail {

void add_control_routes(Router& router);

/** The expected objects as {"revision":N,"objects":[{"type","id","name","json"}]}. */
std::string expected_json(int revision, const std::vector<ExpectedObject>& objects);
/** The planted differences as [{"type","key","kind","paths"?}] (paths only when planted). */
std::string planted_json(const std::vector<PlantedDifference>& planted);
std::string stats_json(const FakeStats& stats);
FaultKind parse_fault_kind(const std::string& text);  // throws std::invalid_argument

}  // namespace hsd::fakes::detail
