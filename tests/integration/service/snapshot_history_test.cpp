// Snapshot history through the real service against the fake HubSpot: a second retrieval keeps
// the first snapshot (retention.snapshots, default 10) and the API, the CLI and the database
// agree on the history, newest first, with object counts; retention 1 prunes beyond one kept
// snapshot; a retrieval that fails discards its building snapshot and keeps the history.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

constexpr const char* kPat = "pat-na1-11111111-2222-3333-4444-888888888888";

class SnapshotHistory : public HubSpotServiceTest {
 protected:
  // The connection's history as GET .../snapshots answers it, asserting 200.
  Poco::JSON::Array::Ptr history(std::int64_t id) {
    auto reply = api().get(connection_path(id) + "/snapshots", owner().token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.array() : Poco::JSON::Array::Ptr(new Poco::JSON::Array);
  }

  // Queues a retrieval and waits until the history shows `count` snapshots with a new current one.
  void retrieve_until(std::int64_t id, std::size_t count) {
    const auto before = sql_int("SELECT coalesce(max(id), 0) FROM snapshots");
    auto queued = api().post(connection_path(id) + "/retrieve", owner().token, "{}");
    ASSERT_EQ(queued.status, 202) << queued.body;
    poll_until(
        [&] {
          auto h = history(id);
          return h->size() == count && h->getObject(0)->getValue<std::string>("state") == "current" &&
                 h->getObject(0)->getValue<std::int64_t>("id") > before;
        },
        "a history of " + std::to_string(count) + " snapshots with a new current one");
  }
};

TEST_F(SnapshotHistory, ASecondRetrievalKeepsTheFirstAndEveryInterfaceAgrees) {
  start_fake();
  start_service("retrieve_interval: 0");
  const auto id = connect_private_app(kPat);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  auto first = history(id);
  ASSERT_EQ(first->size(), 1u);
  const auto first_id = first->getObject(0)->getValue<std::int64_t>("id");
  const auto objects = first->getObject(0)->getValue<std::int64_t>("object_count");
  EXPECT_GT(objects, 0);

  retrieve_until(id, 2);
  auto both = history(id);
  ASSERT_EQ(both->size(), 2u);
  auto newest = both->getObject(0);
  auto kept = both->getObject(1);
  EXPECT_EQ(newest->getValue<std::string>("state"), "current");
  EXPECT_EQ(kept->getValue<std::string>("state"), "previous");
  EXPECT_EQ(kept->getValue<std::int64_t>("id"), first_id);
  EXPECT_EQ(kept->getValue<std::int64_t>("object_count"), objects);
  EXPECT_EQ(newest->getValue<std::int64_t>("object_count"), objects);  // the portal did not change
  EXPECT_FALSE(kept->isNull("completed_at"));
  EXPECT_EQ(sql_int("SELECT current_snapshot_id FROM connections WHERE id = " + std::to_string(id)),
            newest->getValue<std::int64_t>("id"));
  // The kept snapshot's objects are still stored (not just its row).
  EXPECT_EQ(sql_int("SELECT count(*) FROM metadata_objects WHERE snapshot_id = " + std::to_string(first_id)),
            objects);

  auto listed = service().cli().run({"connections", "snapshots", std::to_string(id), "--output", "json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto cli = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(cli->size(), 2u);
  for (unsigned i = 0; i < 2; ++i) {
    EXPECT_EQ(cli->getObject(i)->getValue<std::int64_t>("id"), both->getObject(i)->getValue<std::int64_t>("id"));
    EXPECT_EQ(cli->getObject(i)->getValue<std::string>("state"), both->getObject(i)->getValue<std::string>("state"));
  }
  auto table = service().cli().run({"connections", "snapshots", std::to_string(id)});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("previous"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(std::to_string(first_id)), std::string::npos) << table.out;

  auto missing = api().get(connection_path(987654) + "/snapshots", owner().token);
  EXPECT_EQ(missing.status, 404) << missing.body;
}

TEST_F(SnapshotHistory, RetentionOnePrunesTheOlderKeptSnapshot) {
  start_fake();
  // connector_keys end the connectors block; the next top-level key follows it.
  start_service("retrieve_interval: 0", "retention:\n  snapshots: 1\n");
  const auto id = connect_private_app(kPat);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  const auto first_id = history(id)->getObject(0)->getValue<std::int64_t>("id");
  retrieve_until(id, 2);
  const auto second_id = history(id)->getObject(0)->getValue<std::int64_t>("id");
  retrieve_until(id, 2);
  auto h = history(id);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ(h->getObject(1)->getValue<std::int64_t>("id"), second_id);
  EXPECT_EQ(sql_int("SELECT count(*) FROM metadata_objects WHERE snapshot_id = " + std::to_string(first_id)), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM snapshots WHERE id = " + std::to_string(first_id)), 0);
}

TEST_F(SnapshotHistory, AFailedRetrievalDiscardsItsSnapshotAndKeepsTheHistory) {
  start_fake();
  // A retry, if the error counts as retryable, waits an hour: the check below sees one attempt.
  start_service("retrieve_interval: 0, retry_backoff: 1h");
  const auto id = connect_private_app(kPat);
  ASSERT_NE(wait_log("\"job succeeded\""), "");
  retrieve_until(id, 2);
  const auto before = history(id);
  // Every forms request answers 400: the run fails part-way, after its snapshot was opened.
  fakes::Fault fault;
  fault.path_prefix = "/marketing/v3/forms";
  fault.kind = fakes::FaultKind::kStatus;
  fault.status = 400;
  fault.count = 1000;
  fake().inject_fault(fault);
  auto queued = api().post(connection_path(id) + "/retrieve", owner().token, "{}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto job = queued.json()->getValue<std::int64_t>("id");
  ASSERT_TRUE(poll_until(
      [&] {
        return sql_int("SELECT count(*) FROM jobs WHERE id = " + std::to_string(job) +
                       " AND attempts >= 1 AND state IN ('failed', 'queued')") == 1;
      },
      "the failing retrieval's attempt to end"));
  EXPECT_EQ(sql_int("SELECT count(*) FROM snapshots WHERE state = 'building'"), 0);
  auto after = history(id);
  ASSERT_EQ(after->size(), before->size());
  for (unsigned i = 0; i < after->size(); ++i) {
    EXPECT_EQ(after->getObject(i)->getValue<std::int64_t>("id"), before->getObject(i)->getValue<std::int64_t>("id"));
    EXPECT_EQ(after->getObject(i)->getValue<std::string>("state"), before->getObject(i)->getValue<std::string>("state"));
  }
}

}  // namespace
}  // namespace hsd::testing
