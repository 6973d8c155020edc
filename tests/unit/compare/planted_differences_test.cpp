// The fake HubSpot's staging portal against its default portal, under HubSpot's compare rules:
// the comparison reports exactly what the fake says it planted (kind, key and, where planted,
// where in the object), and nothing else: other ids, hub ids, times, users and reordered keyed
// arrays are no difference.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "compare/compare_objects.hpp"
#include "hubspot_manifest.hpp"
#include "portal_data.hpp"

namespace {

using namespace hsd::engine::compare;
using hsd::fakes::PlantedDifference;
using hsd::fakes::detail::PortalData;

// Every object a retrieval with all scopes (sensitive ones too) gets, as comparison sides.
std::map<std::string, std::vector<SideObject>> sides(const PortalData& data) {
  auto scopes = hsd::fakes::default_granted_scopes();
  for (const char* s : {"crm.objects.contacts.sensitive.read.v2", "crm.objects.contacts.highly_sensitive.read.v2",
                        "crm.objects.deals.sensitive.read.v2", "crm.objects.deals.highly_sensitive.read.v2"})
    scopes.emplace_back(s);
  std::map<std::string, std::vector<SideObject>> out;
  for (const auto& o : data.expected(scopes)) out[o.type].push_back({o.id, o.name, o.json});
  return out;
}

// The engine's keys are canonical JSON text; the fake plants the value. (Wrapped in an array:
// parse_json takes documents, not bare scalars.)
std::string key_value(const std::string& key_json) {
  auto parsed = parse_json("[" + key_json + "]");
  EXPECT_TRUE(parsed.ok()) << key_json;
  const auto array = parsed.ok() ? as_array(*parsed) : nullptr;
  return array && array->size() == 1 && array->get(0).isString() ? array->getElement<std::string>(0) : key_json;
}

bool at_or_below(const std::string& path, const std::string& prefix) {
  return path == prefix || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
                            path[prefix.size()] == '/');
}

using Found = std::tuple<std::string, std::string, std::string>;  // type, kind, key

class PlantedDifferences : public ::testing::TestWithParam<std::tuple<std::uint64_t, int>> {};

TEST_P(PlantedDifferences, AreExactlyWhatTheComparisonFinds) {
  const auto [seed, revision] = GetParam();
  const auto manifest = hsd::test::hubspot_manifest();
  const hsd::fakes::PortalSizes sizes;  // the standalone fake's small portal
  const auto base = PortalData::build(seed, sizes, 111, revision);
  const auto staging = PortalData::build(seed, sizes, 222, revision, hsd::fakes::PortalVariant::kStaging);
  ASSERT_TRUE(base->planted().empty());
  const auto& planted = staging->planted();

  std::set<Found> expected;
  std::map<Found, std::vector<std::string>> planted_paths;
  std::set<std::string> kinds;
  for (const auto& p : planted) {
    const Found f{p.type, hsd::fakes::planted_kind_name(p.kind), p.key};
    EXPECT_TRUE(expected.insert(f).second) << "planted twice: " << p.key;
    planted_paths[f] = p.paths;
    kinds.insert(p.type + " " + hsd::fakes::planted_kind_name(p.kind));
  }
  // Every type gets an added, a removed and a changed object; workflows an ambiguous key too.
  EXPECT_EQ(kinds.size(), 5u * 3 + 1);

  auto left = sides(*base);
  auto right = sides(*staging);
  std::set<Found> found;
  for (const char* type : hsd::plugins::hubspot::kObjectTypes) {
    const auto* info = manifest.find_object_type(type);
    ASSERT_NE(info, nullptr) << type;
    std::vector<ObjectDifference> differences;
    const auto result = compare_objects(left[type], right[type], info->compare, differences);
    EXPECT_EQ(result.unmatchable, 0u) << type;
    // The only warnings are the ambiguous keys' own.
    EXPECT_EQ(result.warnings.size(), result.ambiguous_keys.size()) << type << ": " << ::testing::PrintToString(result.warnings);
    for (const auto& a : result.ambiguous_keys) found.insert({type, "ambiguous", key_value(a.key)});
    for (const auto& d : differences) {
      const Found f{type, kind_name(d.kind), key_value(d.key)};
      found.insert(f);
      const auto paths = planted_paths.find(f);
      if (paths == planted_paths.end() || paths->second.empty()) continue;
      // Every operation lies under a planted path, and every planted path holds one.
      std::set<std::string> covered;
      for (const auto& op : d.operations) {
        bool under = false;
        for (const auto& p : paths->second) {
          if (at_or_below(op.path, p)) {
            under = true;
            covered.insert(p);
          }
        }
        EXPECT_TRUE(under) << type << " '" << std::get<2>(f) << "': unplanted change at " << op.path;
      }
      EXPECT_EQ(covered.size(), paths->second.size()) << type << " '" << std::get<2>(f) << "'";
    }
  }
  EXPECT_EQ(found, expected);
}

// Two seeds, and a later revision (the staging portal follows the default one's changes).
INSTANTIATE_TEST_SUITE_P(Portals, PlantedDifferences,
                         ::testing::Values(std::tuple<std::uint64_t, int>{42, 0}, std::tuple<std::uint64_t, int>{7, 0},
                                           std::tuple<std::uint64_t, int>{42, 2}));

// The default portal against itself with a share of the objects changed (bench/compare's pair):
// each changed object is found, changed at its planted path alone, and nothing else differs.
TEST(ChangedShare, IsExactlyWhatTheComparisonFinds) {
  const auto manifest = hsd::test::hubspot_manifest();
  const hsd::fakes::PortalSizes sizes;
  const auto base = PortalData::build(42, sizes, 111, 0);
  const auto changed = PortalData::build(42, sizes, 111, 0, hsd::fakes::PortalVariant::kDefault, 2.0);
  std::map<std::pair<std::string, std::string>, std::string> expected;  // (type, key) -> path
  for (const auto& p : changed->planted()) {
    ASSERT_EQ(p.kind, PlantedDifference::Kind::kChanged);
    ASSERT_EQ(p.paths.size(), 1u);
    expected[{p.type, p.key}] = p.paths[0];
  }
  ASSERT_GE(expected.size(), 5u);
  auto left = sides(*base);
  auto right = sides(*changed);
  std::map<std::pair<std::string, std::string>, std::string> found;
  for (const char* type : hsd::plugins::hubspot::kObjectTypes) {
    const auto* info = manifest.find_object_type(type);
    ASSERT_NE(info, nullptr) << type;
    std::vector<ObjectDifference> differences;
    const auto result = compare_objects(left[type], right[type], info->compare, differences);
    EXPECT_EQ(result.added + result.removed + result.ambiguous + result.unmatchable, 0u) << type;
    for (const auto& d : differences) {
      ASSERT_EQ(d.kind, ObjectDifference::Kind::changed) << type;
      ASSERT_EQ(d.operations.size(), 1u) << type << " " << d.key;
      found[{type, key_value(d.key)}] = d.operations[0].path;
    }
  }
  EXPECT_EQ(found, expected);
}

}  // namespace
