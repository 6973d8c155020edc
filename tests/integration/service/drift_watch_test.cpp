// Drift watches over the real `hsdeploy serve`: a watch of the source against its backup is
// clean, raises its warning (on the connection's view, in `connections show` and in /metrics)
// after a change at the portal and a retrieval, clears it when the backup is redone, and keeps
// its newest five comparisons; who may manage watches; bad bodies named by field.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "comparison_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::int64_t id_of(const Poco::JSON::Object::Ptr& object) { return object->getValue<std::int64_t>("id"); }

class DriftWatches : public ComparisonServiceTest {
 protected:
  std::string watch_body() const {
    return R"({"connection":)" + str(source_) + R"(,"against":)" + backup_side() + "}";
  }

  // POST .../watches as the owner, asserting 201; the view.
  Poco::JSON::Object::Ptr add_watch() {
    auto reply = api().post(ws_path() + "/watches", owner().token, watch_body());
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) throw std::runtime_error("adding the watch failed: " + reply.body);
    return reply.json();
  }

  // POST .../run, then waits for that comparison and for the watch to record it; the watch.
  Poco::JSON::Object::Ptr run_now(std::int64_t watch) {
    auto reply = api().post(watch_path(watch) + "/run", owner().token);
    EXPECT_EQ(reply.status, 202) << reply.body;
    if (reply.status != 202) throw std::runtime_error("running the watch failed: " + reply.body);
    const auto comparison = id_of(reply.json()->getObject("comparison"));
    EXPECT_EQ(reply.json()->getObject("comparison")->getValue<std::int64_t>("watch"), watch);
    return wait_watch(watch, comparison);
  }

  // Polls the watch until its last comparison is `comparison` (or, with 0, any newer than the
  // one it had); the watch.
  Poco::JSON::Object::Ptr wait_watch(std::int64_t watch, std::int64_t comparison, std::int64_t newer_than = 0) {
    Poco::JSON::Object::Ptr view;
    poll_until(
        [&] {
          auto reply = api().get(watch_path(watch), owner().token);
          if (reply.status != 200) return false;
          view = reply.json();
          if (view->isNull("last_comparison")) return false;
          const auto last = view->getValue<std::int64_t>("last_comparison");
          return comparison ? last == comparison : last > newer_than;
        },
        "watch " + str(watch) + " to record its comparison", kBackupWait);
    return view;
  }

  Poco::JSON::Array::Ptr drift() { return get_object(connection_path(source_))->getArray("drift"); }

  std::string metrics() { return api().get("/metrics").body; }
};

TEST_F(DriftWatches, AWatchRaisesItsWarningAfterAChangeAndClearsItWhenTheBackupIsRedone) {
  auto watch = add_watch();
  const auto id = id_of(watch);
  EXPECT_EQ(watch->getValue<std::string>("label"), std::string(kRepo) + "@main");
  EXPECT_EQ(watch->getValue<std::string>("state"), "");
  EXPECT_EQ(watch->getObject("against")->getValue<std::string>("kind"), "backup");
  EXPECT_EQ(watch->getValue<std::int64_t>("connection"), source_);

  // Run now: the portal is what the backup wrote.
  auto clean = run_now(id);
  EXPECT_EQ(clean->getValue<std::string>("state"), "clean") << clean->getValue<std::string>("state_detail");
  EXPECT_EQ(clean->getValue<std::int64_t>("differences"), 0);
  EXPECT_EQ(drift()->size(), 0u);
  const auto first = clean->getValue<std::int64_t>("last_comparison");

  // The portal changes; the next retrieval queues the watch by itself, and it finds drift.
  hubspot().change_portal();
  retrieve();
  auto drifted = wait_watch(id, 0, first);
  ASSERT_EQ(drifted->getValue<std::string>("state"), "drift") << drifted->getValue<std::string>("state_detail");
  const auto differences = drifted->getValue<std::int64_t>("differences");
  EXPECT_GT(differences, 0);
  auto comparison = get_object(comparison_path(drifted->getValue<std::int64_t>("last_comparison")));
  EXPECT_EQ(comparison->getValue<std::int64_t>("differences"), differences);
  EXPECT_EQ(comparison->getValue<std::int64_t>("watch"), id);

  const std::string message = str(differences) + " differences from " + kRepo + "@main";
  auto warnings = drift();
  ASSERT_EQ(warnings->size(), 1u);
  auto warning = warnings->getObject(0);
  EXPECT_EQ(warning->getValue<std::string>("message"), message);
  EXPECT_EQ(warning->getValue<std::int64_t>("watch"), id);
  EXPECT_EQ(warning->getValue<std::int64_t>("differences"), differences);
  EXPECT_EQ(warning->getValue<std::int64_t>("comparison"), id_of(comparison));
  // The workspace's list of connections carries it too, and `connections show` prints it.
  auto listed = get_array(ws_path() + "/connections");
  bool found = false;
  for (std::size_t i = 0; i < listed->size(); ++i) {
    auto connection = listed->getObject(static_cast<unsigned>(i));
    if (id_of(connection) == source_) found = connection->getArray("drift")->size() == 1;
  }
  EXPECT_TRUE(found) << "the connection's list view carries the warning";
  auto shown = service().cli().run({"connections", "show", str(source_)});
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("warning: " + message));
  auto listed_watches = service().cli().run({"watches", "list"});
  EXPECT_EQ(listed_watches.exit_code, 0) << listed_watches.err;
  EXPECT_THAT(listed_watches.out, HasSubstr(message));

  const std::string gauge = "hsd_drift_differences{connection=\"" + str(source_) + "\",watch=\"" + str(id) + "\"} ";
  EXPECT_THAT(metrics(), HasSubstr(gauge + str(differences) + "\n"));
  EXPECT_THAT(metrics(), HasSubstr("hsd_comparisons_finished_total{status=\"completed\"} "));

  // The backup is redone: the approved configuration is the portal's again, and the warning goes.
  run_backup();
  auto cleared = run_now(id);
  EXPECT_EQ(cleared->getValue<std::string>("state"), "clean") << cleared->getValue<std::string>("state_detail");
  EXPECT_EQ(cleared->getValue<std::int64_t>("differences"), 0);
  EXPECT_EQ(drift()->size(), 0u);
  EXPECT_THAT(metrics(), HasSubstr(gauge + "0\n"));
  auto quiet = service().cli().run({"connections", "show", str(source_)});
  EXPECT_THAT(quiet.out, ::testing::Not(HasSubstr("warning:")));
}

