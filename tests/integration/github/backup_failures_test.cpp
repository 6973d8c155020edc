// Backups that must not happen, with the real binary: bad `backups add` inputs change nothing,
// and runs against a protected branch, a revoked token, a deleted or archived repository fail
// with the reason recorded, the remote untouched and (for a refused token) no retry loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "github_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

using GitHubBackupFailures = GitHubCliTest;

struct World {
  fakes::CreatedRepo repo;
  std::int64_t backup = 0;
  std::string token;
};

World backup_world(GitHubCliTest& t) {
  World w;
  w.repo = t.gh().create_repo({.owner = "acme", .name = "hubspot-config"});
  w.token = t.classic_token();
  t.connect_github_ok(w.token);
  t.add_repo_ok(w.repo.full_name);
  t.connect_portal();
  w.backup = t.add_backup_ok(w.repo.full_name, {"--path", "portals"})->getValue<std::int64_t>("id");
  return w;
}

TEST_F(GitHubBackupFailures, BadBackupInputsNameTheFieldAndAddNothing) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  connect_portal();

  auto unknown = add_backup("acme/nope");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_THAT(unknown.err, HasSubstr("acme/nope"));
  EXPECT_THAT(unknown.err, HasSubstr("repos add"));

  auto schedule = add_backup(repo.full_name, {"--schedule", "monthly"});
  EXPECT_EQ(schedule.exit_code, 2) << schedule.err;
  EXPECT_THAT(schedule.err, HasSubstr("schedule"));
  EXPECT_THAT(schedule.err, HasSubstr("monthly"));

  for (const char* path : {"../outside", "a/../b", "portals/.."}) {
    auto climbing = add_backup(repo.full_name, {"--path", path});
    EXPECT_EQ(climbing.exit_code, 2) << path << ": " << climbing.err;
    EXPECT_THAT(climbing.err, HasSubstr("path")) << path;
  }

  auto vcs_source = add_backup(repo.full_name, {}, "GitHub");
  EXPECT_EQ(vcs_source.exit_code, 2) << vcs_source.err;
  EXPECT_THAT(vcs_source.err, HasSubstr("source"));
  EXPECT_THAT(vcs_source.err, HasSubstr("not a source"));

  auto no_repo = run({"backups", "add", "--source", "Portal"});
  EXPECT_EQ(no_repo.exit_code, 2) << no_repo.err;
  EXPECT_THAT(no_repo.err, HasSubstr("--repo"));

  auto bad_branch = add_backup(repo.full_name, {"--branch", "a..b"});
  EXPECT_EQ(bad_branch.exit_code, 2) << bad_branch.err;
  EXPECT_THAT(bad_branch.err, HasSubstr("branch"));

  EXPECT_EQ(backups_list()->size(), 0u);

  // A valid one is added once; the same again is a conflict.
  add_backup_ok(repo.full_name, {"--path", "portals"});
  auto twice = add_backup(repo.full_name, {"--path", "portals"});
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
  EXPECT_THAT(twice.err, HasSubstr("already writes"));
  EXPECT_EQ(backups_list()->size(), 1u);
}

TEST_F(GitHubBackupFailures, ABackupOfASourceWithoutMetadataFailsAskingForARetrieval) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  hs().add_private_app_token(kPortalToken, {"crm.schemas.contacts.read"});
  add_secret(kPortalToken);
  ASSERT_EQ(run({"connect", "hubspot", "--private-app-token", kPortalToken, "--label", "Portal"}).exit_code, 0);
  auto backup = add_backup_ok(repo.full_name);
  const auto before = tip(repo.path);
  auto [result, record] = run_backup(backup->getValue<std::int64_t>("id"));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err + result.out, HasSubstr("retrieve it first"));
  EXPECT_EQ(tip(repo.path), before);
}

TEST_F(GitHubBackupFailures, AProtectedBranchFailsTheRunWithTheHooksRefusalAndLeavesTheTip) {
  start();
  auto w = backup_world(*this);
  gh().protect_branch(w.repo.id, "main");
  const auto before = tip(w.repo.path);
  auto [result, record] = run_backup(w.backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  // The hook's own refusal (what GitHub shows as "GH006: Protected branch update failed"), not
  // only git's generic "pre-receive hook declined".
  EXPECT_THAT(record->getValue<std::string>("error"), HasSubstr("refs/heads/main"));
  EXPECT_THAT(record->getValue<std::string>("error"), HasSubstr("GH006"));
  EXPECT_EQ(tip(w.repo.path), before);
  auto runs = backup_runs(w.backup);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->getObject(0)->getValue<std::string>("status"), "failed");
  EXPECT_THAT(runs->getObject(0)->getValue<std::string>("error"), HasSubstr("GH006"));
  auto text = run({"backups", "runs", std::to_string(w.backup)});
  EXPECT_THAT(text.out, HasSubstr("failed: "));
  // The repository itself is fine.
  EXPECT_EQ(repos_list()->getObject(0)->getValue<std::string>("status"), "connected");
}

