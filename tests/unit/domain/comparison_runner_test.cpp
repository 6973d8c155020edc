// The comparison runner against real storage and the echo_source plugin: it compares type by
// type and stores each change with the result and the pinned snapshot ids; it lets its pins go
// at the end and when it fails (so pruning can take the snapshots again); a cancelled run stops
// in error with no changes left; the compare pipeline runs it as a job without a connection and
// records a failure on the comparison.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>

#include "domain/comparison_runner.hpp"
#include "domain/comparison_side_reader.hpp"
#include "domain/comparisons.hpp"
#include "domain/pipeline_run.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class ComparisonRunnerTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    ws_ = workspace("acme");
    prod_ = connect_echo(ws_, "prod");
    staging_ = connect_echo(ws_, "staging");
  }

  // A retrieval of count objects per type at a revision (each revision changes every object).
  void retrieve(const JsonObject& connection, int count, int revision) {
    PipelineRequest request;
    request.pipeline = "retrieve";
    request.target.connection = connection;
    request.target.plugin = "echo_source";
    request.target.workspace_id = ws_;
    request.params_json = "{\"count\":" + std::to_string(count) + ",\"revision\":" + std::to_string(revision) + "}";
    auto outcome = run_named_pipeline(engine(), credentials(), request);
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;
    ASSERT_TRUE(outcome->report.ok) << outcome->report.error->message;
  }

  std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }
  std::int64_t current_snapshot(const JsonObject& connection) {
    return row("connections", id_of(connection))->getValue<std::int64_t>("current_snapshot_id");
  }

  JsonObject create(const JsonObject& left, const JsonObject& right) {
    ComparisonRequest request;
    request.workspace_id = ws_;
    request.left.connection = id_of(left);
    request.right.connection = id_of(right);
    request.actor = Actor{std::nullopt, "test"};
    auto created = create_comparison(session(), engine(), request);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? *created : JsonObject(new Poco::JSON::Object);
  }

  std::vector<JsonObject> changes(std::int64_t comparison_id) {
    Query query;
    query.where.set("comparison_id", comparison_id);
    auto rows = session().find("comparison_changes", query);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<JsonObject>{};
  }

  // Activates a new (empty) snapshot of the connection keeping no earlier one: every earlier
  // snapshot without a live pin is pruned. Whether `snapshot` survived.
  bool survives_pruning(const JsonObject& connection, std::int64_t snapshot) {
    auto fresh = session().snapshot_create(id_of(connection));
    EXPECT_TRUE(fresh.ok());
    if (!fresh.ok()) return false;
    auto activated = session().snapshot_activate_keeping(*fresh, 0);
    EXPECT_TRUE(activated.ok()) << activated.error().message;
    return session().get("snapshots", snapshot).ok();
  }

  std::int64_t ws_ = 0;
  JsonObject prod_, staging_;
};

TEST_F(ComparisonRunnerTest, ComparesTypeByTypeAndStoresEachChangeAndTheResult) {
  retrieve(prod_, 3, 1);
  retrieve(staging_, 4, 2);
  const auto id = id_of(create(prod_, staging_));
  auto ran = run_comparison(engine(), credentials(), session(), id, nullptr);
  ASSERT_TRUE(ran.ok()) << ran.error().message;

  const auto done = row("comparisons", id);
  EXPECT_EQ(done->getValue<std::string>("state"), "completed");
  const auto types = engine().plugins().find("echo_source")->object_types();
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(done->getValue<std::int64_t>("progress_done"), static_cast<std::int64_t>(types.size()));
  EXPECT_EQ(done->getValue<std::int64_t>("progress_total"), static_cast<std::int64_t>(types.size()));
  // Each type: objects 1-3 changed (another revision), object 4 only on the right.
  auto result = done->getObject("result");
  for (const auto& type : types) {
    auto counts = result->getObject("types")->getObject(type);
    ASSERT_TRUE(counts) << type;
    EXPECT_EQ(counts->getValue<int>("changed"), 3) << type;
    EXPECT_EQ(counts->getValue<int>("added"), 1) << type;
    EXPECT_EQ(counts->getValue<int>("removed"), 0) << type;
    EXPECT_EQ(counts->getValue<int>("unchanged"), 0) << type;
  }
  const auto n = static_cast<int>(types.size());
  EXPECT_EQ(result->getObject("totals")->getValue<int>("changed"), 3 * n);
  EXPECT_EQ(done->getValue<int>("differences"), 4 * n);
  const auto stored = changes(id);
  ASSERT_EQ(stored.size(), static_cast<std::size_t>(4 * n));
  for (const auto& change : stored) {
    if (change->getValue<std::string>("kind") == "changed") {
      EXPECT_GT(change->getValue<int>("operations"), 0);
      EXPECT_THAT(change->getValue<std::string>("left_document"), HasSubstr("\"revision\":1"));
      EXPECT_THAT(change->getValue<std::string>("right_document"), HasSubstr("\"revision\":2"));
    }
  }
  // The sides say which snapshots were read.
  EXPECT_EQ(done->getObject("left_side")->getValue<std::int64_t>("snapshot"), current_snapshot(prod_));
  EXPECT_EQ(done->getObject("right_side")->getValue<std::int64_t>("snapshot"), current_snapshot(staging_));

  // Running it again (a retried job) starts from no changes: the same rows, not twice as many.
  ASSERT_TRUE(run_comparison(engine(), credentials(), session(), id, nullptr).ok());
  EXPECT_EQ(changes(id).size(), stored.size());
}

