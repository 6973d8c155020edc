// Which scopes each resource needs (any-of lists, as HubSpot's MISSING_SCOPES reports them).
#pragma once

#include <string>
#include <vector>

namespace hsd::fakes::detail {

bool has_any_scope(const std::vector<std::string>& held, const std::vector<std::string>& any_of);

std::vector<std::string> schema_scopes();
/** Reading properties of an object type: contacts, deals or a custom objectTypeId (2-...). */
std::vector<std::string> property_scopes(const std::string& object_type_id);
/** dataSensitivity=sensitive|highly_sensitive on contacts/deals/custom objects. */
std::vector<std::string> sensitive_property_scopes(const std::string& object_type_id,
                                                   const std::string& sensitivity);
std::vector<std::string> flow_scopes();
std::vector<std::string> form_scopes();

}  // namespace hsd::fakes::detail
