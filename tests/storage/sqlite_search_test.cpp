// sqlite only: the search index of migration 0005 (not part of the conformance suite, which
// checks what any storage answers, not how). The plugin's own SQL (metadata_query.cpp) is
// planned by SQLite here, so these tests fail when a change makes a search read every object
// of the snapshot; and the FTS5 index is checked against metadata_objects after every kind of
// write, so they fail when a trigger leaves it inexact.
#include <sqlite3.h>
#include <stdlib.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"
#include "metadata_query.hpp"

namespace hsd::test {
namespace {

namespace sqlite = hsd::plugins::sqlite;
using engine::ObjectRecord;

// A direct connection to the plugin's database file.
class Db {
 public:
  explicit Db(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Every row's first column as text; a failure is the SQLite message in place of the rows.
  std::vector<std::string> rows(const std::string& sql, const std::vector<sqlite::Value>& params = {},
                                int column = 0) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return {std::string("error: ") + sqlite3_errmsg(db_)};
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& p = params[i];
      const int at = static_cast<int>(i + 1);
      if (p.kind == sqlite::Value::Kind::integer) sqlite3_bind_int64(stmt, at, p.integer);
      if (p.kind == sqlite::Value::Kind::text) {
        sqlite3_bind_text(stmt, at, p.text.data(), static_cast<int>(p.text.size()), SQLITE_TRANSIENT);
      }
    }
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, column);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) out = {std::string("error: ") + sqlite3_errmsg(db_)};
    sqlite3_finalize(stmt);
    return out;
  }

  // SQLite's plan: the detail column of EXPLAIN QUERY PLAN, one line per step.
  std::string plan(const sqlite::BoundSql& bound) {
    std::string out;
    for (const auto& line : rows("EXPLAIN QUERY PLAN " + bound.sql, bound.params, 3)) out += line + "\n";
    return out;
  }

  // "" when the FTS5 index matches metadata_objects exactly, else SQLite's complaint.
  std::string integrity() {
    const auto r = rows("INSERT INTO metadata_search (metadata_search, rank) VALUES ('integrity-check', 1)");
    return r.empty() ? "" : r.front();
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hsd_search_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    open();
    auto ws = session_->insert("workspaces", Poco::JSON::Object().set("name", "w"));
    ASSERT_TRUE(ws.ok()) << ws.error().message;
    conn_ = insert_connection((*ws)->getValue<std::int64_t>("id"), "Prod");
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

  std::int64_t insert_connection(std::int64_t workspace, const std::string& label) {
    Poco::JSON::Object c;
    c.set("workspace_id", workspace).set("plugin", "hubspot").set("kind", "source").set("label", label);
    auto row = session_->insert("connections", c);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? (*row)->getValue<std::int64_t>("id") : -1;
  }

  std::int64_t snapshot(std::int64_t connection, const std::vector<ObjectRecord>& objects, bool activate = true) {
    auto id = session_->snapshot_create(connection);
    EXPECT_TRUE(id.ok()) << id.error().message;
    if (!id.ok()) return -1;
    auto added = session_->snapshot_add_objects(*id, objects);
    EXPECT_TRUE(added.ok()) << added.error().message;
    if (activate) {
      EXPECT_TRUE(session_->snapshot_activate(*id).ok());
    }
    return *id;
  }

  std::vector<std::string> search(const std::string& q) {
    engine::MetadataQuery query;
    query.q = q;
    auto page = session_->metadata_list(conn_, query);
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& r : page->rows) out.push_back(r.type + "/" + r.id);
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<engine::PluginHost> host_;
  std::optional<engine::Storage> storage_;
  std::optional<engine::Session> session_;
  std::int64_t conn_ = 0;
};

