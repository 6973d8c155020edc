#include "object_types.hpp"

#include <algorithm>

namespace hsd::plugins::hubspot {

const std::vector<ObjectTypeInfo>& object_types() {
  static const std::vector<ObjectTypeInfo> kTypes = {
      {"custom_object_schemas", "custom object schemas", "crm.schemas.custom.read",
       {"crm.schemas.custom.read", "crm.objects.custom.read"}},
      {"contact_properties", "contact properties", "crm.schemas.contacts.read",
       {"crm.schemas.contacts.read", "crm.objects.contacts.read"}},
      {"deal_properties", "deal properties", "crm.schemas.deals.read",
       {"crm.schemas.deals.read", "crm.objects.deals.read"}},
      {"workflows", "workflows", "automation", {"automation"}},
      {"forms", "forms", "forms", {"forms"}},
  };
  return kTypes;
}

const ObjectTypeInfo* find_object_type(std::string_view name) {
  for (const auto& type : object_types()) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

std::vector<std::string> scope_warnings(const std::vector<std::string>& requested,
                                        const std::vector<std::string>& granted) {
  auto has = [&](std::string_view scope) {
    return std::find(granted.begin(), granted.end(), scope) != granted.end();
  };
  std::vector<std::string> warnings;
  std::vector<std::string_view> explained;
  for (const auto& type : object_types()) {
    if (std::any_of(type.any_of_scopes.begin(), type.any_of_scopes.end(), has)) continue;
    warnings.push_back("The portal did not grant " + std::string(type.scope) + ": " + std::string(type.noun) +
                       " cannot be retrieved");
    explained.push_back(type.scope);
  }
  for (const auto& scope : requested) {
    if (has(scope) || std::find(explained.begin(), explained.end(), scope) != explained.end()) continue;
    std::string what;
    if (scope.find(".write") != std::string::npos) what = ": changes cannot be deployed with it";
    warnings.push_back("The portal did not grant " + scope + what);
  }
  return warnings;
}

}  // namespace hsd::plugins::hubspot
