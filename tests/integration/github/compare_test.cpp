// Comparisons with the real binary (`hsdeploy compare`): two portals of the fake HubSpot (the
// default one and its staging variant, another account's copy with known differences planted)
// give exactly the planted differences; a portal against its own backup in the fake GitHub and
// against itself gives none; after a change in the portal and a new retrieval, exactly that
// change against the backup and against the earlier snapshot; bad sides exit 2 naming the side.
// What "differs" is never hard-coded: it comes from the fakes (/__fake/planted, /__fake/expected).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <map>
#include <set>
#include <tuple>

#include "github_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kStagingToken = "pat-na1-99999999-8888-7777-6666-555555555555";

// The fake's kind names (its library cannot be linked here: see hubspot_source_main.cpp).
std::string kind_name(fakes::PlantedDifference::Kind kind) {
  switch (kind) {
    case fakes::PlantedDifference::Kind::kAdded: return "added";
    case fakes::PlantedDifference::Kind::kRemoved: return "removed";
    case fakes::PlantedDifference::Kind::kChanged: return "changed";
    case fakes::PlantedDifference::Kind::kAmbiguous: return "ambiguous";
  }
  return "";
}

// (type, kind, key): one reported or expected difference.
using Difference = std::tuple<std::string, std::string, std::string>;

struct Compared {
  CliResult result;
  Object::Ptr view;  // the comparison view with its changes; null when none was printed
};

// "email" for the stored key "\"email\"" (match() keeps a key as canonical JSON text).
std::string plain_key(const std::string& key) {
  try {
    auto wrapped = gh_parse_object("{\"k\":" + key + "}");
    if (wrapped->get("k").isString()) return wrapped->getValue<std::string>("k");
  } catch (const std::exception&) {
  }
  return key;
}

std::set<Difference> reported(const Object::Ptr& view) {
  std::set<Difference> out;
  auto changes = view->getArray("changes");
  for (unsigned i = 0; changes && i < changes->size(); ++i) {
    auto c = changes->getObject(i);
    out.insert({c->getValue<std::string>("type"), c->getValue<std::string>("kind"),
                plain_key(c->getValue<std::string>("key"))});
  }
  return out;
}

std::set<Difference> of_kind(const std::set<Difference>& all, const std::string& kind) {
  std::set<Difference> out;
  for (const auto& d : all) {
    if (std::get<1>(d) == kind) out.insert(d);
  }
  return out;
}

// (type, name) -> the object's exact JSON, for every object a complete retrieval produces.
std::map<std::pair<std::string, std::string>, std::string> by_name(const std::vector<fakes::ExpectedObject>& objects) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const auto& o : objects) {
    auto json = gh_parse_object(o.json);
    out[{o.type, json->optValue<std::string>("name", o.id)}] = o.json;
  }
  return out;
}

class Compare : public GitHubCliTest {
 protected:
  void SetUp() override {
    start();
    connect_portal();
  }

  // The staging portal runs in a fake of its own; connect and retrieve reach it through the
  // connector's base URLs, pointed at it for those two runs only.
  void connect_staging() {
    staging_ = std::make_unique<HubSpotSource>(true);
    staging_->add_private_app_token(kStagingToken);
    add_secret(kStagingToken);
    const std::map<std::string, std::string> env = {{"HSD_CONNECTORS_HUBSPOT_API_BASE_URL", staging_->base_url()},
                                                    {"HSD_CONNECTORS_HUBSPOT_AUTH_BASE_URL", staging_->base_url()}};
    auto connected = run({"connect", "hubspot", "--private-app-token", kStagingToken, "--label", "Staging"}, env);
    ASSERT_EQ(connected.exit_code, 0) << connected.err;
    auto retrieved = run({"run", "retrieve", "--connection", "Staging"}, env);
    ASSERT_EQ(retrieved.exit_code, 0) << retrieved.err;
  }

