// Builds the portal from (seed, sizes, revision). Revision 0 is the base portal; each later
// revision applies one deterministic round of edits on top of the previous one (relabels,
// additions, removals), so a second retrieval after change_portal() sees real differences.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_model.hpp"
#include "prng.hpp"

namespace hsd::fakes::detail {

Portal generate_portal(std::uint64_t seed, const PortalSizes& sizes, std::uint64_t hub_id, int revision);

/** A portal of a variant and the differences it planted against the default one. */
struct GeneratedPortal {
  Portal portal;
  std::vector<PlantedDifference> planted;
};

/** The default portal (nothing planted), or the staging one built from it (staging_variant.hpp);
 *  then `change_percent` % of its objects changed (changed_share.hpp), listed as planted too. */
GeneratedPortal generate_portal(std::uint64_t seed, const PortalSizes& sizes, std::uint64_t hub_id, int revision,
                                PortalVariant variant, double change_percent = 0.0);

// The generator's building blocks, for variants that add objects shaped like the rest.
Property make_property(Prng& rng, const std::string& prefix, int index, const std::string& group,
                       const PortalSizes& sizes);
Schema make_schema(std::uint64_t seed, std::uint64_t hub_id, int index, const PortalSizes& sizes);
Flow make_flow(std::uint64_t seed, int index, std::string id, const std::vector<Property>& contact_props);
Form make_form(std::uint64_t seed, int index);

}  // namespace hsd::fakes::detail
