// Builds the portal from (seed, sizes, revision). Revision 0 is the base portal; each later
// revision applies one deterministic round of edits on top of the previous one (relabels,
// additions, removals), so a second retrieval after change_portal() sees real differences.
#pragma once

#include <cstdint>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_model.hpp"

namespace hsd::fakes::detail {

Portal generate_portal(std::uint64_t seed, const PortalSizes& sizes, std::uint64_t hub_id, int revision);

}  // namespace hsd::fakes::detail
