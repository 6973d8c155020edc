// Comparisons' storage (migration 7 for SQLite): comparison_changes paged and filtered as the
// engine reads them, a comparison with changes cannot be removed before them, and
// delete_connection removes the comparisons and drift watches that use the connection, however
// they name it (either side, a repository of it, a backup configuration it loses).
#include "storage_fixture.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;

std::string n(std::int64_t v) { return std::to_string(v); }

}  // namespace

class ComparisonsStorageTest : public StorageTest {
 protected:
  std::int64_t comparison(std::int64_t ws, std::int64_t left, const std::string& extra = "") {
    return insert_id("comparisons", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(left) + extra + "}");
  }
  std::int64_t change(std::int64_t comparison_id, const std::string& type, const std::string& kind,
                      const std::string& key) {
    return insert_id("comparison_changes", R"({"comparison_id":)" + n(comparison_id) + R"(,"type":")" + type +
                                               R"(","kind":")" + kind + R"(","key":")" + key + R"("})");
  }
  std::int64_t vcs(std::int64_t ws, const std::string& label) {
    return insert_id("connections", R"({"workspace_id":)" + n(ws) +
                                        R"(,"plugin":"git","kind":"vcs_target","label":")" + label + R"("})");
  }
  std::int64_t repo(std::int64_t vcs_id, const std::string& name) {
    return insert_id("repositories", R"({"connection_id":)" + n(vcs_id) + R"(,"external_id":")" + name +
                                         R"(","full_name":"acme/)" + name + R"("})");
  }
  std::int64_t backup(std::int64_t source, std::int64_t repository) {
    return insert_id("backup_configs", R"({"connection_id":)" + n(source) + R"(,"repository_id":)" +
                                           n(repository) + "}");
  }
  std::int64_t watch(std::int64_t ws, std::int64_t conn, const std::string& extra = "") {
    return insert_id("drift_watches", R"({"workspace_id":)" + n(ws) + R"(,"connection_id":)" + n(conn) + extra + "}");
  }
  bool exists(const std::string& entity, std::int64_t id) {
    auto row = db().get(entity, id);
    EXPECT_TRUE(row.ok() || row.error().code == ErrorCode::not_found) << row.error().message;
    return row.ok();
  }
  std::vector<std::int64_t> ids(const engine::Result<std::vector<Poco::JSON::Object::Ptr>>& rows) {
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    std::vector<std::int64_t> out;
    if (rows.ok()) {
      for (const auto& row : *rows) out.push_back(row->getValue<std::int64_t>("id"));
    }
    return out;
  }
};

TEST_P(ComparisonsStorageTest, NewRowsTakeTheDocumentedDefaults) {
  const auto ws = workspace("w");
  const auto conn = connection(ws, "Prod");
  auto row = db().get("comparisons", comparison(ws, conn));
  ASSERT_TRUE(row.ok()) << row.error().message;
  const auto& c = **row;
  EXPECT_EQ(c.getValue<std::string>("state"), "");
  EXPECT_EQ(json_text(c.get("result")), "{}");
  EXPECT_EQ(json_text(c.get("left_side")), "{}");
  EXPECT_EQ(json_text(c.get("right_side")), "{}");
  EXPECT_EQ(json_text(c.get("types")), "[]");
  EXPECT_EQ(c.getValue<std::int64_t>("differences"), 0);
  EXPECT_EQ(c.getValue<std::int64_t>("progress_total"), 0);
  for (const char* column : {"job_id", "created_by", "watch_id", "left_repository_id", "right_repository_id",
                             "finished_at", "other_connection_id"}) {
    EXPECT_TRUE(c.isNull(column)) << column;
  }
  EXPECT_GT(c.getValue<std::int64_t>("updated_at"), 0);

  auto ch = db().get("comparison_changes", change(c.getValue<std::int64_t>("id"), "forms", "added", "Contact"));
  ASSERT_TRUE(ch.ok()) << ch.error().message;
  EXPECT_EQ(json_text((*ch)->get("patch")), "[]");
  EXPECT_EQ((*ch)->getValue<std::string>("left_document"), "");
  EXPECT_EQ((*ch)->getValue<std::int64_t>("operations"), 0);

  auto w = db().get("drift_watches", watch(ws, conn));
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(json_text((*w)->get("against")), "{}");
  EXPECT_EQ((*w)->getValue<std::string>("state"), "");
  EXPECT_TRUE((*w)->isNull("last_comparison_id"));
  EXPECT_GT((*w)->getValue<std::int64_t>("created_at"), 0);
}