std::vector<ObjectRecord> some_objects() {
  std::vector<ObjectRecord> out;
  for (int i = 0; i < 300; ++i) {
    out.push_back({"contact_properties", "prop_" + std::to_string(i), "Property " + std::to_string(i), "{}"});
  }
  out.push_back({"deal_properties", "dealstage", "Deal Stage", "{}"});
  return out;
}

TEST_F(SqliteSearchTest, ThreeOrMoreCharactersArePlannedThroughTheIndexNeverAScan) {
  snapshot(conn_, some_objects());
  Db db(db_path());
  sqlite::MetadataListQuery q;
  q.connection_id = conn_;
  q.q = "stage";
  for (int shape = 0; shape < 4; ++shape) {
    if (shape == 1) q.type = "deal_properties";
    if (shape == 2) {
      q.has_after = true;
      q.after_type = "contact_properties";
      q.after_id = "prop_5";
    }
    if (shape == 3) q.with_data = true;
    const std::string plan = db.plan(sqlite::metadata_list_sql(q));
    SCOPED_TRACE("shape " + std::to_string(shape) + ":\n" + plan);
    EXPECT_NE(plan.find("SCAN metadata_search VIRTUAL TABLE INDEX"), std::string::npos);
    EXPECT_NE(plan.find("SEARCH o USING INTEGER PRIMARY KEY (rowid=?)"), std::string::npos);
    EXPECT_EQ(plan.find("SCAN o"), std::string::npos);
  }
  // Three code points, not three bytes: "añø" is 5 bytes, "ñø" (4 bytes) is short.
  q = {};
  q.connection_id = conn_;
  q.q = "añø";
  EXPECT_NE(db.plan(sqlite::metadata_list_sql(q)).find("metadata_search"), std::string::npos);
  q.q = "ñø";
  EXPECT_EQ(db.plan(sqlite::metadata_list_sql(q)).find("metadata_search"), std::string::npos);
  // Shorter queries read the snapshot's objects through the snapshot's index range.
  q.q = "st";
  const std::string short_plan = db.plan(sqlite::metadata_list_sql(q));
  EXPECT_NE(short_plan.find("USING INDEX metadata_objects_snapshot_key (snapshot_id=?)"), std::string::npos)
      << short_plan;
}

