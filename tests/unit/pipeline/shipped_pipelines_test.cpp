// The pipelines we ship in config/pipelines validate against the engine's actions plus a
// source plugin, and behave as documented when run.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "fake_executor.hpp"
#include "hsd/engine/pipeline.hpp"
#include "test_catalog.hpp"

namespace hsd::engine {
namespace {

const std::filesystem::path kShipped = HSD_SHIPPED_PIPELINES;
using Strings = std::vector<std::string>;

// Engine actions and one source plugin: what a deployment with only HubSpot loads.
StaticActionCatalog shipped_catalog() {
  StaticActionCatalog catalog;
  catalog.add_plugin("engine", hsd::engine::engine_actions(), false);
  ActionInfo connect{"connect", "", {test::param("private_app_token", "string")}};
  ActionInfo retrieve{"retrieve", "", {test::param("types", "string_list")}};
  catalog.add_plugin("hubspot", {connect, {"refresh", "", {}}, retrieve, {"revoke", "", {}}}, true);
  return catalog;
}

TEST(ShippedPipelines, ValidateAndLoadAsASet) {
  const auto catalog = shipped_catalog();
  for (const char* name : {"connect", "retrieve", "refresh", "delete", "compare"}) {
    const auto errors = check_pipeline_file(kShipped / (std::string(name) + ".yaml"), catalog);
    std::string text;
    for (const auto& e : errors) text += e.message + "\n";
    EXPECT_EQ(text, "") << name;
  }
  auto set = load_pipeline_dir(kShipped, catalog);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->names(), (Strings{"backup", "compare", "connect", "delete", "refresh", "retrieve"}));
  ASSERT_NE(set->find("retrieve"), nullptr);
  EXPECT_EQ(set->find("nope"), nullptr);
}

// backup.yaml is for VCS connections: with a VCS plugin loaded its plugin steps are checked
// against it, and a VCS plugin lacking an action it uses is an error naming file and line.
TEST(ShippedPipelines, BackupIsCheckedAgainstTheVcsPlugins) {
  auto catalog = shipped_catalog();
  catalog.set_kind("hubspot", "source");
  ActionInfo status{"repo_status", "", {test::param("repository", "string", true), test::param("full_name", "string")}};
  ActionInfo backup{"backup", "", {test::param("repository", "string", true)}};
  catalog.add_plugin("git", {status, backup}, true).set_kind("git", "vcs_target");
  const auto errors = check_pipeline_file(kShipped / "backup.yaml", catalog);
  std::string text;
  for (const auto& e : errors) text += e.message + "\n";
  EXPECT_EQ(text, "");

  catalog.add_plugin("git", {status}, true).set_kind("git", "vcs_target");
  const auto missing = check_pipeline_file(kShipped / "backup.yaml", catalog);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].message.find("backup.yaml:"), std::string::npos) << missing[0].message;
  EXPECT_NE(missing[0].message.find("unknown action 'backup': no connection plugin (git) offers it"), std::string::npos)
      << missing[0].message;
}

class ShippedRun : public ::testing::Test {
 protected:
  ShippedRun() : catalog_(shipped_catalog()), executor_(catalog_) {
    auto set = load_pipeline_dir(kShipped, catalog_);
    EXPECT_TRUE(set.ok());
    if (set.ok()) set_ = std::move(*set);
    options_.sleep = [](std::chrono::milliseconds) {};
  }
  RunReport run(const std::string& name, const std::string& params = "{}") {
    return run_pipeline(*set_.find(name), {R"({"plugin": "hubspot", "id": "c1"})", params},
                        executor_, {}, options_);
  }
  StaticActionCatalog catalog_;
  test::FakeExecutor executor_;
  PipelineSet set_;
  RunOptions options_;
};

TEST_F(ShippedRun, RetrieveHappyPath) {
  executor_.script("snapshot", {std::string(R"({"snapshot_id": "s1"})")});
  auto report = run("retrieve", R"({"types": ["forms"]})");
  ASSERT_TRUE(report.ok) << report.error->message;
  EXPECT_EQ(executor_.called_ids(),
            (Strings{"status", "token", "snapshot", "fetch", "activate", "done"}));
  EXPECT_EQ(executor_.last_call("fetch")->plugin, "hubspot");
  EXPECT_EQ(executor_.last_call("fetch")->with_json, R"({"types":["forms"]})");
  EXPECT_EQ(executor_.last_call("done")->with_json, R"({"status":"completed"})");
}

