// The benchmark's snapshot: HubSpot-like metadata objects (contact and deal properties,
// workflows, forms, custom object schemas) with the names, labels and ids a real portal has
// ("hs_lead_status" / "Lead Status", flow "585051946" / "Marketing - Nurture Webinar
// Attendees EMEA"), and compact JSON bodies in the shape the API sends. Deterministic for a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hsd::bench {

struct CorpusObject {
  std::string type;
  std::string id;
  std::string name;
  std::string data;
};

// n objects split over the five types in a large portal's proportions, in (type, id) order.
std::vector<CorpusObject> make_corpus(std::size_t n, std::uint64_t seed);

}  // namespace hsd::bench