TEST_F(SqliteSearchTest, TypeCountsReadOnlyTheSnapshotsRangeOfACoveringIndex) {
  snapshot(conn_, some_objects());
  Db db(db_path());
  const std::string plan = db.plan(sqlite::metadata_types_sql(conn_));
  EXPECT_NE(plan.find("SEARCH o USING COVERING INDEX metadata_objects_snapshot_key (snapshot_id=?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST_F(SqliteSearchTest, PagesOfOneTypeAreReadInIndexOrderWithoutSorting) {
  snapshot(conn_, some_objects());
  Db db(db_path());
  sqlite::MetadataListQuery q;
  q.connection_id = conn_;
  q.type = "deal_properties";
  q.with_data = true;
  q.has_after = true;
  q.after_type = "deal_properties";
  q.after_id = "a";
  const std::string plan = db.plan(sqlite::metadata_list_sql(q));
  EXPECT_NE(plan.find("USING INDEX metadata_objects_snapshot_key (snapshot_id=? AND type=? AND external_id>?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  // And the pages follow each other: every object of the type once, in id order.
  std::vector<std::string> expected, read;
  for (const auto& o : some_objects())
    if (o.type == "contact_properties") expected.push_back(o.id);
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(expected.size(), 300u);
  engine::MetadataQuery page_query;
  page_query.type = "contact_properties";
  page_query.limit = 7;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = session_->metadata_list(conn_, page_query);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const auto& row : page->rows) read.push_back(row.id);
    if (page->next_cursor.empty()) break;
    page_query.cursor = page->next_cursor;
  }
  EXPECT_EQ(read, expected);
}

TEST_F(SqliteSearchTest, SearchesAreAnsweredFromTheIndex) {
  snapshot(conn_, some_objects());
  ASSERT_EQ(search("dealstage"), std::vector<std::string>{"deal_properties/dealstage"});
  Db db(db_path());
  // Take the object out of the index only: a search of 3+ characters no longer finds it, so
  // the answer came from the index; a 2-character search, which scans, still does.
  ASSERT_TRUE(db.rows("INSERT INTO metadata_search (metadata_search, rowid, name, external_id)"
                      " SELECT 'delete', id, name, external_id FROM metadata_objects"
                      " WHERE external_id = 'dealstage'")
                  .empty());
  EXPECT_TRUE(search("dealstage").empty());
  EXPECT_TRUE(search("eal").empty());
  EXPECT_EQ(search("ea"), std::vector<std::string>{"deal_properties/dealstage"});
  ASSERT_TRUE(db.rows("INSERT INTO metadata_search (metadata_search) VALUES ('rebuild')").empty());
  EXPECT_EQ(search("dealstage"), std::vector<std::string>{"deal_properties/dealstage"});
}

TEST_F(SqliteSearchTest, TheIndexStaysExactThroughEveryWrite) {
  Db db(db_path());
  EXPECT_EQ(db.integrity(), "");
  // Upserts within one batch and across batches (the same id again, renamed).
  const auto first = snapshot(conn_, {{"forms", "f1", "Contact Us", "{}"},
                                      {"forms", "f1", "Contact Sales", "{}"},
                                      {"forms", "f2", "Newsletter", "{}"}},
                              false);
  ASSERT_TRUE(session_->snapshot_add_objects(first, {{"forms", "f2", "Newsletter Signup", "{}"}}).ok());
  EXPECT_EQ(db.integrity(), "");
  ASSERT_TRUE(session_->snapshot_activate(first).ok());
  EXPECT_EQ(search("sales"), std::vector<std::string>{"forms/f1"});
  EXPECT_TRUE(search("contact us").empty());
  // A replacing snapshot, a discarded one, a big batch, another connection deleted.
  snapshot(conn_, some_objects());
  const auto doomed = snapshot(conn_, {{"forms", "gone", "Gone Form", "{}"}}, false);
  ASSERT_TRUE(session_->snapshot_discard(doomed).ok());
  const auto other = insert_connection(1, "Other");
  snapshot(other, some_objects());
  EXPECT_EQ(db.integrity(), "");
  ASSERT_TRUE(session_->delete_connection(other).ok());
  EXPECT_EQ(db.integrity(), "");
  EXPECT_TRUE(search("gone form").empty());
  EXPECT_EQ(search("dealstage"), std::vector<std::string>{"deal_properties/dealstage"});
  // Nothing of the deleted connection or the replaced snapshots is left in the index.
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search"), db.rows("SELECT count(*) FROM metadata_objects"));
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search WHERE metadata_search MATCH '\"Newsletter\"'"),
            std::vector<std::string>{"0"});
}

TEST_F(SqliteSearchTest, TheMigrationIndexesObjectsStoredBeforeIt) {
  snapshot(conn_, some_objects());
  close();
  {
    // The store as migration 4 left it: objects, no index, no snapshot history (migration 6
    // then rebuilds the snapshots table under the objects that refer to it).
    Db db(db_path());
    for (const char* sql : {"DROP TRIGGER metadata_search_insert", "DROP TRIGGER metadata_search_delete",
                            "DROP TRIGGER metadata_search_update", "DROP TRIGGER metadata_search_demote",
                            "DROP TRIGGER metadata_search_promote", "DROP TABLE metadata_search",
                            "DROP VIEW metadata_search_content", "DROP TABLE snapshot_pins",
                            "DELETE FROM schema_migrations WHERE version IN (5, 6)"}) {
      ASSERT_TRUE(db.rows(sql).empty()) << sql;
    }
  }
  open();
  EXPECT_EQ(search("dealstage"), std::vector<std::string>{"deal_properties/dealstage"});
  EXPECT_EQ(search("PROPERTY 29").size(), 11u);  // 29, 290..299
  Db db(db_path());
  EXPECT_EQ(db.integrity(), "");
  EXPECT_EQ(db.rows("SELECT name FROM schema_migrations WHERE version = 5"),
            std::vector<std::string>{"0005_metadata_search"});
  EXPECT_EQ(db.rows("SELECT name FROM schema_migrations WHERE version = 6"),
            std::vector<std::string>{"0006_snapshot_history"});
  // The rebuilt table kept its rows and ids, and every reference still holds.
  EXPECT_EQ(db.rows("SELECT count(*) FROM snapshots WHERE state = 'current'"), std::vector<std::string>{"1"});
  EXPECT_TRUE(db.rows("PRAGMA foreign_key_check").empty());
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_objects o JOIN snapshots s ON s.id = o.snapshot_id"),
            db.rows("SELECT count(*) FROM metadata_objects"));
}

