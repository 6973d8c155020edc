// A list's connection views (connections_with_queue, a few reads for the whole page) are exactly
// the views one connection at a time gives (connection_with_queue), whatever the connections are
// doing: pending, running, waiting for a retry, drifting, never retrieved, in another workspace,
// or with their last success far back in a long job history.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/connection_views.hpp"
#include "domain/connections.hpp"
#include "domain/job_queue.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

class ConnectionListViewsTest : public DomainFixture {
 protected:
  static std::int64_t id_of(const JsonObject& row) { return row->getValue<std::int64_t>("id"); }

  std::int64_t connection(std::int64_t workspace_id, const std::string& account) {
    auto row = connect_echo(workspace_id, account);
    EXPECT_FALSE(row.isNull());
    return row.isNull() ? 0 : id_of(row);
  }

  void status(std::int64_t connection_id, const std::string& value) {
    ASSERT_TRUE(set_connection_status(session(), connection_id, value, "").ok());
  }

  // A job row written as a worker would have left it; fields overrides or adds columns.
  std::int64_t job(std::int64_t workspace_id, std::int64_t connection_id, const std::string& pipeline,
                   const std::string& state, const std::string& fields = "{}") {
    Poco::JSON::Object record;
    record.set("workspace_id", workspace_id);
    record.set("connection_id", connection_id);
    record.set("pipeline", pipeline);
    record.set("state", state);
    record.set("run_after", now_ms() - 60'000);
    if (state != "queued") {
      record.set("attempts", 1);
      record.set("started_at", now_ms() - 50'000);
    }
    if (state == "succeeded" || state == "failed") record.set("finished_at", now_ms() - 40'000);
    auto extra = parse_object(fields, "fields");
    EXPECT_TRUE(extra.ok());
    if (extra.ok()) {
      for (const auto& [key, value] : **extra) record.set(key, value);
    }
    auto inserted = session().insert("jobs", record);
    EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    return inserted.ok() ? id_of(*inserted) : 0;
  }

  std::int64_t retrieval(std::int64_t workspace_id, std::int64_t connection_id, int objects) {
    return job(workspace_id, connection_id, "retrieve", "succeeded",
               R"({"result":{"objects":)" + std::to_string(objects) + R"(,"objects_by_type":{"widgets":)" +
                   std::to_string(objects) + "}}}");
  }

  void watch(std::int64_t workspace_id, std::int64_t connection_id, const std::string& label,
             const std::string& state, std::int64_t differences) {
    Poco::JSON::Object record;
    record.set("workspace_id", workspace_id);
    record.set("connection_id", connection_id);
    record.set("label", label);
    record.set("state", state);
    record.set("differences", differences);
    auto inserted = session().insert("drift_watches", record);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
  }

  Enqueued enqueue(std::int64_t workspace_id, std::int64_t connection_id, const std::string& params = "{}") {
    JobRequest request;
    request.workspace_id = workspace_id;
    request.connection_id = connection_id;
    request.pipeline = "retrieve";
    request.params_json = params;
    auto queued = enqueue_job(session(), request, Actor{std::nullopt, "test"});
    EXPECT_TRUE(queued.ok()) << queued.error().message;
    return queued.ok() ? *queued : Enqueued{new Poco::JSON::Object, false};
  }

  // The list's views, each checked against the single connection's view at the same instant;
  // by connection id.
  std::map<std::int64_t, JsonObject> list_and_compare(std::optional<std::int64_t> workspace_id, std::int64_t now) {
    std::map<std::int64_t, JsonObject> by_id;
    auto rows = list_connections(session(), workspace_id);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    if (!rows.ok()) return by_id;
    auto listed = connections_with_queue(session(), *rows, now);
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    if (!listed.ok()) return by_id;
    EXPECT_EQ(listed->size(), rows->size());
    for (std::size_t i = 0; i < rows->size() && i < listed->size(); ++i) {
      auto one = connection_with_queue(session(), (*rows)[i], now);
      EXPECT_TRUE(one.ok()) << one.error().message;
      if (!one.ok()) continue;
      EXPECT_EQ(stringify((*listed)[i]), stringify(*one)) << "connection " << id_of((*rows)[i]);
      by_id[id_of((*listed)[i])] = (*listed)[i];
    }
    return by_id;
  }
};

TEST_F(ConnectionListViewsTest, TheListShowsEachConnectionExactlyAsItsOwnViewDoes) {
  const auto acme = workspace("acme");
  const auto other = workspace("other");
  const auto never = connection(acme, "never");
  const auto done = connection(acme, "done");
  const auto pending = connection(acme, "pending");
  const auto running = connection(acme, "running");
  const auto retried = connection(acme, "retried");
  const auto drifting = connection(acme, "drifting");
  const auto elsewhere = connection(other, "elsewhere");
  auto vcs_record = Poco::JSON::Object();
  vcs_record.set("workspace_id", acme);
  vcs_record.set("plugin", std::string("some_vcs"));
  vcs_record.set("kind", std::string("vcs_target"));
  vcs_record.set("label", std::string("portal-config"));
  auto vcs_row = session().insert("connections", vcs_record);
  ASSERT_TRUE(vcs_row.ok()) << vcs_row.error().message;
  const auto vcs = id_of(*vcs_row);
  for (const auto id : {never, done, drifting}) status(id, "completed");
  status(vcs, "completed");

  // done: two successes, then a failure and another pipeline's success, which do not count.
  retrieval(acme, done, 3);
  retrieval(acme, done, 5);
  job(acme, done, "retrieve", "failed", R"({"error":"HTTP 500"})");
  job(acme, done, "refresh", "succeeded");
  retrieval(acme, pending, 2);
  retrieval(acme, drifting, 4);
  retrieval(other, elsewhere, 7);
  watch(acme, drifting, "acme/portal-config@main", "drift", 12);
  watch(acme, drifting, "acme/portal-config@staging", "drift", 1);
  watch(acme, drifting, "acme/portal-config@old", "ok", 0);
  watch(other, elsewhere, "other/config@main", "drift", 2);

  // running: a job under way and another queued behind it.
  const auto under_way = enqueue(acme, running);
  auto claimed = session().job_claim("test/0", now_ms(), 60'000);
  ASSERT_TRUE(claimed.ok() && !claimed->isNull());
  ASSERT_EQ(id_of(*claimed), id_of(under_way.job));
  const auto behind = enqueue(acme, running, R"({"count":2})");
  status(running, "pending");
  const auto waiting = enqueue(acme, pending);
  // retried: failed once, its retry due in an hour.
  const auto retry = job(acme, retried, "retrieve", "queued",
                         R"({"attempts":1,"error":"HTTP 503","run_after":)" + std::to_string(now_ms() + 3'600'000) + "}");
  status(retried, "pending");

  const auto now = now_ms();
  const auto all = list_and_compare(std::nullopt, now);
  const auto in_acme = list_and_compare(acme, now);
  ASSERT_EQ(all.size(), 8u);
  ASSERT_EQ(in_acme.size(), 7u);
  EXPECT_EQ(in_acme.count(elsewhere), 0u);

  // The views compared above say what each connection is doing.
  EXPECT_TRUE(all.at(never)->isNull("last_retrieval"));
  EXPECT_EQ(all.at(never)->getArray("drift")->size(), 0u);
  EXPECT_FALSE(all.at(never)->has("queue"));
  EXPECT_EQ(all.at(done)->getObject("last_retrieval")->getValue<std::int64_t>("objects"), 5);
  EXPECT_EQ(all.at(elsewhere)->getObject("last_retrieval")->getValue<std::int64_t>("objects"), 7);
  EXPECT_EQ(all.at(elsewhere)->getArray("drift")->size(), 1u);
  const auto warnings = all.at(drifting)->getArray("drift");
  ASSERT_EQ(warnings->size(), 2u);
  EXPECT_EQ(warnings->getObject(0)->getValue<std::string>("message"), "12 differences from acme/portal-config@main");
  EXPECT_EQ(warnings->getObject(1)->getValue<std::string>("message"), "1 difference from acme/portal-config@staging");
  EXPECT_TRUE(all.at(vcs)->isNull("last_retrieval"));
  EXPECT_EQ(all.at(vcs)->getArray("drift")->size(), 0u);

  const auto pending_queue = all.at(pending)->getObject("queue");
  ASSERT_FALSE(pending_queue.isNull());
  EXPECT_EQ(pending_queue->getValue<std::int64_t>("job"), id_of(waiting.job));
  EXPECT_EQ(pending_queue->getValue<std::int64_t>("position"), 1) << "the job behind a running one is not ahead";
  EXPECT_EQ(all.at(pending)->getObject("last_retrieval")->getValue<std::int64_t>("objects"), 2);
  const auto running_queue = all.at(running)->getObject("queue");
  ASSERT_FALSE(running_queue.isNull());
  EXPECT_EQ(running_queue->getValue<std::int64_t>("job"), id_of(behind.job));
  EXPECT_EQ(running_queue->getValue<std::int64_t>("behind_running_job"), id_of(under_way.job));
  const auto retried_queue = all.at(retried)->getObject("queue");
  ASSERT_FALSE(retried_queue.isNull());
  EXPECT_EQ(retried_queue->getValue<std::int64_t>("job"), retry);
  EXPECT_EQ(retried_queue->getValue<std::int64_t>("attempts"), 1);
  EXPECT_EQ(retried_queue->getValue<std::string>("last_error"), "HTTP 503");
  EXPECT_FALSE(retried_queue->isNull("run_after"));
}

// A connection whose last success lies behind more of its neighbours' retrievals than the list
// reads in pages still shows it (read on its own), and one that never succeeded shows none.
TEST_F(ConnectionListViewsTest, ALastSuccessFarBackInALongHistoryIsStillFound) {
  const auto acme = workspace("acme");
  const auto quiet = connection(acme, "quiet");
  const auto busy = connection(acme, "busy");
  const auto never = connection(acme, "never");
  retrieval(acme, quiet, 9);
  {
    auto transaction = Transaction::begin(session());
    ASSERT_TRUE(transaction.ok());
    for (int i = 0; i < 1'000; ++i) retrieval(acme, busy, i);
    ASSERT_TRUE(transaction->commit().ok());
  }
  const auto views = list_and_compare(acme, now_ms());
  ASSERT_EQ(views.size(), 3u);
  EXPECT_EQ(views.at(quiet)->getObject("last_retrieval")->getValue<std::int64_t>("objects"), 9);
  EXPECT_EQ(views.at(busy)->getObject("last_retrieval")->getValue<std::int64_t>("objects"), 999);
  EXPECT_TRUE(views.at(never)->isNull("last_retrieval"));
}

TEST_F(ConnectionListViewsTest, AnEmptyListShowsNothing) {
  auto views = connections_with_queue(session(), {}, now_ms());
  ASSERT_TRUE(views.ok()) << views.error().message;
  EXPECT_TRUE(views->empty());
}

}  // namespace
}  // namespace hsd::engine