TEST_F(ComparisonRunnerTest, ASideComparedWithItselfHasNoChanges) {
  retrieve(prod_, 5, 1);
  const auto id = id_of(create(prod_, prod_));
  ASSERT_TRUE(run_comparison(engine(), credentials(), session(), id, nullptr).ok());
  const auto done = row("comparisons", id);
  EXPECT_EQ(done->getValue<int>("differences"), 0);
  EXPECT_EQ(done->getObject("result")->getObject("totals")->getValue<int>("unchanged"),
            5 * static_cast<int>(engine().plugins().find("echo_source")->object_types().size()));
  EXPECT_TRUE(changes(id).empty());
}

TEST_F(ComparisonRunnerTest, PinsEndWithTheRunSoPruningTakesTheSnapshotAgain) {
  retrieve(prod_, 2, 1);
  retrieve(staging_, 2, 1);
  const auto snapshot = current_snapshot(prod_);
  ASSERT_TRUE(run_comparison(engine(), credentials(), session(), id_of(create(prod_, staging_)), nullptr).ok());
  EXPECT_FALSE(survives_pruning(prod_, snapshot));

  // The control: a live pin of someone else keeps it, so the check above can fail.
  const auto kept = current_snapshot(staging_);
  ASSERT_TRUE(session().snapshot_pin(kept, "someone", now_ms() + kComparisonPinMs).ok());
  EXPECT_TRUE(survives_pruning(staging_, kept));
}

TEST_F(ComparisonRunnerTest, ACancelledRunStopsInErrorWithNoChangesAndItsPinsGone) {
  retrieve(prod_, 2, 1);
  retrieve(staging_, 2, 2);
  const auto snapshot = current_snapshot(prod_);
  const auto id = id_of(create(prod_, staging_));
  std::atomic<bool> cancel{true};
  auto ran = run_comparison(engine(), credentials(), session(), id, &cancel);
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().code, ErrorCode::cancelled);
  const auto done = row("comparisons", id);
  EXPECT_EQ(done->getValue<std::string>("state"), "error");
  EXPECT_EQ(done->getValue<std::string>("status_code"), "cancelled");
  EXPECT_TRUE(changes(id).empty());
  EXPECT_FALSE(survives_pruning(prod_, snapshot));
}

TEST_F(ComparisonRunnerTest, APrunedSideFailsNamingItAndLeavesTheOtherUnpinned) {
  retrieve(prod_, 2, 1);
  retrieve(staging_, 2, 1);
  const auto left = current_snapshot(prod_);
  const auto right = current_snapshot(staging_);
  const auto id = id_of(create(prod_, staging_));
  // The right side's snapshot goes before the run: the run reads whatever is current then,
  // so the pruned one is named by an explicit snapshot side.
  Poco::JSON::Object patch;
  auto side = row("comparisons", id)->getObject("right_side");
  side->set("kind", std::string("snapshot"));
  side->set("snapshot", right);
  patch.set("right_side", side);
  ASSERT_TRUE(session().update("comparisons", id, patch).ok());
  ASSERT_FALSE(survives_pruning(staging_, right));

  auto ran = run_comparison(engine(), credentials(), session(), id, nullptr);
  ASSERT_FALSE(ran.ok());
  EXPECT_THAT(ran.error().message, HasSubstr("right: snapshot " + std::to_string(right)));
  EXPECT_THAT(ran.error().message, HasSubstr("pruned"));
  const auto done = row("comparisons", id);
  EXPECT_EQ(done->getValue<std::string>("state"), "error");
  EXPECT_THAT(done->getValue<std::string>("status_detail"), HasSubstr("right: "));
  EXPECT_FALSE(survives_pruning(prod_, left));
}

TEST_F(ComparisonRunnerTest, TheComparePipelineRunsItWithoutAConnectionAndRecordsAFailure) {
  retrieve(prod_, 2, 1);
  retrieve(staging_, 2, 2);
  const auto id = id_of(create(prod_, staging_));
  PipelineRequest request;
  request.pipeline = "compare";
  request.target.workspace_id = ws_;
  request.params_json = "{\"comparison_id\":" + std::to_string(id) + "}";
  auto outcome = run_named_pipeline(engine(), credentials(), request);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  ASSERT_TRUE(outcome->report.ok) << outcome->report.error->message;
  EXPECT_EQ(row("comparisons", id)->getValue<std::string>("state"), "completed");

  // A comparison whose side's connection went away: the pipeline fails and the comparison says why.
  const auto other = connect_echo(ws_, "other");
  retrieve(other, 1, 1);
  const auto failing = id_of(create(prod_, other));
  auto side = row("comparisons", failing)->getObject("right_side");
  side->set("connection", 999999);
  Poco::JSON::Object patch;
  patch.set("right_side", side);
  ASSERT_TRUE(session().update("comparisons", failing, patch).ok());
  request.params_json = "{\"comparison_id\":" + std::to_string(failing) + "}";
  outcome = run_named_pipeline(engine(), credentials(), request);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_FALSE(outcome->report.ok);
  const auto failed = row("comparisons", failing);
  EXPECT_EQ(failed->getValue<std::string>("state"), "error");
  EXPECT_THAT(failed->getValue<std::string>("status_detail"), HasSubstr("right: connection 999999"));
  EXPECT_EQ(failed->getValue<std::string>("status_code"), "not_found");
}

}  // namespace
}  // namespace hsd::engine