TEST_P(ComparisonsStorageTest, ChangesAreFilteredByTypeAndKindAndPagedByAfterId) {
  const auto ws = workspace("w");
  const auto conn = connection(ws, "Prod");
  const auto mine = comparison(ws, conn);
  const auto other = comparison(ws, conn);
  std::vector<std::int64_t> changed_forms;
  for (int i = 0; i < 5; ++i) {
    change(mine, "forms", "added", "a" + n(i));
    changed_forms.push_back(change(mine, "forms", "changed", "c" + n(i)));
    change(mine, "workflows", "changed", "w" + n(i));
    change(other, "forms", "changed", "o" + n(i));
  }
  engine::Query q;
  q.where.set("comparison_id", mine);
  q.where.set("type", "forms");
  q.where.set("kind", "changed");
  q.limit = 2;
  std::vector<std::int64_t> seen;
  for (;;) {
    auto page = ids(db().find("comparison_changes", q));
    if (page.empty()) break;
    EXPECT_LE(page.size(), 2u);
    seen.insert(seen.end(), page.begin(), page.end());
    q.after_id = page.back();
  }
  EXPECT_EQ(seen, changed_forms);

  engine::Query all;
  all.where.set("comparison_id", mine);
  EXPECT_EQ(ids(db().find("comparison_changes", all)).size(), 15u);
  // json columns cannot be filtered on, as for every entity.
  engine::Query bad;
  bad.where.set("patch", "[]");
  EXPECT_EQ(db().find("comparison_changes", bad).error().code, ErrorCode::invalid_argument);
}

TEST_P(ComparisonsStorageTest, RemovingAComparisonWithChangesIsAConflict) {
  const auto ws = workspace("w");
  const auto conn = connection(ws, "Prod");
  const auto id = comparison(ws, conn);
  const auto ch = change(id, "forms", "removed", "k");
  auto refused = db().remove("comparisons", id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict) << refused.error().message;
  EXPECT_TRUE(exists("comparison_changes", ch));
  ASSERT_TRUE(db().remove("comparison_changes", ch).ok());
  ASSERT_TRUE(db().remove("comparisons", id).ok());
  EXPECT_FALSE(exists("comparisons", id));
}

TEST_P(ComparisonsStorageTest, ADriftWatchReferencingABackupConfigurationKeepsItUntilRemoved) {
  const auto ws = workspace("w");
  const auto conn = connection(ws, "Prod");
  const auto config = backup(conn, repo(vcs(ws, "GH"), "cfg"));
  const auto w = watch(ws, conn, R"(,"backup_config_id":)" + n(config));
  EXPECT_EQ(db().remove("backup_configs", config).error().code, ErrorCode::conflict);
  ASSERT_TRUE(db().remove("drift_watches", w).ok());
  EXPECT_TRUE(db().remove("backup_configs", config).ok());
}

