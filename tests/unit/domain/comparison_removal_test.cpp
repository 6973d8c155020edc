// What goes with a comparison's sides: removing a repository takes the comparisons that read a
// backup from it and the watches against it (in its transaction), removing a backup takes the
// watches against it, and the deletion impacts count both before anyone confirms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/backups.hpp"
#include "domain/comparisons.hpp"
#include "domain/deletion_impact.hpp"
#include "domain/repositories.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {


class ComparisonRemovalTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    ws_ = workspace("acme");
    prod_ = connect_echo(ws_, "prod")->getValue<std::int64_t>("id");
    staging_ = connect_echo(ws_, "staging")->getValue<std::int64_t>("id");
    Poco::JSON::Object vcs;
    vcs.set("workspace_id", ws_);
    vcs.set("plugin", std::string("echo_source"));
    vcs.set("kind", std::string("vcs_target"));
    vcs.set("label", std::string("GH"));
    vcs_ = insert("connections", vcs);
    for (const char* name : {"config", "other"}) {
      Poco::JSON::Object repo;
      repo.set("connection_id", vcs_);
      repo.set("external_id", std::string(name));
      repo.set("full_name", std::string("acme/") + name);
      repos_.push_back(insert("repositories", repo));
    }
  }

  std::int64_t insert(const std::string& entity, const Poco::JSON::Object& record) {
    auto row = session().insert(entity, record);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? (*row)->getValue<std::int64_t>("id") : 0;
  }
  std::int64_t backup(std::int64_t source, std::int64_t repository) {
    Poco::JSON::Object b;
    b.set("connection_id", source);
    b.set("repository_id", repository);
    b.set("branch", std::string("main"));
    return insert("backup_configs", b);
  }
  // A comparison of prod against the backup (right), or staging against prod.
  std::int64_t comparison(std::optional<std::int64_t> backup_id) {
    ComparisonRequest r;
    r.workspace_id = ws_;
    r.left.connection = backup_id ? prod_ : staging_;
    if (backup_id) {
      r.right.backup = *backup_id;
    } else {
      r.right.connection = prod_;
    }
    auto row = create_comparison(session(), engine(), r);
    EXPECT_TRUE(row.ok()) << row.error().message;
    if (!row.ok()) return 0;
    compare::ObjectDifference d;
    d.kind = compare::ObjectDifference::Kind::added;
    d.key = "k";
    EXPECT_TRUE(insert_change(session(), (*row)->getValue<std::int64_t>("id"), d, "widgets").ok());
    return (*row)->getValue<std::int64_t>("id");
  }
  std::int64_t watch(std::int64_t connection, const std::string& column, std::int64_t value) {
    Poco::JSON::Object w;
    w.set("workspace_id", ws_);
    w.set("connection_id", connection);
    w.set(column, value);
    return insert("drift_watches", w);
  }
  bool exists(const std::string& entity, std::int64_t id) { return session().get(entity, id).ok(); }
  std::int64_t impact(const JsonObject& counts, const std::string& key) { return counts->getValue<std::int64_t>(key); }

  std::int64_t ws_ = 0, prod_ = 0, staging_ = 0, vcs_ = 0;
  std::vector<std::int64_t> repos_;
};

TEST_F(ComparisonRemovalTest, RemovingARepositoryTakesItsComparisonsAndWatches) {
  const auto config_backup = backup(prod_, repos_[0]);
  const auto other_backup = backup(prod_, repos_[1]);
  const auto against_config = comparison(config_backup);
  const auto against_other = comparison(other_backup);
  const auto between_portals = comparison(std::nullopt);
  const auto watch_config = watch(staging_, "repository_id", repos_[0]);
  const auto watch_other = watch(staging_, "repository_id", repos_[1]);

  auto counted = repository_deletion_impact(session(), repos_[0]);
  ASSERT_TRUE(counted.ok()) << counted.error().message;
  EXPECT_EQ(impact(*counted, "comparisons"), 1);
  EXPECT_EQ(impact(*counted, "watches"), 1);
  EXPECT_EQ(impact(*counted, "backup_configs"), 1);

  auto ref = find_repository(session(), repos_[0]);
  ASSERT_TRUE(ref.ok());
  // A repository a backup writes to is refused, and nothing goes.
  auto refused = remove_repository(session(), *ref, Actor{});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_TRUE(exists("comparisons", against_config));
  EXPECT_TRUE(exists("drift_watches", watch_config));

  auto backup_ref = find_backup(session(), config_backup);
  ASSERT_TRUE(backup_ref.ok());
  ASSERT_TRUE(remove_backup(session(), *backup_ref, Actor{}).ok());
  // The comparison that read the backup stays as history until the repository goes.
  EXPECT_TRUE(exists("comparisons", against_config));
  ASSERT_TRUE(remove_repository(session(), *ref, Actor{}).ok());
  EXPECT_FALSE(exists("comparisons", against_config));
  EXPECT_FALSE(exists("drift_watches", watch_config));
  EXPECT_FALSE(exists("repositories", repos_[0]));
  EXPECT_TRUE(exists("comparisons", against_other));
  EXPECT_TRUE(exists("comparisons", between_portals));
  EXPECT_TRUE(exists("drift_watches", watch_other));
}

