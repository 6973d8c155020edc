// HubSpot's compare rules (its manifest) on objects of each type from the fake's generator: the
// same object from another portal (other ids, times, users, keyed arrays in another order) shows
// no difference, and one planted change shows exactly that change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "compare/compare_objects.hpp"
#include "hubspot_manifest.hpp"
#include "portal_generator.hpp"
#include "portal_serializer.hpp"

namespace {

using namespace hsd::engine::compare;
using namespace hsd::fakes::detail;
using hsd::engine::CompareRules;

class HubSpotRules : public ::testing::Test {
 protected:
  void SetUp() override {
    manifest_ = hsd::test::hubspot_manifest();
    hsd::fakes::PortalSizes sizes;
    sizes.flows = 6;
    sizes.forms = 12;
    portal_ = generate_portal(42, sizes, 111, 0);
  }

  const CompareRules& rules(const std::string& type) const {
    const auto* info = manifest_.find_object_type(type);
    EXPECT_NE(info, nullptr) << type;
    return info->compare;
  }

  // Compares one object on each side; returns the operations (empty when unchanged).
  std::vector<std::string> compared(const std::string& type, const std::string& left, const std::string& right) {
    std::vector<ObjectDifference> differences;
    auto result = compare_objects({{"l", "x", left}}, {{"r", "x", right}}, rules(type), differences);
    EXPECT_TRUE(result.warnings.empty()) << result.warnings.front();
    EXPECT_EQ(result.added + result.removed + result.ambiguous + result.unmatchable, 0u) << type;
    std::vector<std::string> out;
    for (const auto& difference : differences) {
      for (const auto& op : difference.operations) out.push_back(json_text(operation_json(op)));
    }
    return out;
  }

  hsd::engine::PluginManifest manifest_;
  Portal portal_;
};

// The same property as another portal serves it.
Property elsewhere(Property p) {
  p.created_ms += 86'400'000;
  p.updated_ms += 3 * 86'400'000;
  p.archived_ms += 1000;
  p.created_user_id = "9001";
  p.updated_user_id = "9002";
  std::reverse(p.options.begin(), p.options.end());
  return p;
}

const Property& with_options(const std::vector<Property>& properties) {
  auto it = std::find_if(properties.begin(), properties.end(), [](const Property& p) { return p.options.size() >= 2; });
  EXPECT_NE(it, properties.end());
  return *it;
}

TEST_F(HubSpotRules, Properties) {
  for (const auto& [type, properties] : {std::pair{"contact_properties", &portal_.contact_properties},
                                         std::pair{"deal_properties", &portal_.deal_properties}}) {
    const Property& p = with_options(*properties);
    Property other = elsewhere(p);
    EXPECT_THAT(compared(type, property_json(p), property_json(other)), ::testing::IsEmpty()) << type;
    other.label = "Relabelled";
    EXPECT_THAT(compared(type, property_json(p), property_json(other)),
                ::testing::ElementsAre(R"({"op":"replace","path":"/label","value":"Relabelled","old_value":")" +
                                       p.label + "\"}"))
        << type;
  }
}

TEST_F(HubSpotRules, CustomObjectSchemas) {
  ASSERT_FALSE(portal_.schemas.empty());
  const Schema& s = portal_.schemas.front();
  Schema other = s;
  other.id = "987654";
  other.object_type_id = "2-987654";
  other.fully_qualified_name = "p222_" + s.name;
  other.created_ms += 5000;
  other.updated_ms += 7000;
  other.created_by_user_id = 4242;
  other.updated_by_user_id = 4243;
  for (auto& p : other.properties) p = elsewhere(p);
  std::reverse(other.properties.begin(), other.properties.end());
  for (auto& a : other.associations) {
    a.id = "x" + a.id;
    a.from_object_type_id = other.object_type_id;
    a.created_ms += 1;
    a.updated_ms += 2;
  }
  std::reverse(other.associations.begin(), other.associations.end());
  EXPECT_THAT(compared("custom_object_schemas", schema_json(s), schema_json(other)), ::testing::IsEmpty());
  other.singular = "Renamed";
  EXPECT_THAT(compared("custom_object_schemas", schema_json(s), schema_json(other)),
              ::testing::ElementsAre(R"({"op":"replace","path":"/labels/singular","value":"Renamed","old_value":")" +
                                     s.singular + "\"}"));
}

