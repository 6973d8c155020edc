#include "portal_generator.hpp"

#include <hsd/json_text.hpp>

#include <algorithm>
#include <array>
#include <string>

#include "changed_share.hpp"
#include "nasty_text.hpp"
#include "staging_variant.hpp"
#include "prng.hpp"

namespace hsd::fakes::detail {
namespace {

constexpr std::int64_t kBaseMs = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t kYearMs = 365LL * 24 * 3600 * 1000;

// Stream ids for Prng::derive: one per kind, so sizes of one kind never shift another.
enum Stream : std::uint64_t {
  kContactProps = 1,
  kDealProps,
  kSchemas,
  kSchemaProps,
  kFlows,
  kForms,
  kChange,
};

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return s;
}

struct TypeShape {
  const char* type;
  const char* field_type;
};
constexpr std::array<TypeShape, 10> kShapes = {{
    {"string", "text"},
    {"string", "textarea"},
    {"number", "number"},
    {"enumeration", "select"},
    {"enumeration", "checkbox"},
    {"date", "date"},
    {"bool", "booleancheckbox"},
    {"datetime", "date"},
    {"enumeration", "radio"},
    {"string", "phonenumber"},
}};

std::vector<PropertyOption> enum_options(Prng& rng, int count) {
  std::vector<PropertyOption> out;
  out.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    PropertyOption o;
    o.label = nasty_label(rng, "Option " + std::to_string(i + 1), i);
    o.value = "opt_" + pad(i + 1, 3) + (rng.chance(10) ? "/with slash" : "");
    o.description = rng.chance(20) ? nasty_label(rng, "Describes option", i + 3) : "";
    o.display_order = i;
    o.hidden = rng.chance(5);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Property make_property(Prng& rng, const std::string& prefix, int index, const std::string& group,
                       const PortalSizes& sizes) {
  Property p;
  const TypeShape shape = kShapes[static_cast<std::size_t>(index) % kShapes.size()];
  p.name = prefix + "_" + pad(index, 4) + "_" + rng.hex(4);
  p.label = nasty_label(rng, "Property " + std::to_string(index), index);
  p.type = shape.type;
  p.field_type = shape.field_type;
  p.group_name = group;
  p.description = rng.chance(50) ? nasty_label(rng, "Used by the \"" + group + "\" team", index + 5) : "";
  if (p.type == "enumeration") {
    // Every seventh enumeration is huge (HubSpot portals have 100+ option picklists).
    const int count = (index / 10) % 7 == 0 ? sizes.max_enum_options : 2 + static_cast<int>(rng.below(14));
    p.options = enum_options(rng, count);
  } else if (p.type == "bool") {
    p.options = {{"Yes", "true", "", 0, false}, {"No", "false", "", 1, false}};
  }
  p.display_order = rng.chance(20) ? -1 : index;
  p.hidden = rng.chance(5);
  p.form_field = rng.chance(60);
  p.has_unique_value = index % 37 == 0;
  p.hubspot_defined = false;
  p.created_ms = kBaseMs + static_cast<std::int64_t>(rng.below(kYearMs));
  p.updated_ms = p.created_ms + static_cast<std::int64_t>(rng.below(kYearMs / 4));
  p.created_user_id = std::to_string(1000 + rng.below(50));
  p.updated_user_id = std::to_string(1000 + rng.below(50));
  return p;
}

namespace {

// Active, archived, sensitive and highly sensitive properties of one standard object.
std::vector<Property> standard_properties(std::uint64_t seed, Stream stream, const std::string& prefix,
                                          int active, const PortalSizes& sizes) {
  static const std::array<const char*, 5> kGroups = {"contactinformation", "hsd_custom_group",
                                                     "sales \xF0\x9F\x92\xB0 data", "analytics", "ops"};
  std::vector<Property> out;
  const int total = active + sizes.archived_properties + sizes.sensitive_properties +
                    sizes.highly_sensitive_properties;
  out.reserve(static_cast<std::size_t>(total));
  for (int i = 0; i < total; ++i) {
    Prng rng = Prng::derive(seed, stream, static_cast<std::uint64_t>(i));
    Property p = make_property(rng, prefix, i, kGroups[static_cast<std::size_t>(i) % kGroups.size()], sizes);
    if (i >= active && i < active + sizes.archived_properties) {
      p.archived = true;
      p.archived_ms = p.updated_ms + 1000;
    } else if (i >= active + sizes.archived_properties &&
               i < active + sizes.archived_properties + sizes.sensitive_properties) {
      p.data_sensitivity = "sensitive";
    } else if (i >= active + sizes.archived_properties + sizes.sensitive_properties) {
      p.data_sensitivity = "highly_sensitive";
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Schema make_schema(std::uint64_t seed, std::uint64_t hub_id, int index, const PortalSizes& sizes) {
  Prng rng = Prng::derive(seed, kSchemas, static_cast<std::uint64_t>(index));
  Schema s;
  const std::uint64_t numeric = 6'000'000 + static_cast<std::uint64_t>(index) * 101 + seed % 97;
  s.id = std::to_string(numeric);
  s.object_type_id = "2-" + s.id;
  s.name = "hsd_object_" + pad(index, 3);
  s.fully_qualified_name = "p" + std::to_string(hub_id) + "_" + s.name;
  s.singular = nasty_label(rng, "Widget " + std::to_string(index), index);
  s.plural = s.singular + "s";
  s.description = nasty_label(rng, "Custom object for \"tests\"", index + 2);
  s.created_ms = kBaseMs + static_cast<std::int64_t>(rng.below(kYearMs));
  s.updated_ms = s.created_ms + static_cast<std::int64_t>(rng.below(kYearMs / 4));
  s.created_by_user_id = 1000 + static_cast<std::int64_t>(rng.below(50));
  s.updated_by_user_id = s.created_by_user_id;
  for (int p = 0; p < sizes.properties_per_schema; ++p) {
    Prng prng = Prng::derive(seed, kSchemaProps, static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(p));
    s.properties.push_back(make_property(prng, s.name + "_prop", p, s.name + "_information", sizes));
  }
  if (!s.properties.empty()) {
    s.primary_display_property = s.properties.front().name;
    s.required_properties = {s.properties.front().name};
    s.searchable_properties = {s.properties.front().name};
    if (s.properties.size() > 1) s.secondary_display_properties = {s.properties[1].name};
  }
  const std::array<std::pair<const char*, const char*>, 2> targets = {{{"0-1", "contact"}, {"0-3", "deal"}}};
  int assoc = 0;
  for (const auto& [to, to_name] : targets) {
    Association a;
    a.id = std::to_string(100 + index * 4 + assoc++);
    a.from_object_type_id = s.object_type_id;
    a.to_object_type_id = to;
    a.name = s.name + "_to_" + to_name;
    a.created_ms = s.created_ms;
    a.updated_ms = s.updated_ms;
    s.associations.push_back(a);
  }
  return s;
}

namespace {

FlowAction make_action(Prng& rng, int action_number, int index) {
  FlowAction a;
  a.action_id = std::to_string(action_number);
  switch (rng.below(4)) {
    case 0:
      a.action_type_id = "0-1";  // delay
      a.fields = {{"delta", "\"" + std::to_string(5 + rng.below(120)) + "\""}, {"time_unit", "\"MINUTES\""}};
      break;
    case 1:
      a.action_type_id = "0-4";  // send marketing email
      a.fields = {{"content_id", "\"" + std::to_string(100000 + rng.below(900000)) + "\""}};
      break;
    case 2: {
      a.action_type_id = "0-5";  // set property value; the static value carries quotes and slashes
      const std::string value = "v\"" + std::to_string(index) + "\\/\n";
      a.fields = {{"property_name", "\"lifecyclestage\""},
                  {"value", "{\"staticValue\":" + hsd::sdk::json_string(value) + ",\"type\":\"STATIC_VALUE\"}"}};
      break;
    }
    default: {
      a.action_type_id = "0-3";  // create task, with a nasty subject
      const std::string subject = hsd::sdk::json_string(nasty_label(rng, "Follow up", index));
      a.fields = {{"subject", subject}, {"task_type", "\"TODO\""}, {"priority", "\"HIGH\""}};
      break;
    }
  }
  return a;
}

}  // namespace

Flow make_flow(std::uint64_t seed, int index, std::string id, const std::vector<Property>& contact_props) {
  Prng rng = Prng::derive(seed, kFlows, static_cast<std::uint64_t>(index));
  Flow f;
  f.id = std::move(id);
  f.uuid = rng.uuid();
  f.name = nasty_label(rng, "Workflow " + std::to_string(index), index);
  f.description = rng.chance(50) ? nasty_label(rng, "Nurtures \"leads\"", index + 1) : "";
  f.enabled = rng.chance(60);
  f.flow_type = rng.chance(90) ? "WORKFLOW" : "ACTION_SET";
  const bool contact = rng.chance(60);
  f.type = contact ? "CONTACT_FLOW" : "PLATFORM_FLOW";
  f.object_type_id = contact ? "0-1" : (rng.chance(50) ? "0-3" : "0-2");
  f.revision = 1 + static_cast<int>(rng.below(20));
  const int actions = 1 + static_cast<int>(rng.below(6));
  for (int a = 1; a <= actions; ++a) {
    FlowAction action = make_action(rng, a, index);
    if (a < actions) action.next_action_id = std::to_string(a + 1);
    f.actions.push_back(std::move(action));
  }
  if (contact && rng.chance(30)) f.suppression_list_ids = {std::to_string(10 + rng.below(90))};
  f.enrollment_property = contact_props.empty() ? "email" : contact_props[rng.below(std::min<std::size_t>(contact_props.size(), 20))].name;
  f.created_ms = kBaseMs + static_cast<std::int64_t>(rng.below(kYearMs));
  f.updated_ms = f.created_ms + static_cast<std::int64_t>(rng.below(kYearMs / 4));
  // The first workflow carries JSON that a formatter going through JavaScript numbers and
  // objects would change (an integer beyond 2^53, 1.50, 1.0e2, a \u escape, a __proto__ key,
  // keys out of order), so tests can check that its bytes survive exactly. No rng is drawn,
  // so every other object stays as it was.
  if (index == 0) {
    f.actions.front().fields.emplace_back(
        "hsd_exact_bytes",
        R"({"b":1,"a":2,"big":9007199254740993,"price":1.50,"hundred":1.0e2,"text":"caf\u00e9 \ud83d\ude80","__proto__":{"polluted":true}})");
  }
  return f;
}

Form make_form(std::uint64_t seed, int index) {
  Prng rng = Prng::derive(seed, kForms, static_cast<std::uint64_t>(index));
  static const std::array<const char*, 10> kTypes = {"hubspot", "hubspot", "hubspot", "hubspot", "hubspot",
                                                     "hubspot", "captured", "captured", "flow", "blog_comment"};
  Form f;
  f.id = rng.uuid();
  f.name = nasty_label(rng, "Form " + std::to_string(index), index);
  f.form_type = kTypes[static_cast<std::size_t>(index) % kTypes.size()];
  f.created_ms = kBaseMs + static_cast<std::int64_t>(rng.below(kYearMs));
  f.updated_ms = f.created_ms + static_cast<std::int64_t>(rng.below(kYearMs / 4));
  f.language = rng.chance(80) ? "en" : "de";
  if (rng.chance(30)) {
    f.post_submit_type = "redirect_url";
    f.post_submit_value = "https://example.com/thanks?form=" + std::to_string(index) + "&a=b/c";
  } else {
    f.post_submit_value = nasty_label(rng, "Thanks for submitting the form.", index + 4);
  }
  f.submit_text = rng.chance(20) ? "Absenden \xE2\x9C\x85" : "Submit";
  FormField email{"0-1", "email", "Email", "email", true, false, {}};
  std::vector<FormField> first = {email};
  if (rng.chance(70)) first.push_back({"0-1", "firstname", nasty_label(rng, "First name", index), "single_line_text", false, false, {}});
  f.field_groups.push_back(first);
  const int groups = static_cast<int>(rng.below(3));
  for (int g = 0; g < groups; ++g) {
    FormField field{"0-1", "hsd_field_" + std::to_string(g), nasty_label(rng, "Question", index + g), "dropdown",
                    rng.chance(30), rng.chance(10), {}};
    const int options = 2 + static_cast<int>(rng.below(6));
    for (int o = 0; o < options; ++o) field.options.emplace_back(nasty_label(rng, "Choice", o), "choice_" + std::to_string(o));
    f.field_groups.push_back({field, {"0-1", "message_" + std::to_string(g), "Message", "multi_line_text", false, false, {}}});
  }
  return f;
}

namespace {

// One round of edits. Relabelled objects get a later updatedAt (and a new flow revision).
template <class T, class Touch>
void mutate(std::vector<T>& items, Prng& rng, Touch touch) {
  std::vector<T> kept;
  kept.reserve(items.size());
  for (auto& item : items) {
    const auto roll = rng.below(100);
    if (roll < 3) continue;  // removed
    if (roll < 11) touch(item);
    kept.push_back(std::move(item));
  }
  items = std::move(kept);
}

void apply_change(Portal& portal, std::uint64_t seed, std::uint64_t hub_id, int step, const PortalSizes& sizes) {
  Prng rng = Prng::derive(seed, kChange, static_cast<std::uint64_t>(step));
  const std::int64_t when = kBaseMs + 2 * kYearMs + step * 3'600'000LL;
  const std::string suffix = " (rev " + std::to_string(step) + " \xE2\x9C\x8F\xEF\xB8\x8F)";  // ✏️
  auto relabel_property = [&](Property& p) {
    p.label += suffix;
    p.updated_ms = when;
  };
  auto edit_properties = [&](std::vector<Property>& props, const std::string& prefix) {
    // Only active non-sensitive properties change, so the archived/sensitive counts stay put.
    std::vector<Property> fixed, movable;
    for (auto& p : props) (p.archived || p.data_sensitivity != "non_sensitive" ? fixed : movable).push_back(std::move(p));
    mutate(movable, rng, relabel_property);
    for (int j = 0; j < 2; ++j) {
      Prng prng = Prng::derive(seed, kChange, static_cast<std::uint64_t>(step), static_cast<std::uint64_t>(j + 1));
      Property added = make_property(prng, prefix + "_r" + std::to_string(step), j, "hsd_custom_group", sizes);
      added.created_ms = added.updated_ms = when;
      movable.push_back(std::move(added));
    }
    props = std::move(movable);
    for (auto& p : fixed) props.push_back(std::move(p));
  };
  edit_properties(portal.contact_properties, "hsd_contact");
  edit_properties(portal.deal_properties, "hsd_deal");
  for (auto& schema : portal.schemas) {
    edit_properties(schema.properties, schema.name + "_prop");
    schema.updated_ms = when;
  }
  portal.schemas.push_back(make_schema(seed ^ static_cast<std::uint64_t>(step) * 7919, hub_id,
                                       sizes.custom_schemas + step * 100, sizes));

  mutate(portal.flows, rng, [&](Flow& f) {
    f.name += suffix;
    f.revision += 1;
    f.updated_ms = when;
  });
  for (int j = 0; j < 3; ++j) {
    portal.flows.push_back(make_flow(seed ^ 0xF10F, 100000 * step + j,
                                     std::to_string(900'000'000 + step * 1000 + j), portal.contact_properties));
    portal.flows.back().created_ms = portal.flows.back().updated_ms = when;
  }

  mutate(portal.forms, rng, [&](Form& f) {
    if (f.archived) return;
    f.name += suffix;
    f.updated_ms = when;
  });
  for (int j = 0; j < 2; ++j) {
    Form form = make_form(seed ^ 0xF0F0, 100000 * step + j * 10);  // j*10 keeps form_type hubspot
    form.created_ms = form.updated_ms = when;
    portal.forms.push_back(std::move(form));
  }
}

}  // namespace

Portal generate_portal(std::uint64_t seed, const PortalSizes& sizes, std::uint64_t hub_id, int revision) {
  Portal portal;
  portal.revision = revision;
  portal.contact_properties = standard_properties(seed, kContactProps, "hsd_contact", sizes.contact_properties, sizes);
  portal.deal_properties = standard_properties(seed, kDealProps, "hsd_deal", sizes.deal_properties, sizes);
  for (int i = 0; i < sizes.custom_schemas; ++i) portal.schemas.push_back(make_schema(seed, hub_id, i, sizes));
  for (int i = 0; i < sizes.flows; ++i) {
    const std::uint64_t id = 100'000'000 + static_cast<std::uint64_t>(i) * 13 + seed % 13;
    portal.flows.push_back(make_flow(seed, i, std::to_string(id), portal.contact_properties));
  }
  for (int i = 0; i < sizes.forms + sizes.archived_forms; ++i) {
    Form f = make_form(seed, i);
    if (i >= sizes.forms) {
      f.archived = true;
      f.archived_ms = f.updated_ms + 1000;
    }
    portal.forms.push_back(std::move(f));
  }
  for (int step = 1; step <= revision; ++step) apply_change(portal, seed, hub_id, step, sizes);
  return portal;
}

GeneratedPortal generate_portal(std::uint64_t seed, const PortalSizes& sizes, std::uint64_t hub_id, int revision,
                                PortalVariant variant, double change_percent) {
  GeneratedPortal out{generate_portal(seed, sizes, hub_id, revision), {}};
  if (variant == PortalVariant::kStaging) out.planted = make_staging(out.portal, seed, hub_id, sizes);
  if (change_percent != 0.0) {
    auto changed = change_share(out.portal, seed, change_percent, out.planted);
    out.planted.insert(out.planted.end(), changed.begin(), changed.end());
  }
  return out;
}

}  // namespace hsd::fakes::detail