TEST_F(ShippedRun, RetrieveFailureDiscardsTheSnapshotAndRecordsTheError) {
  executor_.script("snapshot", {std::string(R"({"snapshot_id": "s1"})")});
  executor_.script("fetch", {make_error(ErrorCode::unauthenticated, "HubSpot said 401")});
  auto report = run("retrieve");
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.called_ids(),
            (Strings{"status", "token", "snapshot", "fetch", "discard", "failed"}));
  auto failed = Poco::JSON::Parser()
                    .parse(executor_.last_call("failed")->with_json)
                    .extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(failed->getValue<std::string>("status"), "error");
  EXPECT_EQ(failed->getValue<std::string>("detail"), "HubSpot said 401");
  EXPECT_EQ(report.failed_step, "fetch");
}

TEST_F(ShippedRun, RetrieveFailureBeforeTheSnapshotDiscardsNothing) {
  executor_.script("token", {make_error(ErrorCode::unauthenticated, "refresh failed")});
  auto report = run("retrieve");
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.called_ids(), (Strings{"status", "token", "failed"}));
  EXPECT_EQ(report.steps_skipped, (Strings{"discard"}));
}

TEST_F(ShippedRun, DeleteGoesOnWhenRevokeFails) {
  executor_.script("revoke", {make_error(ErrorCode::unavailable, "provider down")});
  auto report = run("delete");
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(executor_.called_ids(), (Strings{"revoke", "remove"}));
}

TEST_F(ShippedRun, ConnectPassesParamsAndSavesFromTheConnectStep) {
  auto report = run("connect", R"({"private_app_token": "pat-na1-123"})");
  ASSERT_TRUE(report.ok) << report.error->message;
  EXPECT_EQ(executor_.last_call("connect")->with_json, R"({"private_app_token":"pat-na1-123"})");
  EXPECT_EQ(executor_.last_call("save")->with_json, R"({"from_step":"connect"})");
}

TEST_F(ShippedRun, RefreshForcesTheCredentialServiceAndRecordsItsError) {
  Error refused = make_error(ErrorCode::unauthenticated, "Token refresh failed: reconnect the portal");
  refused.reason = "reauth_required";
  executor_.script("refresh", {refused});
  auto report = run("refresh");
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.called_ids(), (Strings{"refresh", "on_error_1"}));
  EXPECT_EQ(executor_.last_call("refresh")->plugin, "engine");
  EXPECT_EQ(executor_.last_call("refresh")->with_json, R"({"force":true})");
  EXPECT_EQ(executor_.last_call("on_error_1")->with_json,
            R"({"code":"reauth_required","detail":"Token refresh failed: reconnect the portal","status":"error"})");
}

// compare.yaml has no `for:` and no connection steps: one engine step, its failure recorded
// on the comparison with the error's message and code.
TEST_F(ShippedRun, CompareRunsTheComparisonAndRecordsItsFailure) {
  auto report = run("compare", R"({"comparison_id": 12})");
  ASSERT_TRUE(report.ok) << report.error->message;
  EXPECT_EQ(executor_.called_ids(), (Strings{"compare"}));
  EXPECT_EQ(executor_.last_call("compare")->plugin, "engine");
  EXPECT_EQ(executor_.last_call("compare")->action, "run_comparison");
  EXPECT_EQ(executor_.last_call("compare")->with_json, R"({"comparison_id":12})");

  executor_.calls.clear();
  Error missing = make_error(ErrorCode::not_found, "right: backup 3 has no ref 'nope' in acme/x");
  missing.reason = "REF_NOT_FOUND";
  executor_.script("compare", {missing});
  report = run("compare", R"({"comparison_id": 12})");
  ASSERT_FALSE(report.ok);
  EXPECT_EQ(executor_.called_ids(), (Strings{"compare", "failed"}));
  EXPECT_EQ(executor_.last_call("failed")->action, "fail_comparison");
  EXPECT_EQ(executor_.last_call("failed")->with_json,
            R"({"code":"REF_NOT_FOUND","comparison_id":12,"error":"right: backup 3 has no ref 'nope' in acme/x"})");
}

TEST_F(ShippedRun, RetrievePassesTheRunsParamsToThePlugin) {
  executor_.script("snapshot", {std::string(R"({"snapshot_id": "s1"})")});
  auto report = run("retrieve");
  ASSERT_TRUE(report.ok) << report.error->message;
  EXPECT_EQ(executor_.last_call("fetch")->with_json, "{}");
}

}  // namespace
}  // namespace hsd::engine