  // A repository with a backup of Portal run once; the backup's id.
  std::int64_t backed_up() {
    const auto repo = create_repo(kOrg, "hubspot-config");
    repo_path_ = repo.path;
    connect_github_ok(classic_token());
    add_repo_ok(repo.full_name);
    const auto id = add_backup_ok(repo.full_name, {"--path", "portals"})->getValue<std::int64_t>("id");
    auto [result, record] = run_backup(id);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return id;
  }

  Compared compare(const std::vector<std::string>& sides) {
    std::vector<std::string> args{"compare"};
    args.insert(args.end(), sides.begin(), sides.end());
    args.insert(args.end(), {"--output", "json"});
    Compared out;
    out.result = run(args);
    if (!out.result.out.empty()) {
      try {
        out.view = gh_parse_object(out.result.out);
      } catch (const std::exception&) {
      }
    }
    return out;
  }

  std::unique_ptr<HubSpotSource> staging_;
  std::string repo_path_;
};

TEST_F(Compare, TwoPortalsGiveExactlyThePlantedDifferences) {
  connect_staging();
  const auto planted = staging_->planted();
  ASSERT_FALSE(planted.empty());
  std::set<Difference> expected;
  std::set<std::string> planted_types;
  for (const auto& p : planted) {
    expected.insert({p.type, kind_name(p.kind), p.key});
    planted_types.insert(p.type);
  }
  auto compared = compare({"Portal", "Staging"});
  ASSERT_EQ(compared.result.exit_code, 1) << compared.result.out << compared.result.err;
  ASSERT_TRUE(compared.view) << compared.result.out;
  EXPECT_EQ(compared.view->getValue<std::string>("status"), "completed");
  EXPECT_EQ(reported(compared.view), expected);

  // The summary counts the same, type by type; every planted type is in it.
  auto summary = compared.view->getObject("summary");
  ASSERT_TRUE(summary);
  for (const auto& type : planted_types) {
    auto counts = summary->getObject(type);
    ASSERT_TRUE(counts) << type;
    for (const char* kind : {"added", "removed", "changed"}) {
      const auto want = of_kind(expected, kind);
      std::size_t n = 0;
      for (const auto& d : want) n += std::get<0>(d) == type ? 1 : 0;
      EXPECT_EQ(counts->getValue<std::size_t>(kind), n) << type << " " << kind;
    }
  }
  // What differs is a few objects among many: the others match across the two accounts.
  EXPECT_GT(compared.view->getObject("totals")->getValue<std::size_t>("unchanged"), 50u);
  const auto differences = of_kind(expected, "added").size() + of_kind(expected, "removed").size() +
                           of_kind(expected, "changed").size();
  EXPECT_EQ(compared.view->getValue<std::size_t>("differences"), differences);

  // Each changed object says how many operations; an ambiguous key names the objects on each side.
  auto changes = compared.view->getArray("changes");
  bool saw_ambiguous = false;
  for (unsigned i = 0; i < changes->size(); ++i) {
    auto c = changes->getObject(i);
    const auto kind = c->getValue<std::string>("kind");
    if (kind == "changed") {
      EXPECT_GT(c->getValue<int>("operations"), 0) << c->getValue<std::string>("key");
    }
    if (kind == "added") {
      EXPECT_EQ(c->getValue<std::string>("left_id"), "");
    }
    if (kind == "removed") {
      EXPECT_EQ(c->getValue<std::string>("right_id"), "");
    }
    if (kind == "ambiguous") {
      saw_ambiguous = true;
      // Doubled on the right (staging): two ids there, joined by ", ".
      EXPECT_THAT(c->getValue<std::string>("left_id") + "|" + c->getValue<std::string>("right_id"), HasSubstr(", "));
    }
  }
  EXPECT_EQ(saw_ambiguous, !of_kind(expected, "ambiguous").empty());

  // The sides name what was read: both current snapshots, pinned by id.
  auto left = compared.view->getObject("left");
  auto right = compared.view->getObject("right");
  EXPECT_EQ(left->getValue<std::string>("label"), "Portal");
  EXPECT_EQ(right->getValue<std::string>("label"), "Staging");
  EXPECT_FALSE(left->isNull("snapshot"));
  EXPECT_FALSE(right->isNull("snapshot"));

  // The text form: a line of counts per type, then one line per object, ? for an ambiguous key.
  auto text = run({"compare", "Portal", "Staging"});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  for (const auto& [type, kind, key] : expected) {
    const std::string mark = kind == "added" ? "+ " : kind == "removed" ? "- " : kind == "changed" ? "~ " : "? ";
    EXPECT_THAT(text.out, HasSubstr(mark + type + " " + key)) << text.out;
  }
  for (const auto& type : planted_types) EXPECT_THAT(text.out, HasSubstr(type + ": ")) << text.out;
}

