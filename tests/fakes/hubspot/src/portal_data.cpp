#include "portal_data.hpp"

#include "portal_generator.hpp"
#include "portal_serializer.hpp"
#include "scopes.hpp"

namespace hsd::fakes::detail {
namespace {

PropertySet split_properties(const std::vector<Property>& props, std::string scope_object) {
  PropertySet set;
  set.sensitive_scope_object = std::move(scope_object);
  for (const auto& p : props) {
    ObjectText text{p.name, p.label, property_json(p)};
    if (p.archived)
      set.archived.push_back(std::move(text));
    else if (p.data_sensitivity == "sensitive")
      set.sensitive.push_back(std::move(text));
    else if (p.data_sensitivity == "highly_sensitive")
      set.highly_sensitive.push_back(std::move(text));
    else
      set.active.push_back(std::move(text));
  }
  return set;
}

void append(std::vector<ExpectedObject>& out, const std::string& type, const std::vector<ObjectText>& texts) {
  for (const auto& t : texts) out.push_back({type, t.id, t.name, t.json});
}

}  // namespace

std::shared_ptr<const PortalData> PortalData::build(std::uint64_t seed, const PortalSizes& sizes,
                                                    std::uint64_t hub_id, int revision, PortalVariant variant,
                                                    double change_percent) {
  auto data = std::make_shared<PortalData>();
  auto generated = generate_portal(seed, sizes, hub_id, revision, variant, change_percent);
  data->portal_ = std::move(generated.portal);
  data->planted_ = std::move(generated.planted);
  const Portal& portal = data->portal_;
  for (const auto& s : portal.schemas) {
    data->schemas_.push_back({s.id, s.name, schema_json(s)});
    data->properties_[s.object_type_id] = split_properties(s.properties, "");
  }
  data->properties_["0-1"] = split_properties(portal.contact_properties, "contacts");
  data->properties_["0-3"] = split_properties(portal.deal_properties, "deals");
  for (const auto& f : portal.flows) {
    data->flow_index_[f.id] = data->flows_full_.size();
    data->flow_listings_.push_back({f.id, f.name, flow_listing_json(f)});
    data->flows_full_.push_back({f.id, f.name, flow_json(f)});
  }
  for (const auto& f : portal.forms) {
    data->form_index_[f.id] = data->forms_.size();
    data->forms_.push_back({f.form_type, f.archived, {f.id, f.name, form_json(f)}});
  }
  return data;
}

std::optional<std::string> PortalData::object_type_id(const std::string& object_type) const {
  if (object_type == "contacts" || object_type == "contact" || object_type == "0-1") return "0-1";
  if (object_type == "deals" || object_type == "deal" || object_type == "0-3") return "0-3";
  for (const auto& s : portal_.schemas) {
    if (object_type == s.name || object_type == s.fully_qualified_name || object_type == s.object_type_id)
      return s.object_type_id;
  }
  return std::nullopt;
}

const PropertySet* PortalData::properties(const std::string& object_type) const {
  const auto id = object_type_id(object_type);
  if (!id) return nullptr;
  const auto it = properties_.find(*id);
  return it == properties_.end() ? nullptr : &it->second;
}

const ObjectText* PortalData::flow(const std::string& id) const {
  const auto it = flow_index_.find(id);
  return it == flow_index_.end() ? nullptr : &flows_full_[it->second];
}

const FormText* PortalData::form(const std::string& id) const {
  const auto it = form_index_.find(id);
  return it == form_index_.end() ? nullptr : &forms_[it->second];
}

std::vector<ExpectedObject> PortalData::expected(const std::vector<std::string>& scopes) const {
  std::vector<ExpectedObject> out;
  if (has_any_scope(scopes, schema_scopes())) append(out, "custom_object_schemas", schemas_);
  const std::pair<const char*, const char*> standard[] = {{"0-1", "contact_properties"}, {"0-3", "deal_properties"}};
  for (const auto& [id, type] : standard) {
    if (!has_any_scope(scopes, property_scopes(id))) continue;
    const PropertySet& set = properties_.at(id);
    append(out, type, set.active);
    append(out, type, set.archived);
    if (has_any_scope(scopes, sensitive_property_scopes(id, "sensitive"))) append(out, type, set.sensitive);
    if (has_any_scope(scopes, sensitive_property_scopes(id, "highly_sensitive")))
      append(out, type, set.highly_sensitive);
  }
  if (has_any_scope(scopes, flow_scopes())) append(out, "workflows", flows_full_);
  if (has_any_scope(scopes, form_scopes())) {
    for (const auto& f : forms_)
      if (!f.archived) out.push_back({"forms", f.text.id, f.text.name, f.text.json});
  }
  return out;
}

}  // namespace hsd::fakes::detail