// The command line on the service's database: add (the side in its text form), run here and
// now, list, remove; a bad side is a usage error naming it.
TEST_F(DriftWatches, TheCommandLineAddsRunsListsAndRemovesAWatch) {
  const auto& cli = service().cli();
  auto bad = cli.run({"watches", "add", "--connection", str(source_), "--against", "backup:x"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_THAT(bad.err, HasSubstr("against"));
  auto missing = cli.run({"watches", "add", "--connection", str(source_)});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;

  auto added = cli.run({"--output", "json", "watches", "add", "--connection", str(source_), "--against",
                        "backup:" + str(backup_), "--type", "forms", "--type", "workflows"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  Poco::JSON::Parser parser;
  auto view = parser.parse(added.out).extract<Poco::JSON::Object::Ptr>();
  const auto id = id_of(view);
  EXPECT_EQ(view->getValue<std::string>("label"), std::string(kRepo) + "@main");
  EXPECT_EQ(view->getArray("types")->size(), 2u);
  EXPECT_EQ(get_object(watch_path(id))->getValue<std::int64_t>("connection"), source_) << "the API sees it";

  auto ran = cli.run({"watches", "run", str(id)});
  EXPECT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("watch " + str(id) + " (comparison "));
  EXPECT_THAT(ran.out, HasSubstr("clean"));
  auto after = get_object(watch_path(id));
  EXPECT_EQ(after->getValue<std::string>("state"), "clean") << after->getValue<std::string>("state_detail");
  auto comparison = get_object(comparison_path(after->getValue<std::int64_t>("last_comparison")));
  EXPECT_EQ(comparison->getValue<std::string>("status"), "completed");
  EXPECT_EQ(comparison->getArray("types")->size(), 2u) << "the watch's types limit its comparisons";

  auto listed = cli.run({"watches", "list", "--connection", str(source_)});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(std::string(kRepo) + "@main"));
  EXPECT_THAT(listed.out, HasSubstr("forms,workflows"));

  auto removed = cli.run({"watches", "remove", str(id)});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(api().get(watch_path(id), owner().token).status, 404);
  auto again = cli.run({"watches", "remove", str(id)});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("watch " + str(id) + " not found"));
}

TEST_F(DriftWatches, AWatchKeepsItsNewestFiveComparisons) {
  const auto id = id_of(add_watch());
  std::vector<std::int64_t> made;
  for (int run = 0; run < 7; ++run) {
    auto watch = run_now(id);
    made.push_back(watch->getValue<std::int64_t>("last_comparison"));
  }
  std::vector<std::int64_t> kept;
  auto listed = get_array(ws_path() + "/comparisons");
  for (std::size_t i = 0; i < listed->size(); ++i) {
    auto comparison = listed->getObject(static_cast<unsigned>(i));
    if (!comparison->isNull("watch") && comparison->getValue<std::int64_t>("watch") == id) kept.push_back(id_of(comparison));
  }
  // Newest first, as the list gives them: the last five made.
  EXPECT_EQ(kept, (std::vector<std::int64_t>{made[6], made[5], made[4], made[3], made[2]}));
  EXPECT_EQ(api().get(comparison_path(made[0]), owner().token).status, 404);
}

TEST_F(DriftWatches, OnlyAdminsAndOwnersManageWatchesAndOtherWorkspacesSeeNone) {
  add_people();
  auto refused = api().post(ws_path() + "/watches", member_, watch_body());
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto made = api().post(ws_path() + "/watches", admin_, watch_body());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto id = id_of(made.json());

  EXPECT_EQ(api().get(watch_path(id), member_).status, 200);
  EXPECT_EQ(api().get(ws_path() + "/watches", member_).status, 200);
  EXPECT_EQ(api().post(watch_path(id) + "/run", member_).status, 403);
  EXPECT_EQ(api().del(watch_path(id), member_).status, 403);
  for (const std::string& path : {watch_path(id), ws_path() + "/watches"}) {
    EXPECT_EQ(api().get(path, outsider_.token).status, 404) << path;
    EXPECT_EQ(api().get(path).status, 401) << path;
  }
  EXPECT_EQ(api().post(watch_path(id) + "/run", outsider_.token).status, 404);
  EXPECT_EQ(api().del(watch_path(id), outsider_.token).status, 404);
  EXPECT_EQ(api().get(watch_path(id), owner().token).status, 200) << "refused calls change nothing";

  auto run = api().post(watch_path(id) + "/run", admin_);
  EXPECT_EQ(run.status, 202) << run.body;
  if (run.status == 202) wait_comparison(id_of(run.json()->getObject("comparison")));
  EXPECT_EQ(api().del(watch_path(id), admin_).status, 204);
  EXPECT_EQ(api().get(watch_path(id), owner().token).status, 404);
  if (run.status == 202) {
    EXPECT_EQ(api().get(comparison_path(id_of(run.json()->getObject("comparison"))), owner().token).status, 404)
        << "a removed watch takes its comparisons";
  }
}

TEST_F(DriftWatches, BadBodiesAnswer422NamingTheField) {
  const std::string c = str(source_), b = str(backup_), vcs = str(github_connection_);
  struct Case {
    std::string body;
    std::string field;
    std::string says;
  };
  auto history = get_array(connection_path(source_) + "/snapshots");
  ASSERT_GT(history->size(), 0u);
  const auto snapshot = str(history->getObject(0)->getValue<std::int64_t>("id"));
  const std::vector<Case> cases = {
      {R"({"against":{"backup":)" + b + "}}", "connection", "required"},
      {R"({"connection":)" + c + "}", "against", "required"},
      {R"({"connection":"prod","against":{"backup":)" + b + "}}", "connection", ""},
      {R"({"connection":)" + vcs + R"(,"against":{"backup":)" + b + "}}", "connection", "not a source"},
      {R"({"connection":999999,"against":{"backup":)" + b + "}}", "connection", "999999"},
      {R"({"connection":)" + c + R"(,"against":{"connection":)" + c + "}}", "against.connection", "itself"},
      {R"({"connection":)" + c + R"(,"against":{"connection":)" + c + R"(,"snapshot":)" + snapshot + "}}",
       "against.snapshot", ""},
      {R"({"connection":)" + c + R"(,"against":{"backup":999999}})", "against", "999999"},
      {R"({"connection":)" + c + R"(,"against":{"backup":)" + b + R"(,"colour":1}})", "against.colour", ""},
      {R"({"connection":)" + c + R"(,"against":{"backup":)" + b + R"(},"types":["no_such_type"]})", "types",
       "no_such_type"},
      {R"({"connection":)" + c + R"(,"against":{"backup":)" + b + R"(},"every":"hour"})", "every", "unknown"},
  };
  for (const auto& bad : cases) {
    auto reply = api().post(ws_path() + "/watches", owner().token, bad.body);
    EXPECT_EQ(reply.status, 422) << bad.body << " -> " << reply.body;
    EXPECT_THAT(reply.error_field(), StartsWith(bad.field)) << bad.body << " -> " << reply.body;
    EXPECT_THAT(reply.error_message(), HasSubstr(bad.says)) << bad.body;
  }
  EXPECT_EQ(get_array(ws_path() + "/watches")->size(), 0u) << "a refused body stores nothing";
  add_watch();
  auto twice = api().post(ws_path() + "/watches", owner().token, watch_body());
  EXPECT_EQ(twice.status, 409) << twice.body;
}

}  // namespace
}  // namespace hsd::testing