TEST_F(Compare, APortalAgainstItselfAndItsOwnBackupShowsNothing) {
  auto itself = compare({"Portal", "Portal"});
  ASSERT_EQ(itself.result.exit_code, 0) << itself.result.out << itself.result.err;
  EXPECT_EQ(itself.view->getValue<int>("differences"), 0);
  EXPECT_EQ(itself.view->getArray("changes")->size(), 0u);

  const auto backup = backed_up();
  auto compared = compare({"Portal", "backup:" + std::to_string(backup)});
  ASSERT_EQ(compared.result.exit_code, 0) << compared.result.out << compared.result.err;
  EXPECT_EQ(compared.view->getValue<int>("differences"), 0);
  EXPECT_EQ(compared.view->getArray("changes")->size(), 0u);
  // Every object matched: what the snapshot holds is all unchanged.
  auto totals = compared.view->getObject("totals");
  EXPECT_EQ(totals->getValue<std::size_t>("unchanged"), stored_hashes().size());
  auto right = compared.view->getObject("right");
  EXPECT_EQ(right->getValue<std::string>("kind"), "backup");
  EXPECT_EQ(right->getValue<std::string>("commit"), tip(repo_path_));
  EXPECT_EQ(right->getValue<std::string>("ref"), "main");

  auto text = run({"compare", "Portal", "backup:" + std::to_string(backup)});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("No differences"));
}

TEST_F(Compare, AfterAChangeInThePortalExactlyThatChangeAgainstTheBackupAndTheEarlierSnapshot) {
  const auto backup = backed_up();
  const auto before = by_name(hs().expected_objects());
  auto first = compare({"Portal", "Portal"});
  ASSERT_EQ(first.result.exit_code, 0) << first.result.err;
  const auto earlier = first.view->getObject("left")->getValue<std::int64_t>("snapshot");

  hs().change_portal();
  ASSERT_EQ(retrieve().exit_code, 0);
  const auto after = by_name(hs().expected_objects());
  // What the fake changed, by natural key (the name): added, removed, and the objects whose
  // JSON differs (a relabel must show; a change only to ignored fields, such as times, must not).
  std::set<Difference> added, removed;
  std::set<std::pair<std::string, std::string>> differing, relabelled;
  for (const auto& [key, json] : after) {
    auto found = before.find(key);
    if (found == before.end()) {
      added.insert({key.first, "added", key.second});
    } else if (found->second != json) {
      differing.insert(key);
      if (gh_parse_object(found->second)->optValue<std::string>("label", "") !=
          gh_parse_object(json)->optValue<std::string>("label", "")) {
        relabelled.insert(key);
      }
    }
  }
  for (const auto& [key, json] : before) {
    if (!after.count(key)) removed.insert({key.first, "removed", key.second});
  }
  ASSERT_FALSE(added.empty() && removed.empty() && relabelled.empty()) << "the fake's change changed nothing";

  for (const std::string& left : {"backup:" + std::to_string(backup), "Portal@" + std::to_string(earlier)}) {
    auto compared = compare({left, "Portal"});
    ASSERT_EQ(compared.result.exit_code, 1) << left << compared.result.out << compared.result.err;
    const auto found = reported(compared.view);
    EXPECT_EQ(of_kind(found, "added"), added) << left;
    EXPECT_EQ(of_kind(found, "removed"), removed) << left;
    EXPECT_TRUE(of_kind(found, "ambiguous").empty()) << left;
    std::set<std::pair<std::string, std::string>> changed;
    for (const auto& [type, kind, key] : of_kind(found, "changed")) changed.insert({type, key});
    for (const auto& key : changed) EXPECT_TRUE(differing.count(key)) << left << ": " << key.first << " " << key.second;
    for (const auto& key : relabelled) EXPECT_TRUE(changed.count(key)) << left << ": " << key.first << " " << key.second;
  }
  // The earlier snapshot stays readable after the comparison let it go (the pin ended, the
  // snapshot is kept by retention), and a second comparison finds the same.
  auto again = compare({"Portal@" + std::to_string(earlier), "Portal"});
  EXPECT_EQ(again.result.exit_code, 1) << again.result.err;
}

