// Repositories of a GitHub connection with the real binary: what the token can reach (paged,
// deduplicated), adding one (branch checks, conflicts, invisible private repos), and the
// status every check records (revoked, deleted, renamed, archived, SSO, rate limited).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>

#include "github_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

using GitHubRepos = GitHubCliTest;

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `repos check` of every stored repository: the exit code and the one repository's view.
std::pair<CliResult, Object::Ptr> check_one(GitHubCliTest& test, CliResult result) {
  Object::Ptr view;
  try {
    auto array = gh_parse_array(result.out);
    if (array->size() == 1) view = array->getObject(0);
  } catch (const std::exception&) {
  }
  EXPECT_TRUE(view) << "repos check printed no single repository: " << result.out << result.err;
  (void)test;
  return {result, view};
}

TEST_F(GitHubRepos, AvailableListsTheUsersAndOrganisationsRepositoriesOverManyPagesOnce) {
  start();
  std::set<std::string> created;
  for (int i = 0; i < 20; ++i) created.insert(create_repo(kUser, "own-" + std::to_string(i)).full_name);
  for (int i = 0; i < 110; ++i) created.insert(create_repo(kOrg, "team-" + std::to_string(i)).full_name);
  ASSERT_EQ(created.size(), 130u);
  connect_github_ok(classic_token());

  auto available = run_json_object({"repos", "available", "--connection", "GitHub"});
  auto repositories = available->getArray("repositories");
  ASSERT_TRUE(repositories);
  std::multiset<std::string> listed;
  std::set<std::string> ids;
  for (unsigned i = 0; i < repositories->size(); ++i) {
    auto repo = repositories->getObject(i);
    listed.insert(repo->getValue<std::string>("full_name"));
    ids.insert(repo->get("id").toString());
    EXPECT_EQ(repo->getValue<std::string>("default_branch"), "main");
  }
  EXPECT_EQ(listed.size(), 130u) << "a repository is missing or listed twice";
  EXPECT_EQ(ids.size(), 130u);
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), created);
  std::set<std::string> accounts;
  auto account_list = available->getArray("accounts");
  for (unsigned i = 0; account_list && i < account_list->size(); ++i) {
    accounts.insert(account_list->getObject(i)->getValue<std::string>("login"));
  }
  EXPECT_EQ(accounts, (std::set<std::string>{kUser, kOrg}));
  // 130 repositories of the user (with the organisation's) at 100 a page: two pages, the
  // second found through `link`; the organisation's 110 likewise.
  EXPECT_EQ(gh_requests("GET /api/v3/user/repos"), 2);
  int org_pages = gh_requests("GET /api/v3/orgs/acme/repos");
  for (const auto& [route, count] : gh().stats().by_route) {
    if (route.rfind("GET /api/v3/organizations/", 0) == 0) org_pages += count;
  }
  EXPECT_EQ(org_pages, 2);
  for (const auto& request : gh().stats().recent) {
    if (request.target.rfind("/api/v3/user/repos", 0) == 0 || request.target.find("/repos?") != std::string::npos) {
      EXPECT_THAT(request.target, HasSubstr("per_page=100")) << request.target;
    }
  }

  // Text output names them too, and marks one once it is added.
  add_repo_ok("acme/team-7");
  auto text = run({"repos", "available", "--connection", "GitHub"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("acme/team-7"));
  EXPECT_THAT(text.out, HasSubstr("added as "));
}

TEST_F(GitHubRepos, AddStoresTheRepositoryWithItsDefaultBranchOrAnExistingOne) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config", false, {"dev", "release"});
  connect_github_ok(classic_token());

  auto added = add_repo_ok(repo.full_name);
  EXPECT_EQ(added->getValue<std::string>("full_name"), repo.full_name);
  EXPECT_EQ(added->getValue<std::string>("default_branch"), "main");
  EXPECT_EQ(added->getValue<std::string>("status"), "connected");
  EXPECT_EQ(added->getValue<std::string>("repository"), std::to_string(repo.id));

  auto list = repos_list();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("full_name"), repo.full_name);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("repository"), std::to_string(repo.id));

  // Adding it again is a conflict, and changes nothing.
  auto twice = add_repo(repo.full_name);
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
  EXPECT_THAT(twice.err, HasSubstr("already added"));
  EXPECT_THAT(twice.err, HasSubstr(repo.full_name));
  EXPECT_EQ(repos_list()->size(), 1u);

  // An existing branch of another repository is taken as given.
  const auto other = create_repo(kUser, "configs", false, {"dev"});
  auto on_dev = add_repo_ok(other.full_name, "dev");
  EXPECT_EQ(on_dev->getValue<std::string>("default_branch"), "dev");
  EXPECT_EQ(repos_list()->size(), 2u);
}

TEST_F(GitHubRepos, AnUnknownBranchIsRefusedListingTheBranchesAndNothingIsStored) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config", false, {"dev", "release"});
  connect_github_ok(classic_token());
  auto refused = add_repo(repo.full_name, "nope");
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("branch"));
  EXPECT_THAT(refused.err, HasSubstr("'nope'"));
  for (const char* branch : {"main", "dev", "release"}) EXPECT_THAT(refused.err, HasSubstr(branch));
  EXPECT_EQ(repos_list()->size(), 0u);
}

