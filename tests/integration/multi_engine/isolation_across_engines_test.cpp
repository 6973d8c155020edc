// Workspace isolation whatever the engine: two workspaces with a user each, a connection, its
// metadata, jobs and a comparison each; every engine lists only the asker's rows and answers 404
// for every id of the other workspace.
#include <gtest/gtest.h>

#include <set>

#include "multi_engine_harness.hpp"

namespace hsd::testing {
namespace {

using IsolationAcrossEngines = MultiEngineTest;

struct Side {
  std::string token;
  std::int64_t workspace = 0;
  std::int64_t connection = 0;
  std::int64_t comparison = 0;
};

// The `key` values (ids, or the workspace a row names) of a JSON array answer.
std::set<std::string> values_of(const HttpReply& reply, const std::string& key) {
  std::set<std::string> out;
  auto array = reply.array();
  for (unsigned i = 0; i < array->size(); ++i) out.insert(array->getObject(i)->get(key).toString());
  return out;
}

std::int64_t compare_with_itself(const ApiClient& api, const Side& side) {
  const std::string conn = std::to_string(side.connection);
  auto made = api.post("/api/v1/workspaces/" + std::to_string(side.workspace) + "/comparisons", side.token,
                       R"({"left":{"connection":)" + conn + R"(},"right":{"connection":)" + conn + "}}");
  if (made.status != 202) throw std::runtime_error("queueing a comparison: " + made.body);
  return made.json()->getObject("comparison")->getValue<std::int64_t>("id");
}

TEST_F(IsolationAcrossEngines, NoEngineShowsOneWorkspaceAnothersRows) {
  start_fake();
  start_engines(3, "retrieve_interval: 0");
  Side acme{owner().token, owner().workspace_id};

  // globex: a workspace the owner makes, hands to its own owner, and leaves.
  auto made = api(0).post("/api/v1/workspaces", acme.token, R"({"name":"globex"})");
  ASSERT_EQ(made.status, 201) << made.body;
  Side globex{"", made.json()->getValue<std::int64_t>("id")};
  const std::string members = "/api/v1/workspaces/" + std::to_string(globex.workspace) + "/members";
  auto added = api(1).post(members, acme.token, R"({"email":"owner@globex.test","role":"owner"})");
  ASSERT_EQ(added.status, 201) << added.body;
  globex.token = engine(2).create_token("owner@globex.test");
  auto left = api(2).del(members + "/" + std::to_string(owner().user_id), globex.token);
  ASSERT_EQ(left.status, 204) << left.body;

  acme.connection = connect_private_app(0, acme.token, "pat-na1-acme", acme.workspace);
  globex.connection = connect_private_app(1, globex.token, "pat-na1-globex", globex.workspace);
  ASSERT_TRUE(wait_jobs_done(2, kWait));
  acme.comparison = compare_with_itself(api(1), acme);
  globex.comparison = compare_with_itself(api(2), globex);
  ASSERT_TRUE(wait_jobs_done(4, kWait));
  for (const auto& job : jobs()) ASSERT_EQ(job.state, "succeeded") << job.pipeline << ": " << job.error;

  for (int e = 0; e < engine_count(); ++e) {
    for (const auto& [me, them] : {std::pair{acme, globex}, std::pair{globex, acme}}) {
      SCOPED_TRACE("engine " + std::to_string(e) + ", the user of workspace " + std::to_string(me.workspace));
      const auto& a = api(e);
      const std::string ws = "/api/v1/workspaces/" + std::to_string(me.workspace);
      const std::string conn = "/api/v1/connections/" + std::to_string(me.connection);

      auto listed = a.get(ws + "/connections", me.token);
      ASSERT_EQ(listed.status, 200) << listed.body;
      EXPECT_EQ(values_of(listed, "id"), std::set<std::string>{std::to_string(me.connection)});
      auto jobs_of_ws = a.get("/api/v1/jobs?workspace=" + std::to_string(me.workspace), me.token);
      ASSERT_EQ(jobs_of_ws.status, 200) << jobs_of_ws.body;
      EXPECT_EQ(values_of(jobs_of_ws, "workspace"), std::set<std::string>{std::to_string(me.workspace)});
      auto jobs_of_conn = a.get("/api/v1/jobs?connection=" + std::to_string(me.connection), me.token);
      ASSERT_EQ(jobs_of_conn.status, 200) << jobs_of_conn.body;
      EXPECT_EQ(values_of(jobs_of_conn, "connection"), std::set<std::string>{std::to_string(me.connection)});
      auto comparisons = a.get(ws + "/comparisons", me.token);
      ASSERT_EQ(comparisons.status, 200) << comparisons.body;
      EXPECT_EQ(values_of(comparisons, "id"), std::set<std::string>{std::to_string(me.comparison)});
      auto metadata = a.get(conn + "/metadata", me.token);
      ASSERT_EQ(metadata.status, 200) << metadata.body;
      EXPECT_GT(metadata.json()->getArray("items")->size(), 0u);

      // Every id of the other workspace is unknown here.
      const std::string other_ws = "/api/v1/workspaces/" + std::to_string(them.workspace);
      const std::string other_conn = "/api/v1/connections/" + std::to_string(them.connection);
      const std::string other_cmp = "/api/v1/comparisons/" + std::to_string(them.comparison);
      for (const std::string& path :
           {other_ws + "/connections", other_ws + "/comparisons", other_ws + "/members", other_ws + "/watches",
            "/api/v1/jobs?workspace=" + std::to_string(them.workspace),
            "/api/v1/jobs?connection=" + std::to_string(them.connection), other_conn, other_conn + "/runs",
            other_conn + "/metadata", other_conn + "/metadata/types", other_conn + "/snapshots",
            other_conn + "/deletion-impact", other_cmp, other_cmp + "/changes"}) {
        auto got = a.get(path, me.token);
        EXPECT_EQ(got.status, 404) << "GET " << path << ": " << got.body;
      }
      auto retrieve = a.post(other_conn + "/retrieve", me.token);
      EXPECT_EQ(retrieve.status, 404) << retrieve.body;
      auto rename = a.patch(other_conn, me.token, R"({"label":"mine now"})");
      EXPECT_EQ(rename.status, 404) << rename.body;
      auto compare = a.post(ws + "/comparisons", me.token,
                            R"({"left":{"connection":)" + std::to_string(them.connection) + R"(},"right":{"connection":)" +
                                std::to_string(me.connection) + "}}");
      EXPECT_EQ(compare.status / 100, 4) << compare.body;
      EXPECT_NE(compare.status, 202);
    }
  }
  // Nothing the refused requests asked for happened.
  EXPECT_EQ(jobs().size(), 4u);
  EXPECT_EQ(db().integer("SELECT count(*) FROM connections WHERE label = 'mine now'"), 0);
}

}  // namespace
}  // namespace hsd::testing
