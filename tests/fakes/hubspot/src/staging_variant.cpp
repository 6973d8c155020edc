#include "staging_variant.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "portal_generator.hpp"
#include "prng.hpp"

namespace hsd::fakes::detail {
namespace {

// Prng streams of their own (the generator uses 1..7), so planting never shifts the base.
enum Stream : std::uint64_t { kStagingIds = 101, kStagingAdded = 102 };
constexpr std::uint64_t kSalt = 0x57A6;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr const char* kMark = " (staging)";

using Kind = PlantedDifference::Kind;

// The place `name` takes once the array is ordered by key. Keys here are plain ASCII names
// and values ([a-z0-9_/ ]), for which byte order and the engine's canonical-JSON order agree.
std::size_t sorted_index(std::vector<std::string> keys, const std::string& name) {
  std::sort(keys.begin(), keys.end());
  return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), name) - keys.begin());
}

template <class T>
void require(const std::vector<T>& candidates, std::size_t at_least, const char* what) {
  if (candidates.size() < at_least)
    throw std::invalid_argument(std::string("the staging portal needs at least ") + std::to_string(at_least) + " " +
                                what + " to plant its differences on; raise the portal sizes");
}

template <class T>
void require_unique_name(const std::vector<T>& items, const std::string& name, const char* what) {
  for (const auto& item : items)
    if (item.name == name) throw std::logic_error(std::string("staging: the added ") + what + " name is taken: " + name);
}

// ---- Another account: none of this is a difference under HubSpot's rules. ----

void elsewhere(Property& p) {
  p.created_ms += 11 * kDayMs;
  p.updated_ms += 13 * kDayMs;
  if (p.archived_ms != 0) p.archived_ms += 13 * kDayMs;
  p.created_user_id = "9" + p.created_user_id;
  p.updated_user_id = "9" + p.updated_user_id;
  std::reverse(p.options.begin(), p.options.end());  // keyed by value
}

void elsewhere(Schema& s, std::uint64_t hub_id) {
  s.id = "7" + s.id;
  s.object_type_id = "2-" + s.id;
  s.fully_qualified_name = "p" + std::to_string(hub_id) + "_" + s.name;
  s.created_ms += 11 * kDayMs;
  s.updated_ms += 13 * kDayMs;
  s.created_by_user_id += 5000;
  s.updated_by_user_id += 5000;
  for (auto& p : s.properties) elsewhere(p);
  std::reverse(s.properties.begin(), s.properties.end());  // keyed by name
  for (auto& a : s.associations) {
    a.id = "9" + a.id;
    a.from_object_type_id = s.object_type_id;
    a.created_ms += 11 * kDayMs;
    a.updated_ms += 13 * kDayMs;
  }
  std::reverse(s.associations.begin(), s.associations.end());  // keyed by name
}

void elsewhere(Flow& f, std::uint64_t seed, std::uint64_t index) {
  f.id = "5" + f.id;  // a constant prefix keeps ids distinct
  f.uuid = Prng::derive(seed, kStagingIds, 1, index).uuid();
  f.revision += 7;
  f.created_ms += 11 * kDayMs;
  f.updated_ms += 13 * kDayMs;
}

void elsewhere(Form& f, std::uint64_t seed, std::uint64_t index) {
  f.id = Prng::derive(seed, kStagingIds, 2, index).uuid();
  f.created_ms += 11 * kDayMs;
  f.updated_ms += 13 * kDayMs;
  if (f.archived) f.archived_ms += 13 * kDayMs;
  // Fields match by name. (Not a field's options: the fake numbers their displayOrder by
  // position, so reordering them would be a real change.)
  for (auto& group : f.field_groups) std::reverse(group.begin(), group.end());
}

// ---- Planted differences. ----

