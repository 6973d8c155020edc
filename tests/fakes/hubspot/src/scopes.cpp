#include "scopes.hpp"

#include <algorithm>

namespace hsd::fakes::detail {
namespace {

std::string object_word(const std::string& object_type_id) {
  if (object_type_id == "0-1") return "contacts";
  if (object_type_id == "0-3") return "deals";
  return "custom";
}

}  // namespace

bool has_any_scope(const std::vector<std::string>& held, const std::vector<std::string>& any_of) {
  return std::any_of(any_of.begin(), any_of.end(), [&](const std::string& s) {
    return std::find(held.begin(), held.end(), s) != held.end();
  });
}

std::vector<std::string> schema_scopes() { return {"crm.schemas.custom.read", "crm.objects.custom.read"}; }

std::vector<std::string> property_scopes(const std::string& object_type_id) {
  const std::string word = object_word(object_type_id);
  return {"crm.schemas." + word + ".read", "crm.objects." + word + ".read"};
}

std::vector<std::string> sensitive_property_scopes(const std::string& object_type_id,
                                                   const std::string& sensitivity) {
  const std::string word = object_word(object_type_id);
  if (sensitivity == "highly_sensitive") return {"crm.objects." + word + ".highly_sensitive.read.v2"};
  return {"crm.objects." + word + ".sensitive.read.v2", "crm.objects." + word + ".highly_sensitive.read.v2"};
}

std::vector<std::string> flow_scopes() { return {"automation"}; }
std::vector<std::string> form_scopes() { return {"forms"}; }

}  // namespace hsd::fakes::detail
