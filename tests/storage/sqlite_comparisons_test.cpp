// sqlite only: migration 0007 (comparisons) on a store that holds comparisons from before it,
// and the plans of the reads the engine makes of comparison_changes (paged by type and kind)
// and of comparisons (a workspace's, newest first): they walk an index, never the table.
#include <sqlite3.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"

namespace hsd::test {
namespace {

// Every row's first column as text (or the SQLite error as the only row).
std::vector<std::string> rows(const std::filesystem::path& path, const std::string& sql, int column = 0) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    out = {std::string("error: ") + sqlite3_errmsg(db)};
  } else {
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, column);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) out = {std::string("error: ") + sqlite3_errmsg(db)};
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::string plan(const std::filesystem::path& path, const std::string& sql) {
  std::string out;
  for (const auto& line : rows(path, "EXPLAIN QUERY PLAN " + sql, 3)) out += line + "\n";
  return out;
}

class SqliteComparisonsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_cmp_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    open();
  }
  void TearDown() override {
    close();
    std::filesystem::remove_all(dir_);
  }
  void open() {
    host_ = std::make_unique<engine::PluginHost>();
    const std::string config = R"({"plugin":"sqlite","path":")" + db_path().string() + R"("})";
    auto plugin = host_->load(std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so", config);
    ASSERT_TRUE(plugin.ok()) << plugin.error().message;
    storage_.emplace((*plugin)->storage(), (*plugin)->instance());
    auto session = storage_->open_session();
    ASSERT_TRUE(session.ok()) << session.error().message;
    session_.emplace(std::move(*session));
  }
  void close() {
    session_.reset();
    storage_.reset();
    host_.reset();
  }
  std::filesystem::path db_path() const { return dir_ / "hsdeploy.db"; }
  std::int64_t insert(const std::string& entity, const std::string& json) {
    auto row = session_->insert(entity, *Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>());
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? (*row)->getValue<std::int64_t>("id") : -1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<engine::PluginHost> host_;
  std::optional<engine::Storage> storage_;
  std::optional<engine::Session> session_;
};

TEST_F(SqliteComparisonsTest, TheMigrationKeepsEarlierComparisonsAndGivesThemTheNewColumnsDefaults) {
  const auto ws = insert("workspaces", R"({"name":"w"})");
  const auto conn = insert("connections", R"({"workspace_id":)" + std::to_string(ws) +
                                              R"(,"plugin":"p","kind":"source","label":"L"})");
  insert("comparisons", R"({"workspace_id":)" + std::to_string(ws) + R"(,"connection_id":)" + std::to_string(conn) +
                            R"(,"state":"done","result":{"old":true},"created_at":1700000000000})");
  close();
  // The store as migration 6 left it: comparisons without the new columns, no new tables.
  for (const char* sql : {
           "DROP TABLE comparison_changes", "DROP TABLE drift_watches", "DROP INDEX comparisons_workspace",
           "DROP INDEX comparisons_left_repository", "DROP INDEX comparisons_right_repository",
           "DROP INDEX comparisons_watch", "DELETE FROM schema_migrations WHERE version = 7"}) {
    ASSERT_TRUE(rows(db_path(), sql).empty()) << sql;
  }
  for (const char* column : {"left_side", "right_side", "types", "status_detail", "status_code", "progress_done",
                             "progress_total", "progress_type", "job_id", "created_by", "watch_id",
                             "left_repository_id", "right_repository_id", "differences", "finished_at",
                             "updated_at"}) {
    const std::string sql = std::string("ALTER TABLE comparisons DROP COLUMN ") + column;
    ASSERT_TRUE(rows(db_path(), sql).empty()) << sql;
  }
  open();
  auto row = session_->get("comparisons", 1);
  ASSERT_TRUE(row.ok()) << row.error().message;
  EXPECT_EQ((*row)->getValue<std::string>("state"), "done");
  EXPECT_EQ((*row)->getValue<std::int64_t>("updated_at"), 1700000000000);
  EXPECT_EQ((*row)->getValue<std::int64_t>("differences"), 0);
  EXPECT_TRUE((*row)->isNull("job_id"));
  EXPECT_EQ(rows(db_path(), "SELECT name FROM schema_migrations WHERE version = 7"),
            std::vector<std::string>{"0007_comparisons"});
  EXPECT_TRUE(rows(db_path(), "PRAGMA foreign_key_check").empty());
  // And the new entities work on the migrated store.
  const auto change = insert("comparison_changes", R"({"comparison_id":1,"type":"t","kind":"added","key":"k"})");
  EXPECT_GT(change, 0);
}

TEST_F(SqliteComparisonsTest, ChangesAndComparisonsAreReadThroughTheirIndexes) {
  // The SQL the plugin's find() builds for list_changes (type and kind filtered, keyset paged) and for
  // list_comparisons (a workspace's, newest first, before an id).
  const std::string changes =
      "SELECT id FROM comparison_changes WHERE 1 AND comparison_id = 1 AND type = 't' AND kind = 'changed'"
      " AND id > 5 ORDER BY id ASC LIMIT 50";
  const auto changes_plan = plan(db_path(), changes);
  EXPECT_NE(changes_plan.find("USING COVERING INDEX comparison_changes_filter"), std::string::npos) << changes_plan;
  EXPECT_EQ(changes_plan.find("TEMP B-TREE"), std::string::npos) << changes_plan;
  const auto all_plan =
      plan(db_path(), "SELECT id, key FROM comparison_changes WHERE 1 AND comparison_id = 1 AND id > 5 ORDER BY id ASC LIMIT 50");
  EXPECT_NE(all_plan.find("INDEX comparison_changes_comparison"), std::string::npos) << all_plan;
  EXPECT_EQ(all_plan.find("TEMP B-TREE"), std::string::npos) << all_plan;
  const auto list_plan =
      plan(db_path(), "SELECT id, state FROM comparisons WHERE 1 AND workspace_id = 1 AND id < 90 ORDER BY id DESC LIMIT 20");
  EXPECT_NE(list_plan.find("INDEX comparisons_workspace"), std::string::npos) << list_plan;
  EXPECT_EQ(list_plan.find("TEMP B-TREE"), std::string::npos) << list_plan;
  for (const char* column : {"left_repository_id", "right_repository_id", "watch_id"}) {
    const auto by = plan(db_path(), std::string("SELECT id FROM comparisons WHERE ") + column + " = 3");
    EXPECT_NE(by.find("USING"), std::string::npos) << column << ": " << by;
    EXPECT_EQ(by.find("SCAN comparisons"), std::string::npos) << column << ": " << by;
  }
}

}  // namespace
}  // namespace hsd::test