TEST_F(HubSpotRules, Workflows) {
  auto it = std::find_if(portal_.flows.begin(), portal_.flows.end(), [](const Flow& f) { return f.actions.size() >= 2; });
  ASSERT_NE(it, portal_.flows.end());
  const Flow& f = *it;
  Flow other = f;
  other.id = "55555";
  other.uuid = "00000000-0000-4000-8000-000000000000";
  other.revision += 3;
  other.created_ms += 10;
  other.updated_ms += 20;
  EXPECT_THAT(compared("workflows", flow_json(f), flow_json(other)), ::testing::IsEmpty());
  other.description = "Changed";
  EXPECT_THAT(compared("workflows", flow_json(f), flow_json(other)),
              ::testing::ElementsAre(R"({"op":"replace","path":"/description","value":"Changed","old_value":")" +
                                     f.description + "\"}"));
  // Actions are positional: reordering them is a change.
  other = f;
  std::swap(other.actions[0].action_type_id, other.actions[1].action_type_id);
  std::swap(other.actions[0].fields, other.actions[1].fields);
  EXPECT_THAT(compared("workflows", flow_json(f), flow_json(other)), ::testing::Not(::testing::IsEmpty()));
}

TEST_F(HubSpotRules, Forms) {
  auto it = std::find_if(portal_.forms.begin(), portal_.forms.end(),
                         [](const Form& f) { return !f.field_groups.empty() && f.field_groups[0].size() >= 2; });
  ASSERT_NE(it, portal_.forms.end());
  const Form& f = *it;
  Form other = f;
  other.id = "ffffffff-0000-4000-8000-000000000000";
  other.created_ms += 10;
  other.updated_ms += 20;
  // Fields in another order. (Not the options: the fake numbers their displayOrder by position,
  // so reordering them is a real change there.)
  for (auto& group : other.field_groups) std::reverse(group.begin(), group.end());
  EXPECT_THAT(compared("forms", form_json(f), form_json(other)), ::testing::IsEmpty());
  // Relabel one field: the path names its index among the group's fields ordered by name.
  std::vector<std::string> names;
  for (const auto& field : f.field_groups[0]) names.push_back(field.name);
  std::sort(names.begin(), names.end());
  const FormField& first = f.field_groups[0][0];
  const auto index = std::find(names.begin(), names.end(), first.name) - names.begin();
  for (auto& field : other.field_groups[0]) {
    if (field.name == first.name) field.label = "Relabelled";
  }
  EXPECT_THAT(compared("forms", form_json(f), form_json(other)),
              ::testing::ElementsAre("{\"op\":\"replace\",\"path\":\"/fieldGroups/0/fields/" + std::to_string(index) +
                                     R"(/label","value":"Relabelled","old_value":")" + first.label + "\"}"));
}

}  // namespace

namespace {

// Every object of every type, as a side of a comparison.
std::map<std::string, std::vector<SideObject>> sides(const Portal& portal) {
  std::map<std::string, std::vector<SideObject>> out;
  for (const auto& s : portal.schemas) out["custom_object_schemas"].push_back({s.id, s.name, schema_json(s)});
  for (const auto& p : portal.contact_properties) out["contact_properties"].push_back({p.name, p.label, property_json(p)});
  for (const auto& p : portal.deal_properties) out["deal_properties"].push_back({p.name, p.label, property_json(p)});
  for (const auto& f : portal.flows) out["workflows"].push_back({f.id, f.name, flow_json(f)});
  for (const auto& f : portal.forms) out["forms"].push_back({f.id, f.name, form_json(f)});
  return out;
}

TEST_F(HubSpotRules, WholePortals) {
  hsd::fakes::PortalSizes sizes;
  sizes.flows = 20;
  sizes.forms = 20;
  // The same portal under another hub id (qualified names differ): no difference.
  auto left = sides(generate_portal(7, sizes, 111, 0));
  auto same = sides(generate_portal(7, sizes, 222, 0));
  // A later revision: edits, additions and removals; each patch turns left into right.
  auto later = sides(generate_portal(7, sizes, 111, 2));
  std::size_t changes = 0;
  for (const auto& [type, objects] : left) {
    std::vector<ObjectDifference> differences;
    auto result = compare_objects(objects, same[type], rules(type), differences);
    EXPECT_EQ(result.unchanged, objects.size()) << type;
    EXPECT_TRUE(differences.empty()) << type << ": " << (differences.empty() ? "" : differences[0].name);
    EXPECT_TRUE(result.warnings.empty()) << type << ": " << result.warnings.front();
    differences.clear();
    auto revised = compare_objects(objects, later[type], rules(type), differences);
    EXPECT_TRUE(revised.warnings.empty()) << type << ": " << revised.warnings.front();
    for (const auto& difference : differences) {
      if (difference.kind != ObjectDifference::Kind::changed) continue;
      ++changes;
      auto l = parse_json(difference.left_json);
      auto r = parse_json(difference.right_json);
      ASSERT_TRUE(l.ok() && r.ok());
      auto applied = apply_patch(*l, difference.operations);
      ASSERT_TRUE(applied.ok()) << applied.error().message;
      EXPECT_TRUE(json_equal(*applied, *r)) << type << " " << difference.name;
    }
  }
  EXPECT_GT(changes, 0u);
}

}  // namespace