// Kept snapshots (snapshot_activate_keeping) leave the index: it holds the current and building
// snapshots' objects only, stays exact against its content through demotion and pruning, and
// a pruned kept snapshot's objects are never handed to FTS5's delete (which would corrupt it).
TEST_F(SqliteSearchTest, KeptSnapshotsLeaveTheIndexAndPruningKeepsItExact) {
  Db db(db_path());
  auto keep = [&](std::vector<ObjectRecord> objects) {
    auto id = session_->snapshot_create(conn_);
    EXPECT_TRUE(id.ok());
    EXPECT_TRUE(session_->snapshot_add_objects(*id, objects).ok());
    auto activated = session_->snapshot_activate_keeping(*id, 2);
    EXPECT_TRUE(activated.ok()) << activated.error().message;
    return *id;
  };
  const std::string indexable =
      "SELECT count(*) FROM metadata_objects o JOIN snapshots s ON s.id = o.snapshot_id"
      " WHERE s.state <> 'previous'";
  keep({{"forms", "f1", "Alpha Form", "{}"}, {"forms", "f2", "Shared Form", "{}"}});
  EXPECT_EQ(db.integrity(), "");
  keep({{"forms", "f3", "Beta Form", "{}"}, {"forms", "f2", "Shared Form", "{}"}});
  EXPECT_EQ(db.integrity(), "");
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search"), db.rows(indexable));
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search"), std::vector<std::string>{"2"});
  EXPECT_TRUE(search("alpha").empty());  // only in the kept snapshot
  EXPECT_EQ(search("shared"), std::vector<std::string>{"forms/f2"});
  // A building snapshot beside kept ones, then two more generations: the first is pruned.
  const auto building = snapshot(conn_, {{"forms", "b1", "Building Form", "{}"}}, false);
  EXPECT_EQ(db.integrity(), "");
  keep({{"forms", "f4", "Gamma Form", "{}"}});
  keep({{"forms", "f5", "Delta Form", "{}"}});
  EXPECT_EQ(db.integrity(), "");
  EXPECT_EQ(db.rows("SELECT count(*) FROM snapshots WHERE state = 'previous'"), std::vector<std::string>{"2"});
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search"), db.rows(indexable));
  EXPECT_EQ(search("delta"), std::vector<std::string>{"forms/f5"});
  ASSERT_TRUE(session_->snapshot_discard(building).ok());
  ASSERT_TRUE(session_->delete_connection(conn_).ok());
  EXPECT_EQ(db.integrity(), "");
  EXPECT_EQ(db.rows("SELECT count(*) FROM metadata_search"), std::vector<std::string>{"0"});
  // The index answers rebuild with exactly what the triggers kept.
  ASSERT_TRUE(db.rows("INSERT INTO metadata_search (metadata_search) VALUES ('rebuild')").empty());
  EXPECT_EQ(db.integrity(), "");
}

}  // namespace
}  // namespace hsd::test
