// Retrieving a HubSpot portal with the real binary: what is stored equals, object for object
// and byte for byte, what the fake says the portal holds, with and without every scope, and
// after the portal changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "hubspot_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using HubSpotRetrieve = HubSpotCliTest;

// The first object of `type` whose name satisfies `pick`.
const fakes::ExpectedObject* find_object(const std::vector<fakes::ExpectedObject>& objects, const std::string& type,
                                         bool (*pick)(const std::string&) = nullptr) {
  for (const auto& o : objects) {
    if (o.type == type && (!pick || pick(o.name))) return &o;
  }
  return nullptr;
}

bool has_quote(const std::string& name) { return name.find('"') != std::string::npos; }
bool has_backslash(const std::string& name) { return name.find('\\') != std::string::npos; }
bool has_newline(const std::string& name) { return name.find('\n') != std::string::npos; }

TEST_F(HubSpotRetrieve, AFullRetrievalStoresExactlyThePortalsObjects) {
  start();
  connect_oauth_ok();
  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto summary = parse_object(run.out);
  EXPECT_TRUE(summary->getValue<bool>("ok"));
  EXPECT_EQ(summary->getObject("connection")->getValue<std::string>("status"), "completed");

  const auto expected = fake().expected_objects();
  std::map<std::string, int> counts;
  for (const auto& e : expected) ++counts[e.type];
  ASSERT_EQ(counts.size(), 5u) << "the small portal must hold every type";
  for (const auto& [type, count] : counts) {
    EXPECT_EQ(summary->getObject("objects")->optValue<int>(type, -1), count) << type;
  }
  expect_stored_equals(expected);

  // `metadata show` prints the bytes HubSpot sent, whatever the label holds (escaped quotes,
  // backslashes and newlines must come back as HubSpot escaped them, not re-serialised).
  for (const auto* object : {find_object(expected, "contact_properties", has_quote),
                             find_object(expected, "deal_properties", has_backslash),
                             find_object(expected, "workflows"), find_object(expected, "forms", has_newline)}) {
    ASSERT_TRUE(object) << "the small portal lacks one of the objects shown";
    auto shown = cli().run({"metadata", "show", "--connection", "Portal", object->type, object->id});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(shown.out, object->json + "\n") << object->type << " " << object->id;
  }
}

TEST_F(HubSpotRetrieve, WithoutAutomationConnectWarnsAndRetrievalSkipsWorkflows) {
  auto options = small_portal();
  std::erase(options.granted_scopes, "automation");
  start(options);
  auto connected = connect_oauth("Portal", /*json=*/false);
  ASSERT_EQ(connected.exit_code, 0) << connected.err;
  // The plugin says what the missing scope disables; the engine's generic line would repeat it.
  EXPECT_THAT(connected.out, HasSubstr("warning: The portal did not grant automation: workflows cannot be retrieved\n"));
  EXPECT_THAT(connected.out, Not(HasSubstr("Some requested permissions were not granted")));
  auto connection = show_connection();
  ASSERT_EQ(connection->getArray("scopes_missing")->size(), 1u);
  EXPECT_EQ(connection->getArray("scopes_missing")->getElement<std::string>(0), "automation");

  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto summary = parse_object(run.out);
  EXPECT_EQ(summary->getObject("objects")->optValue<int>("workflows", 0), 0);
  // The run's warning is kept on the connection, after what connecting found.
  std::vector<std::string> warnings;
  auto list = show_connection()->getArray("warnings");
  for (unsigned i = 0; list && i < list->size(); ++i) warnings.push_back(list->getElement<std::string>(i));
  EXPECT_THAT(warnings, ::testing::IsSupersetOf({"The portal did not grant automation: workflows cannot be retrieved",
                                                "Skipped workflows: the portal did not grant automation"}));

  // Everything but the workflows, exactly.
  auto expected = fake().expected_objects();
  std::erase_if(expected, [](const fakes::ExpectedObject& o) { return o.type == "workflows"; });
  ASSERT_FALSE(expected.empty());
  expect_stored_equals(expected);
}

TEST_F(HubSpotRetrieve, ASecondRetrievalAfterThePortalChangedStoresTheNewPortal) {
  start();
  connect_oauth_ok();
  ASSERT_EQ(retrieve().exit_code, 0);
  const auto before = stored_hashes();
  expect_stored_equals(fake().expected_objects());

  fake().change_portal();
  const auto expected = fake().expected_objects();
  // The change must relabel, add and remove something, or this test proves little.
  std::set<ObjectKey> now;
  bool changed = false;
  bool added = false;
  for (const auto& e : expected) {
    now.insert({e.type, e.id});
    const auto old = before.find({e.type, e.id});
    if (old == before.end()) added = true;
    else if (old->second != sha256_hex(e.json)) changed = true;
  }
  const bool removed = std::any_of(before.begin(), before.end(), [&](const auto& kv) { return !now.count(kv.first); });
  ASSERT_TRUE(changed && added && removed) << changed << added << removed;

  auto run = retrieve();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_stored_equals(expected);
}

}  // namespace
}  // namespace hsd::testing