TEST_P(ComparisonsStorageTest, DeleteConnectionRemovesTheComparisonsAndWatchesThatUseIt) {
  const auto ws = workspace("w");
  const auto prod = connection(ws, "Prod");
  const auto staging = connection(ws, "Staging");
  const auto other = connection(ws, "Other");
  const auto gh = vcs(ws, "GH");
  const auto gh_repo = repo(gh, "cfg");
  const auto kept_gh = vcs(ws, "GH2");
  const auto kept_repo = repo(kept_gh, "kept");
  const auto staging_backup = backup(staging, gh_repo);        // staging backed up into gh's repository
  const auto prod_backup = backup(prod, kept_repo);            // prod backed up into a repository that stays
  const auto other_backup = backup(other, kept_repo);

  // Comparisons that use gh: reading its repository on the left or on the right.
  const auto by_left_repo = comparison(ws, staging, R"(,"other_connection_id":)" + n(prod) +
                                                        R"(,"left_repository_id":)" + n(gh_repo));
  const auto by_right_repo = comparison(ws, prod, R"(,"other_connection_id":)" + n(staging) +
                                                      R"(,"right_repository_id":)" + n(gh_repo));
  // Comparisons that use staging by connection only, on either side.
  const auto staging_left = comparison(ws, staging, R"(,"other_connection_id":)" + n(prod));
  const auto staging_right = comparison(ws, other, R"(,"other_connection_id":)" + n(staging));
  // One that stays whatever happens: prod against other's backup in a repository that stays.
  const auto kept = comparison(ws, prod, R"(,"other_connection_id":)" + n(other) +
                                             R"(,"right_repository_id":)" + n(kept_repo));
  std::vector<std::int64_t> changes;
  for (auto c : {by_left_repo, by_right_repo, staging_left, staging_right, kept}) {
    changes.push_back(change(c, "forms", "changed", "k"));
    changes.push_back(change(c, "workflows", "added", "w"));
  }

  // Watches that use gh: by repository, or by a backup configuration into its repository
  // (whose repository_id was left null, so only the backup configuration names it).
  const auto watch_repo = watch(ws, prod, R"(,"repository_id":)" + n(gh_repo));
  const auto watch_gh_backup = watch(ws, prod, R"(,"backup_config_id":)" + n(staging_backup));
  // Watches that use staging: watching it, comparing against it.
  const auto watch_staging = watch(ws, staging);
  const auto watch_against_staging = watch(ws, prod, R"(,"other_connection_id":)" + n(staging));
  // And one of prod's backup configuration, which stays until prod goes.
  const auto watch_prod_backup = watch(ws, other, R"(,"backup_config_id":)" + n(prod_backup) +
                                                      R"(,"repository_id":)" + n(kept_repo));
  const auto watch_kept = watch(ws, other, R"(,"other_connection_id":)" + n(prod));

  ASSERT_TRUE(db().delete_connection(gh).ok());
  EXPECT_FALSE(exists("comparisons", by_left_repo));
  EXPECT_FALSE(exists("comparisons", by_right_repo));
  EXPECT_FALSE(exists("drift_watches", watch_repo));
  EXPECT_FALSE(exists("drift_watches", watch_gh_backup));
  EXPECT_FALSE(exists("backup_configs", staging_backup));
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(exists("comparison_changes", changes[i])) << i;
  EXPECT_TRUE(exists("comparisons", staging_left));
  EXPECT_TRUE(exists("drift_watches", watch_staging));

  ASSERT_TRUE(db().delete_connection(staging).ok());
  for (auto c : {staging_left, staging_right}) EXPECT_FALSE(exists("comparisons", c)) << c;
  for (int i = 4; i < 8; ++i) EXPECT_FALSE(exists("comparison_changes", changes[i])) << i;
  EXPECT_FALSE(exists("drift_watches", watch_staging));
  EXPECT_FALSE(exists("drift_watches", watch_against_staging));

  // Untouched: the comparison and watches naming neither gh nor staging.
  EXPECT_TRUE(exists("comparisons", kept));
  EXPECT_TRUE(exists("comparison_changes", changes[8]));
  EXPECT_TRUE(exists("comparison_changes", changes[9]));
  EXPECT_TRUE(exists("drift_watches", watch_prod_backup));
  EXPECT_TRUE(exists("drift_watches", watch_kept));
  EXPECT_TRUE(exists("backup_configs", other_backup));

  // Removing prod takes its backup configuration and the watch naming it, and the watch
  // comparing against prod; other's watches and backups of other stay.
  ASSERT_TRUE(db().delete_connection(prod).ok());
  EXPECT_FALSE(exists("comparisons", kept));
  EXPECT_FALSE(exists("drift_watches", watch_prod_backup));
  EXPECT_FALSE(exists("drift_watches", watch_kept));
  EXPECT_TRUE(exists("backup_configs", other_backup));
  EXPECT_TRUE(exists("connections", other));
}

TEST_P(ComparisonsStorageTest, DeleteConnectionOfAWatchedBackupsSourceRemovesTheWatch) {
  // A watch of one portal against another portal's backup: the backup's source going removes
  // the backup configuration, so the watch naming it goes too (nothing is left to compare with).
  const auto ws = workspace("w");
  const auto prod = connection(ws, "Prod");
  const auto approved = connection(ws, "Approved");
  const auto config = backup(approved, repo(vcs(ws, "GH"), "cfg"));
  const auto w = watch(ws, prod, R"(,"backup_config_id":)" + n(config));
  ASSERT_TRUE(db().delete_connection(approved).ok());
  EXPECT_FALSE(exists("drift_watches", w));
  EXPECT_FALSE(exists("backup_configs", config));
  EXPECT_TRUE(exists("connections", prod));
}

INSTANTIATE_TEST_SUITE_P(Plugins, ComparisonsStorageTest, ::testing::ValuesIn(storage_plugins()),
                         [](const auto& info) { return info.param.name; });

}  // namespace hsd::test