TEST_F(ComparisonRemovalTest, RemovingABackupTakesTheWatchesAgainstIt) {
  const auto mine = backup(prod_, repos_[0]);
  const auto theirs = backup(staging_, repos_[0]);
  const auto watch_mine = watch(staging_, "backup_config_id", mine);
  const auto watch_theirs = watch(prod_, "backup_config_id", theirs);
  auto ref = find_backup(session(), mine);
  ASSERT_TRUE(ref.ok());
  ASSERT_TRUE(remove_backup(session(), *ref, Actor{}).ok());
  EXPECT_FALSE(exists("backup_configs", mine));
  EXPECT_FALSE(exists("drift_watches", watch_mine));
  EXPECT_TRUE(exists("drift_watches", watch_theirs));
}

TEST_F(ComparisonRemovalTest, AConnectionsDeletionImpactCountsComparisonsAndWatchesByRepositoryToo) {
  const auto prod_backup = backup(prod_, repos_[0]);
  const auto staging_backup = backup(staging_, repos_[1]);
  comparison(prod_backup);       // prod against its backup into the VCS connection's repository
  comparison(std::nullopt);      // staging against prod
  comparison(staging_backup);    // prod against staging's backup
  watch(prod_, "repository_id", repos_[0]);
  watch(staging_, "other_connection_id", prod_);
  watch(staging_, "backup_config_id", staging_backup);

  auto of_prod = deletion_impact(session(), prod_);
  ASSERT_TRUE(of_prod.ok()) << of_prod.error().message;
  EXPECT_EQ(impact(*of_prod, "comparisons"), 3);
  EXPECT_EQ(impact(*of_prod, "watches"), 2);

  // The VCS connection: the comparisons reading its repositories, the watches against them
  // and against the backups into them.
  auto of_vcs = deletion_impact(session(), vcs_);
  ASSERT_TRUE(of_vcs.ok());
  EXPECT_EQ(impact(*of_vcs, "comparisons"), 2);
  EXPECT_EQ(impact(*of_vcs, "watches"), 2);

  // The storage removes exactly what was counted.
  Query all;
  const auto before = session().find("comparisons", all)->size();
  const auto watches_before = session().find("drift_watches", all)->size();
  ASSERT_TRUE(session().delete_connection(vcs_).ok());
  EXPECT_EQ(session().find("comparisons", all)->size(), before - 2);
  EXPECT_EQ(session().find("drift_watches", all)->size(), watches_before - 2);
}

TEST_F(ComparisonRemovalTest, DeletingAConnectionCancelsItsComparisonsQueuedJobs) {
  const auto id = comparison(std::nullopt);
  auto row = find_comparison(session(), id);
  auto queued = queue_comparison(session(), *row, Actor{});
  ASSERT_TRUE(queued.ok());
  // Another workspace's comparison keeps its job.
  const auto other_ws = workspace("other");
  const auto elsewhere = connect_echo(other_ws, "elsewhere")->getValue<std::int64_t>("id");
  ComparisonRequest r;
  r.workspace_id = other_ws;
  r.left.connection = elsewhere;
  r.right.connection = elsewhere;
  auto theirs = create_comparison(session(), engine(), r);
  ASSERT_TRUE(theirs.ok());
  auto their_job = queue_comparison(session(), *theirs, Actor{});
  ASSERT_TRUE(their_job.ok());

  ASSERT_TRUE(cancel_queued_comparisons(session(), prod_).ok());
  EXPECT_EQ(state_of_job(queued->job->getValue<std::int64_t>("id")), "cancelled");
  EXPECT_EQ(state_of_job(their_job->job->getValue<std::int64_t>("id")), "queued");
}

}  // namespace
}  // namespace hsd::engine
