// Turns portal structs into the exact JSON HubSpot sends, with a fixed key order, so the same
// seed always gives the same bytes.
#pragma once

#include <string>

#include "portal_model.hpp"

namespace hsd::fakes::detail {

struct SchemaFlags {
  bool properties = true;    // includePropertyDefinitions
  bool associations = true;  // includeAssociationDefinitions
  bool audit = true;         // includeAuditMetadata
};

std::string property_json(const Property& property);
std::string schema_json(const Schema& schema, const SchemaFlags& flags = {});
/** The ApiFlowListing shape GET /automation/v4/flows pages carry. */
std::string flow_listing_json(const Flow& flow);
/** The full ApiFlow shape GET /flows/{id} and batch/read answer. */
std::string flow_json(const Flow& flow);
std::string form_json(const Form& form);

}  // namespace hsd::fakes::detail