TEST_F(GitHubRepos, APrivateRepositoryATokenCannotSeeIsNotFoundAndNothingIsStored) {
  start();
  const auto secret = create_repo(kOrg, "private-config", true);
  const auto visible = create_repo(kOrg, "public-config");
  connect_github_ok(classic_token({"public_repo", "read:org"}));
  auto refused = add_repo(secret.full_name);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr(secret.full_name));
  EXPECT_THAT(refused.err, HasSubstr("not found"));
  EXPECT_EQ(repos_list()->size(), 0u);

  // The same token lists the public repository only.
  auto available = run_json_object({"repos", "available", "--connection", "GitHub"});
  std::set<std::string> names;
  auto repositories = available->getArray("repositories");
  for (unsigned i = 0; repositories && i < repositories->size(); ++i) {
    names.insert(repositories->getObject(i)->getValue<std::string>("full_name"));
  }
  EXPECT_EQ(names.count(visible.full_name), 1u);
  EXPECT_EQ(names.count(secret.full_name), 0u);
}

TEST_F(GitHubRepos, CheckAfterTheTokenIsRevokedRecordsAccessRevoked) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  const auto token = classic_token();
  connect_github_ok(token);
  add_repo_ok(repo.full_name);
  gh().revoke_token(token);
  auto [result, view] = check_one(*this, run({"repos", "check", "--output", "json"}));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "error");
  EXPECT_EQ(view->getValue<std::string>("status_reason"), "access_revoked");
  EXPECT_THAT(view->getValue<std::string>("status_detail"), HasSubstr("401 Bad credentials"));
  auto stored = repos_list()->getObject(0);
  EXPECT_EQ(stored->getValue<std::string>("status_reason"), "access_revoked");
  // The text form names the repository and why.
  auto text = run({"repos", "check", repo.full_name});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.out, HasSubstr(repo.full_name + ": GitHub refused the token"));
}

TEST_F(GitHubRepos, CheckAfterTheRepositoryIsDeletedRecordsNotFound) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  gh().delete_repo(repo.id);
  auto [result, view] = check_one(*this, run({"repos", "check", "--output", "json"}));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "error");
  EXPECT_EQ(view->getValue<std::string>("status_reason"), "not_found");
  EXPECT_THAT(view->getValue<std::string>("status_detail"), HasSubstr("deleted, or this token lost access"));
  EXPECT_THAT(view->getValue<std::string>("status_detail"), HasSubstr(repo.full_name));
}

TEST_F(GitHubRepos, CheckAfterARenameKeepsTheRepositoryAndStoresItsNewName) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  auto added = add_repo_ok(repo.full_name);
  const auto stored_id = added->getValue<std::int64_t>("id");
  gh().rename_repo(repo.id, "acme/portal-config");
  auto [result, view] = check_one(*this, run({"repos", "check", repo.full_name, "--output", "json"}));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "connected");
  auto stored = stored_repo(stored_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->getValue<std::string>("full_name"), "acme/portal-config");
  EXPECT_EQ(stored->getValue<std::string>("repository"), std::to_string(repo.id));
  EXPECT_EQ(repos_list()->size(), 1u);
  // The new name resolves now.
  auto by_new_name = run({"repos", "check", "acme/portal-config"});
  EXPECT_EQ(by_new_name.exit_code, 0) << by_new_name.err;
}

TEST_F(GitHubRepos, CheckOfAnArchivedRepositoryRecordsArchived) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  gh().archive_repo(repo.id);
  auto [result, view] = check_one(*this, run({"repos", "check", "--output", "json"}));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "error");
  EXPECT_EQ(view->getValue<std::string>("status_reason"), "archived");
  EXPECT_THAT(view->getValue<std::string>("status_detail"), HasSubstr("archived"));
}

TEST_F(GitHubRepos, CheckOfAnOrganisationEnforcingSamlRecordsSsoRequiredWithTheUrl) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  gh().saml_enforce(kOrg);
  auto [result, view] = check_one(*this, run({"repos", "check", "--output", "json"}));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "error");
  EXPECT_EQ(view->getValue<std::string>("status_reason"), "sso_required");
  EXPECT_THAT(view->getValue<std::string>("status_detail"), HasSubstr(gh().base_url() + "/orgs/acme/sso"));
}

TEST_F(GitHubRepos, CheckUnderAPrimaryRateLimitRecordsRateLimitedWithTheResetTime) {
  start();  // max_rate_limit_wait_seconds: 0, so no limit is waited out
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  gh().rate_limit(fakes::RateLimitKind::kPrimary, 10, 1800);
  const long long before = now_seconds();
  auto [result, view] = check_one(*this, run({"repos", "check", "--output", "json"}));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ASSERT_TRUE(view);
  EXPECT_EQ(view->getValue<std::string>("status"), "error");
  EXPECT_EQ(view->getValue<std::string>("status_reason"), "rate_limited");
  const auto detail = view->getValue<std::string>("status_detail");
  std::smatch when;
  ASSERT_TRUE(std::regex_search(detail, when, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))) << detail;
  const long long reset = parse_iso8601(when.str());
  EXPECT_GE(reset, before + 1800 - 5);
  EXPECT_LE(reset, now_seconds() + 1800 + 5);
  // Cleared, the next check finds it fine again.
  gh().clear_rate_limits();
  auto cleared = run({"repos", "check"});
  EXPECT_EQ(cleared.exit_code, 0) << cleared.out << cleared.err;
}

TEST_F(GitHubRepos, RemoveIsRefusedWhileABackupWritesToTheRepository) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  auto added = add_repo_ok(repo.full_name);
  connect_portal();
  auto backup = add_backup_ok(repo.full_name);
  auto refused = run({"repos", "remove", repo.full_name});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("backup " + backup->get("id").toString()));
  EXPECT_EQ(repos_list()->size(), 1u);

  ASSERT_EQ(run({"backups", "remove", backup->get("id").toString()}).exit_code, 0);
  auto removed = run({"repos", "remove", added->get("id").toString()});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(repos_list()->size(), 0u);
}

}  // namespace
}  // namespace hsd::testing
