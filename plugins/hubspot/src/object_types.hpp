// The metadata types the plugin retrieves, with the scopes each needs and what a missing
// scope disables, so connect can warn and retrieve can explain what it skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::hubspot {

struct ObjectTypeInfo {
  std::string_view name;          // custom_object_schemas, ...
  std::string_view noun;          // "custom object schemas", for messages
  std::string_view scope;         // the scope we request for it
  std::vector<std::string_view> any_of_scopes;  // HubSpot accepts any one of these
};

const std::vector<ObjectTypeInfo>& object_types();
/** nullptr for an unknown type. */
const ObjectTypeInfo* find_object_type(std::string_view name);

/**
 * Warnings for the types the granted scopes do not cover, e.g. "The portal did not grant
 * automation: workflows cannot be retrieved", plus one per requested scope not granted.
 */
std::vector<std::string> scope_warnings(const std::vector<std::string>& requested,
                                        const std::vector<std::string>& granted);

}  // namespace hsd::plugins::hubspot