// Standard object properties: one added, one removed, one relabelled (with `option_too`, one
// option relabelled as well). Only active non-sensitive ones, which every retrieval sees.
void plant_properties(std::vector<Property>& props, const std::string& type, const std::string& prefix,
                      bool option_too, std::uint64_t seed, std::uint64_t stream, const PortalSizes& sizes,
                      std::vector<PlantedDifference>& planted) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < props.size(); ++i)
    if (!props[i].archived && props[i].data_sensitivity == "non_sensitive") candidates.push_back(i);
  require(candidates, 2, ("active " + type).c_str());
  auto changed = std::find_if(candidates.begin(), candidates.end(), [&](std::size_t i) {
    return !option_too || (props[i].type == "enumeration" && props[i].options.size() >= 2);
  });
  if (changed == candidates.end() || *changed == candidates.back())
    throw std::invalid_argument("the staging portal needs an active enumeration " + type +
                                " with two options (not the last one); raise the portal sizes");
  Property& p = props[*changed];
  p.label += kMark;
  PlantedDifference change{type, p.name, Kind::kChanged, {"/label"}};
  if (option_too) {
    auto option = std::min_element(p.options.begin(), p.options.end(),
                                   [](const auto& a, const auto& b) { return a.value < b.value; });
    option->label += kMark;
    change.paths.push_back("/options/0/label");  // the smallest value sorts first
  }
  const std::string removed = props[candidates.back()].name;
  props.erase(props.begin() + static_cast<std::ptrdiff_t>(candidates.back()));
  Prng rng = Prng::derive(seed, kStagingAdded, stream);
  Property added = make_property(rng, prefix + "_staging", 0, "hsd_custom_group", sizes);
  require_unique_name(props, added.name, "property");
  planted.push_back({type, added.name, Kind::kAdded, {}});
  planted.push_back({type, removed, Kind::kRemoved, {}});
  planted.push_back(std::move(change));
  props.push_back(std::move(added));
}

// Schemas: one added, one removed, one with a property added.
void plant_schemas(std::vector<Schema>& schemas, std::uint64_t seed, std::uint64_t hub_id, const PortalSizes& sizes,
                   std::vector<PlantedDifference>& planted) {
  require(schemas, 2, "custom object schemas");
  Schema& s = schemas.front();
  Prng rng = Prng::derive(seed, kStagingAdded, 3);
  Property extra = make_property(rng, s.name + "_prop_staging", 0, s.name + "_information", sizes);
  require_unique_name(s.properties, extra.name, "schema property");
  std::vector<std::string> names{extra.name};
  for (const auto& p : s.properties) names.push_back(p.name);
  const std::string path = "/properties/" + std::to_string(sorted_index(names, extra.name));
  s.properties.push_back(std::move(extra));
  const std::string changed = s.name;
  const std::string removed = schemas.back().name;
  schemas.pop_back();
  int index = 999;  // names hsd_object_NNN; revisions add custom_schemas + step * 100
  auto taken = [&](int i) {
    return std::any_of(schemas.begin(), schemas.end(),
                       [&](const Schema& x) { return x.name == "hsd_object_" + std::to_string(i); });
  };
  while (taken(index)) ++index;
  Schema added = make_schema(seed ^ kSalt, hub_id, index, sizes);
  planted.push_back({"custom_object_schemas", added.name, Kind::kAdded, {}});
  planted.push_back({"custom_object_schemas", removed, Kind::kRemoved, {}});
  planted.push_back({"custom_object_schemas", changed, Kind::kChanged, {path}});
  schemas.push_back(std::move(added));
}