TEST_F(Compare, BadSidesExitTwoNamingTheSide) {
  auto unknown = compare({"nope", "Portal"});
  EXPECT_EQ(unknown.result.exit_code, 2);
  EXPECT_THAT(unknown.result.err, HasSubstr("left"));
  EXPECT_THAT(unknown.result.err, HasSubstr("nope"));

  auto unknown_right = compare({"Portal", "nope"});
  EXPECT_EQ(unknown_right.result.exit_code, 2);
  EXPECT_THAT(unknown_right.result.err, HasSubstr("right: "));
  EXPECT_THAT(unknown_right.result.err, HasSubstr("nope"));

  auto pruned = compare({"Portal", "Portal@999999"});
  EXPECT_EQ(pruned.result.exit_code, 2);
  EXPECT_THAT(pruned.result.err, HasSubstr("right: "));
  EXPECT_THAT(pruned.result.err, HasSubstr("999999"));

  const auto backup = backed_up();
  auto no_ref = compare({"Portal", "backup:" + std::to_string(backup) + "@no-such-branch"});
  EXPECT_EQ(no_ref.result.exit_code, 2) << no_ref.result.out;
  EXPECT_THAT(no_ref.result.err, HasSubstr("right: backup " + std::to_string(backup) + " has no ref 'no-such-branch'"));

  auto no_backup = compare({"backup:999", "Portal"});
  EXPECT_EQ(no_backup.result.exit_code, 2);
  EXPECT_THAT(no_backup.result.err, HasSubstr("backup"));
  EXPECT_THAT(no_backup.result.err, HasSubstr("999"));

  // A backup configured on a branch it never wrote to: the repository holds no backup there.
  const auto unwritten = add_backup_ok("acme/hubspot-config", {"--path", "elsewhere"})->getValue<std::int64_t>("id");
  auto empty = compare({"Portal", "backup:" + std::to_string(unwritten)});
  EXPECT_EQ(empty.result.exit_code, 2) << empty.result.out;
  EXPECT_THAT(empty.result.err, HasSubstr("right: no backup of hubspot account"));
  EXPECT_THAT(empty.result.err, HasSubstr("elsewhere"));

  // An unknown type is refused before anything runs, naming it.
  auto bad_type = compare({"Portal", "Portal", "--type", "nope_type"});
  EXPECT_EQ(bad_type.result.exit_code, 2);
  EXPECT_THAT(bad_type.result.err, HasSubstr("nope_type"));
}

TEST_F(Compare, TypesLimitTheComparison) {
  connect_staging();
  auto compared = compare({"Portal", "Staging", "--type", "forms"});
  ASSERT_TRUE(compared.view) << compared.result.err;
  auto summary = compared.view->getObject("summary");
  std::vector<std::string> names;
  summary->getNames(names);
  EXPECT_EQ(names, std::vector<std::string>{"forms"});
  for (const auto& [type, kind, key] : reported(compared.view)) EXPECT_EQ(type, "forms") << key;
}

}  // namespace
}  // namespace hsd::testing
