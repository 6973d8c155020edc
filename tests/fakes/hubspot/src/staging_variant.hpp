// The staging variant: the default portal as another HubSpot account would hold it, plus a
// known set of real differences. What makes it "another account" (ids, hub id, times, users,
// the order of arrays that match by key) must not count as a difference under HubSpot's
// compare rules; what is planted must, and is returned so tests compare against it.
#pragma once

#include <cstdint>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_model.hpp"

namespace hsd::fakes::detail {

/** Turns `portal` (the default portal of seed/sizes at some revision) into the staging one and
 *  returns what it planted. invalid_argument when the sizes leave too few objects to plant on. */
std::vector<PlantedDifference> make_staging(Portal& portal, std::uint64_t seed, std::uint64_t hub_id,
                                            const PortalSizes& sizes);

}  // namespace hsd::fakes::detail