TEST_F(GitHubBackupFailures, ARevokedTokenFailsTheRunMarksTheRepositoryAndNeverLoops) {
  start();
  auto w = backup_world(*this);
  ASSERT_EQ(run_backup(w.backup).first.exit_code, 0);  // the mirror exists, with a known tip
  const auto before = tip(w.repo.path);
  gh().revoke_token(w.token);
  gh().reset_stats();
  auto [result, record] = run_backup(w.backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  EXPECT_THAT(record->getValue<std::string>("error"), HasSubstr("401 Bad credentials"));
  EXPECT_EQ(tip(w.repo.path), before);
  auto repo = repos_list()->getObject(0);
  EXPECT_EQ(repo->getValue<std::string>("status"), "error");
  EXPECT_EQ(repo->getValue<std::string>("status_reason"), "access_revoked");
  // A refused token is not tried again and again, neither on the API nor on git.
  const auto stats = gh().stats();
  int rejected = 0;
  for (const auto& [name, count] : stats.git_rejected_credentials) rejected += count;
  EXPECT_LE(rejected, 1);
  EXPECT_LE(stats.by_status.count(401) ? stats.by_status.at(401) : 0, 4) << "the refused token was retried";
}

// The API takes the token but git refuses it (revoked between the check and the push): the
// credential is offered once, and the run fails instead of looping on 401s.
TEST_F(GitHubBackupFailures, ATokenTheGitServerRefusesIsOfferedOnceAndTheRunFails) {
  start();
  auto w = backup_world(*this);
  const auto before = tip(w.repo.path);
  gh().refuse_git_credentials();
  gh().reset_stats();
  auto [result, record] = run_backup(w.backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  EXPECT_EQ(tip(w.repo.path), before);
  const auto stats = gh().stats();
  int rejected = 0;
  for (const auto& [name, count] : stats.git_rejected_credentials) rejected += count;
  EXPECT_EQ(rejected, 1) << "the token must be offered to git exactly once";
  EXPECT_EQ(result.out.find(w.token), std::string::npos);
  EXPECT_EQ(result.err.find(w.token), std::string::npos);
}

TEST_F(GitHubBackupFailures, ADeletedRepositoryFailsTheRunAsNotFound) {
  start();
  auto w = backup_world(*this);
  gh().delete_repo(w.repo.id);
  gh().reset_stats();
  auto [result, record] = run_backup(w.backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  EXPECT_THAT(record->getValue<std::string>("error"), HasSubstr("not found"));
  EXPECT_EQ(gh_git_requests(), 0);
  auto repo = repos_list()->getObject(0);
  EXPECT_EQ(repo->getValue<std::string>("status_reason"), "not_found");
}

TEST_F(GitHubBackupFailures, AnArchivedRepositoryIsRefusedBeforeAnyPush) {
  start();
  auto w = backup_world(*this);
  gh().archive_repo(w.repo.id);
  const auto before = tip(w.repo.path);
  gh().reset_stats();
  auto [result, record] = run_backup(w.backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  EXPECT_THAT(record->getValue<std::string>("error"), HasSubstr("archived"));
  EXPECT_EQ(gh_git_requests(), 0) << "git was contacted for an archived repository";
  EXPECT_EQ(tip(w.repo.path), before);
  EXPECT_EQ(repos_list()->getObject(0)->getValue<std::string>("status_reason"), "archived");

  // And a new backup to it is refused when added.
  auto again = add_backup(w.repo.full_name, {"--path", "elsewhere"});
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_THAT(again.err, HasSubstr("archived"));
}

TEST_F(GitHubBackupFailures, APushWithoutPermissionIsRefusedWithoutTouchingTheBranch) {
  start();
  // A fine-grained token that may not write to the repository (it lists another one).
  const auto repo = create_repo(kOrg, "hubspot-config");
  const auto other = create_repo(kOrg, "other");
  connect_github_ok(fine_grained_token({other.id}));
  add_repo_ok(repo.full_name);
  connect_portal();
  auto backup = add_backup_ok(repo.full_name)->getValue<std::int64_t>("id");
  const auto before = tip(repo.path);
  gh().reset_stats();
  auto [result, record] = run_backup(backup);
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  ASSERT_TRUE(record) << result.out << result.err;
  EXPECT_EQ(record->getValue<std::string>("status"), "failed");
  EXPECT_FALSE(record->getValue<std::string>("error").empty());
  EXPECT_EQ(tip(repo.path), before);
  const auto stats = gh().stats();
  int rejected = 0;
  for (const auto& [name, count] : stats.git_rejected_credentials) rejected += count;
  EXPECT_LE(rejected, 1);
  EXPECT_LE(stats.git_auth_failures_total, 3) << "git kept knocking";
}

}  // namespace
}  // namespace hsd::testing