// Workflows: one added, one removed, one with its first two actions swapped (actions are
// positional, so that is a change), and one name used twice (ambiguous).
void plant_flows(std::vector<Flow>& flows, const std::vector<Property>& contact_props, std::uint64_t seed,
                 std::vector<PlantedDifference>& planted) {
  require(flows, 4, "workflows");
  // Flow 0 carries the exact-bytes fixture; leave it as it is.
  auto swapped = std::find_if(flows.begin() + 1, flows.end() - 1, [](const Flow& f) {
    return f.actions.size() >= 2 && f.actions[0].action_type_id != f.actions[1].action_type_id;
  });
  if (swapped == flows.end() - 1)
    throw std::invalid_argument("the staging portal needs a workflow whose first two actions differ; raise the sizes");
  std::swap(swapped->actions[0].action_type_id, swapped->actions[1].action_type_id);
  std::swap(swapped->actions[0].fields, swapped->actions[1].fields);
  const std::string changed = swapped->name;
  const Flow& twin_of = swapped == flows.begin() + 1 ? flows[2] : flows[1];
  Flow twin = twin_of;
  twin.id = "800000000";  // base ids are 1xxxxxxxx and 9xxxxxxxx
  const std::string ambiguous = twin.name;
  const std::string removed = flows.back().name;
  flows.pop_back();
  Flow added = make_flow(seed ^ kSalt, 990'000, "800000001", contact_props);
  require_unique_name(flows, added.name, "workflow");
  planted.push_back({"workflows", added.name, Kind::kAdded, {}});
  planted.push_back({"workflows", removed, Kind::kRemoved, {}});
  planted.push_back({"workflows", changed, Kind::kChanged, {"/actions/0", "/actions/1"}});
  planted.push_back({"workflows", ambiguous, Kind::kAmbiguous, {}});
  flows.push_back(std::move(added));
  flows.push_back(std::move(twin));
}

// Forms: one added, one removed, one with a field relabelled. Only forms not archived.
void plant_forms(std::vector<Form>& forms, std::uint64_t seed, std::vector<PlantedDifference>& planted) {
  std::vector<std::size_t> live;
  for (std::size_t i = 0; i < forms.size(); ++i)
    if (!forms[i].archived && !forms[i].field_groups.empty()) live.push_back(i);
  require(live, 2, "forms not archived");
  Form& f = forms[live.front()];
  std::vector<std::string> names;
  for (const auto& field : f.field_groups[0]) names.push_back(field.name);
  const std::string first = *std::min_element(names.begin(), names.end());
  for (auto& field : f.field_groups[0])
    if (field.name == first) field.label += kMark;
  const std::string path = "/fieldGroups/0/fields/" + std::to_string(sorted_index(names, first)) + "/label";
  const std::string changed = f.name;
  const std::string removed = forms[live.back()].name;
  forms.erase(forms.begin() + static_cast<std::ptrdiff_t>(live.back()));
  Form added = make_form(seed ^ kSalt, 990'000);  // index % 10 == 0: a hubspot form
  require_unique_name(forms, added.name, "form");
  planted.push_back({"forms", added.name, Kind::kAdded, {}});
  planted.push_back({"forms", removed, Kind::kRemoved, {}});
  planted.push_back({"forms", changed, Kind::kChanged, {path}});
  forms.push_back(std::move(added));
}

}  // namespace

std::vector<PlantedDifference> make_staging(Portal& portal, std::uint64_t seed, std::uint64_t hub_id,
                                            const PortalSizes& sizes) {
  std::vector<PlantedDifference> planted;
  plant_schemas(portal.schemas, seed, hub_id, sizes, planted);
  plant_properties(portal.contact_properties, "contact_properties", "hsd_contact", true, seed, 1, sizes, planted);
  plant_properties(portal.deal_properties, "deal_properties", "hsd_deal", false, seed, 2, sizes, planted);
  plant_flows(portal.flows, portal.contact_properties, seed, planted);
  plant_forms(portal.forms, seed, planted);
  // Then everything, planted or not, moves to the other account.
  for (auto& s : portal.schemas) elsewhere(s, hub_id);
  for (auto& p : portal.contact_properties) elsewhere(p);
  for (auto& p : portal.deal_properties) elsewhere(p);
  for (std::size_t i = 0; i < portal.flows.size(); ++i) elsewhere(portal.flows[i], seed, i);
  for (std::size_t i = 0; i < portal.forms.size(); ++i) elsewhere(portal.forms[i], seed, i);
  return planted;
}

}  // namespace hsd::fakes::detail

namespace hsd::fakes {

const char* planted_kind_name(PlantedDifference::Kind kind) {
  switch (kind) {
    case PlantedDifference::Kind::kAdded:
      return "added";
    case PlantedDifference::Kind::kRemoved:
      return "removed";
    case PlantedDifference::Kind::kAmbiguous:
      return "ambiguous";
    case PlantedDifference::Kind::kChanged:
      break;
  }
  return "changed";
}

}  // namespace hsd::fakes
