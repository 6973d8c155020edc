// A share of the portal's objects changed in a way that counts as a difference under HubSpot's
// compare rules (a description or a form's submit text), so that two fakes of the same seed
// (one with FakeHubSpotOptions::change_percent) make the "1% changed" pair bench/compare reads.
#pragma once

#include <cstdint>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_model.hpp"

namespace hsd::fakes::detail {

/** Changes round(percent % of the candidates) objects, picked by `seed`, and returns them as
 *  kChanged differences. Candidates: every object a retrieval can store (schemas, properties
 *  archived and sensitive ones included, flows, forms not archived) whose key `already` does
 *  not name (a variant's planted objects stay as planted). invalid_argument outside [0, 100]. */
std::vector<PlantedDifference> change_share(Portal& portal, std::uint64_t seed, double percent,
                                            const std::vector<PlantedDifference>& already);

}  // namespace hsd::fakes::detail
