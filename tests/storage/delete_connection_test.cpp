// delete_connection: every dependent table emptied for that connection, others untouched.
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

std::string n(std::int64_t v) { return std::to_string(v); }

}  // namespace

class DeleteConnectionTest : public StorageTest {
 protected:
  struct Graph {
    std::int64_t conn, vcs, repo;
  };

  // A source connection with something in every dependent table, and a VCS connection whose
  // repository the source backs up to.
  Graph populate(std::int64_t ws, const std::string& tag) {
    Graph g{};
    g.conn = connection(ws, "src-" + tag);
    g.vcs = insert_id("connections", R"({"workspace_id":)" + n(ws) +
                                         R"(,"plugin":"github","kind":"vcs_target","label":"vcs-)" + tag + R"("})");
    g.repo = insert_id("repositories", R"({"connection_id":)" + n(g.vcs) +
                                           R"(,"external_id":"r","full_name":"o/r"})");
    auto snap = db().snapshot_create(g.conn);
    EXPECT_TRUE(snap.ok());
    EXPECT_TRUE(db().snapshot_add_objects(*snap, {{"forms", "f", "", R"({"tag":")" + tag + R"("})"}}).ok());
    EXPECT_TRUE(db().snapshot_activate(*snap).ok());
    auto building = db().snapshot_create(g.conn);  // an unfinished retrieval too
    EXPECT_TRUE(building.ok());
    EXPECT_TRUE(db().snapshot_add_objects(*building, {{"forms", "g", "", R"({"b":")" + tag + R"("})"}}).ok());
    insert_id("comparisons", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(g.conn) + "}");
    const auto config = insert_id("backup_configs", R"({"connection_id":)" + n(g.conn) +
                                                        R"(,"repository_id":)" + n(g.repo) + "}");
    insert_id("backup_runs", R"({"backup_config_id":)" + n(config) + R"(,"connection_id":)" + n(g.conn) + "}");
    insert_id("deployments", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(g.conn) + "}");
    insert_id("jobs", R"({"connection_id":)" + n(g.conn) + R"(,"pipeline":"retrieve"})");
    insert_id("credentials", R"({"connection_id":)" + n(g.conn) + R"(,"sealed":"x"})");
    insert_id("credentials", R"({"connection_id":)" + n(g.vcs) + R"(,"sealed":"y"})");
    insert_id("oauth_states", R"({"state_hash":"s-)" + tag + R"(","workspace_id":)" + n(ws) +
                                  R"(,"plugin":"hubspot","expires_at":1,"data":{"connection_id":)" +
                                  n(g.conn) + "}}");
    return g;
  }

  std::size_t count(const std::string& entity, const std::string& column, std::int64_t value) {
    engine::Query q;
    q.where.set(column, value);
    auto rows = db().find(entity, q);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    return rows.ok() ? rows->size() : 0;
  }

  std::size_t count_all(const std::string& entity) {
    auto rows = db().find(entity);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->size() : 0;
  }
};

TEST_P(DeleteConnectionTest, RemovesEverythingThatHangsOffIt) {
  const auto ws = workspace("w");
  const auto doomed = populate(ws, "a");
  const auto kept = populate(ws, "b");
  // A comparison naming the doomed connection on the other side, and a backup of the kept
  // source into the doomed VCS connection's repository.
  insert_id("comparisons", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(kept.conn) +
                               R"(,"other_connection_id":)" + n(doomed.conn) + "}");
  const auto cross = insert_id("backup_configs", R"({"connection_id":)" + n(kept.conn) +
                                                     R"(,"repository_id":)" + n(doomed.repo) + "}");
  insert_id("backup_runs", R"({"backup_config_id":)" + n(cross) + R"(,"connection_id":)" + n(kept.conn) + "}");
  const auto blobs_before = GetParam().stored_blob_count(config_);

  ASSERT_TRUE(db().delete_connection(doomed.conn).ok());
  ASSERT_TRUE(db().delete_connection(doomed.vcs).ok());

  EXPECT_EQ(db().get("connections", doomed.conn).error().code, ErrorCode::not_found);
  for (const char* entity : {"snapshots", "comparisons", "backup_configs", "backup_runs",
                             "deployments", "jobs", "credentials"}) {
    EXPECT_EQ(count(entity, "connection_id", doomed.conn), 0u) << entity;
  }
  EXPECT_EQ(count("comparisons", "other_connection_id", doomed.conn), 0u);
  EXPECT_EQ(count("repositories", "connection_id", doomed.vcs), 0u);
  EXPECT_EQ(count("backup_configs", "repository_id", doomed.repo), 0u);
  EXPECT_EQ(count("backup_runs", "backup_config_id", cross), 0u);
  engine::Query state;
  state.where.set("state_hash", "s-a");
  EXPECT_TRUE(db().find("oauth_states", state)->empty());
  EXPECT_EQ(db().metadata_list(doomed.conn, {}).error().code, ErrorCode::not_found);
  // Bytes only the doomed connection used are gone (its current and building snapshot).
  EXPECT_EQ(GetParam().stored_blob_count(config_), blobs_before - 2);

  // The other connections are untouched.
  EXPECT_TRUE(db().get("connections", kept.conn).ok());
  EXPECT_EQ(count("snapshots", "connection_id", kept.conn), 2u);
  EXPECT_EQ(count("comparisons", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("backup_configs", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("backup_runs", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("deployments", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("jobs", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("credentials", "connection_id", kept.conn), 1u);
  EXPECT_EQ(count("credentials", "connection_id", kept.vcs), 1u);
  EXPECT_EQ(count("repositories", "connection_id", kept.vcs), 1u);
  state.where.set("state_hash", "s-b");
  EXPECT_EQ(db().find("oauth_states", state)->size(), 1u);
  auto objects = db().metadata_get(kept.conn, "forms", "f");
  ASSERT_TRUE(objects.ok()) << objects.error().message;
  EXPECT_EQ(*objects->data, R"({"tag":"b"})");
}

TEST_P(DeleteConnectionTest, RunsWithinTheCallersTransaction) {
  const auto ws = workspace("w");
  const auto g = populate(ws, "a");
  const auto rows_before = count_all("jobs") + count_all("snapshots") + count_all("credentials");
  {
    auto tx = engine::Transaction::begin(db());
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(db().delete_connection(g.conn).ok());
    EXPECT_EQ(db().get("connections", g.conn).error().code, ErrorCode::not_found);
    ASSERT_TRUE(tx->rollback().ok());
  }
  EXPECT_TRUE(db().get("connections", g.conn).ok());
  EXPECT_EQ(count_all("jobs") + count_all("snapshots") + count_all("credentials"), rows_before);
  auto obj = db().metadata_get(g.conn, "forms", "f");
  ASSERT_TRUE(obj.ok()) << obj.error().message;
}

TEST_P(DeleteConnectionTest, MissingConnectionIsNotFound) {
  auto status = db().delete_connection(987654);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::not_found);
  EXPECT_NE(status.error().message.find("987654"), std::string::npos) << status.error().message;
}

INSTANTIATE_TEST_SUITE_P(Plugins, DeleteConnectionTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
