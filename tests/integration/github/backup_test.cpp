// Backups with the real binary: a HubSpot portal's snapshot (from the fake HubSpot) written to
// a repository of the fake GitHub, read back with the git CLI. The first run commits every
// object in the layout, an unchanged snapshot makes no commit, a changed portal commits exactly
// the changed files, others' commits are kept, an empty repository gets its first branch.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <regex>

#include "github_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using GitHubBackup = GitHubCliTest;

// The file name a plain id gets (the plugin percent-encodes anything outside [A-Za-z0-9._-]).
std::string file_name(const std::string& id) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(id[i]);
    const bool plain = std::isalnum(c) || c == '-' || c == '_' || (c == '.' && i != 0 && i + 1 != id.size());
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out + ".json";
}

std::string object_path(const std::string& folder, const ObjectKey& key) {
  return folder + "/" + key.first + "/" + file_name(key.second);
}

std::set<std::string> under(const std::set<std::string>& paths, const std::string& folder) {
  std::set<std::string> out;
  for (const auto& p : paths) {
    if (p.rfind(folder + "/", 0) == 0) out.insert(p);
  }
  return out;
}

struct World {
  fakes::CreatedRepo repo;
  std::int64_t backup = 0;
};

// GitHub connected, the repository added, the portal connected and retrieved, a backup added.
World backup_world(GitHubCliTest& t, const std::vector<std::string>& backup_options = {"--path", "portals"}) {
  World w;
  w.repo = t.gh().create_repo({.owner = "acme", .name = "hubspot-config"});
  t.connect_github_ok(t.classic_token());
  t.add_repo_ok(w.repo.full_name);
  t.connect_portal();
  w.backup = t.add_backup_ok(w.repo.full_name, backup_options)->getValue<std::int64_t>("id");
  return w;
}

TEST_F(GitHubBackup, TheFirstRunCommitsEveryObjectInTheLayoutAndASecondRunCommitsNothing) {
  start();
  const auto repo = create_repo(kOrg, "hubspot-config");
  connect_github_ok(classic_token());
  add_repo_ok(repo.full_name);
  connect_portal();
  auto added = add_backup_ok(repo.full_name, {"--path", "portals", "--schedule", "daily"});
  EXPECT_EQ(added->getValue<std::string>("source_label"), "Portal");
  EXPECT_EQ(added->getValue<std::string>("full_name"), repo.full_name);
  EXPECT_EQ(added->getValue<std::string>("branch"), "main");
  EXPECT_EQ(added->getValue<std::string>("path"), "portals");
  EXPECT_EQ(added->getValue<std::string>("schedule"), "daily");
  EXPECT_TRUE(added->isNull("last_run"));
  const auto id = added->getValue<std::int64_t>("id");

  const auto initial = tip(repo.path);
  ASSERT_FALSE(initial.empty());
  const auto initial_files = ls_tree(repo.path, initial);
  const auto hashes = stored_hashes();
  ASSERT_GT(hashes.size(), 50u);

  auto [result, record] = run_backup(id);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(record) << result.out;
  EXPECT_EQ(record->getValue<std::string>("status"), "committed");
  const auto commit = tip(repo.path);
  EXPECT_EQ(record->getValue<std::string>("commit"), commit);
  EXPECT_NE(commit, initial);
  EXPECT_EQ(record->getValue<std::size_t>("added"), hashes.size());
  EXPECT_EQ(record->getValue<std::size_t>("changed"), 0u);
  EXPECT_EQ(record->getValue<std::size_t>("removed"), 0u);
  // One commit on top of the branch, by the connected account.
  EXPECT_EQ(git({"--git-dir=" + repo.path, "rev-parse", commit + "^"}).out, initial + "\n");
  EXPECT_EQ(commit_count(repo.path, commit), commit_count(repo.path, initial) + 1);
  const auto author = git({"--git-dir=" + repo.path, "log", "-1", "--format=%an <%ae>", commit}).out;
  EXPECT_THAT(author, HasSubstr("octocat <"));
  EXPECT_THAT(author, HasSubstr("+octocat@users.noreply.github.com>"));
  const auto message = git({"--git-dir=" + repo.path, "log", "-1", "--format=%B", commit}).out;
  EXPECT_THAT(message, HasSubstr(std::to_string(hashes.size())));

  // The layout: <path>/hubspot/<hub id>/<type>/<id>.json for every object, README.md, and the
  // index that lets the plugin read the objects back (.hsdeploy/index.json).
  const auto folder = account_folder("portals");
  std::set<std::string> expected{folder + "/README.md", folder + "/.hsdeploy/index.json"};
  for (const auto& [key, hash] : hashes) expected.insert(object_path(folder, key));
  const auto files = ls_tree(repo.path, commit);
  EXPECT_EQ(under(files, folder), expected);
  for (const auto& f : initial_files) EXPECT_EQ(files.count(f), 1u) << f << " of the initial commit is gone";
  EXPECT_EQ(files.size(), initial_files.size() + expected.size());

  // Each file is its object pretty-printed: the same JSON document as HubSpot sent.
  std::set<std::string> types_checked;
  for (const auto& object : hs().expected_objects()) {
    if (!types_checked.insert(object.type).second) continue;
    const auto text = show(repo.path, commit + ":" + object_path(folder, {object.type, object.id}));
    ASSERT_FALSE(text.empty()) << object.type << " " << object.id;
    EXPECT_EQ(canonical_json(text), canonical_json(object.json)) << object.type << " " << object.id;
    EXPECT_EQ(text.rfind("{\n  \"", 0), 0u) << "not pretty-printed: " << text.substr(0, 80);
    EXPECT_EQ(text.back(), '\n');
  }
  EXPECT_EQ(types_checked.size(), 5u);
  EXPECT_THAT(show(repo.path, commit + ":" + folder + "/README.md"), Not(::testing::IsEmpty()));

  // The run is recorded with its commit and counts.
  auto runs = backup_runs(id);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ(runs->getObject(0)->getValue<std::string>("commit"), commit);
  EXPECT_EQ(runs->getObject(0)->getValue<std::string>("status"), "committed");
  EXPECT_EQ(runs->getObject(0)->getValue<std::size_t>("added"), hashes.size());
  auto listed = backups_list();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->getObject(0)->getObject("last_run")->getValue<std::string>("status"), "committed");

  // Nothing changed: no commit, the run recorded as unchanged at the same tip.
  auto [second, unchanged] = run_backup(id);
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  ASSERT_TRUE(unchanged);
  EXPECT_EQ(unchanged->getValue<std::string>("status"), "unchanged");
  EXPECT_EQ(unchanged->getValue<std::string>("commit"), commit);
  EXPECT_EQ(tip(repo.path), commit);
  auto all_runs = backup_runs(id);
  ASSERT_EQ(all_runs->size(), 2u);
  EXPECT_EQ(all_runs->getObject(0)->getValue<std::string>("status"), "unchanged");
  EXPECT_EQ(all_runs->getObject(1)->getValue<std::string>("status"), "committed");

  // The text form of `backups runs` shows the commit and the counts.
  auto text = run({"backups", "runs", std::to_string(id)});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("committed " + commit.substr(0, 12)));
  EXPECT_THAT(text.out, HasSubstr(std::to_string(hashes.size()) + " added, 0 changed, 0 removed"));
  EXPECT_THAT(text.out, HasSubstr("unchanged at " + commit.substr(0, 12)));
}

TEST_F(GitHubBackup, AChangedPortalCommitsExactlyTheChangedFiles) {
  start();
  auto w = backup_world(*this);
  auto [first, first_record] = run_backup(w.backup);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto before_tip = tip(w.repo.path);
  const auto before = stored_hashes();

  hs().change_portal();
  ASSERT_EQ(retrieve().exit_code, 0);
  const auto after = stored_hashes();
  const auto folder = account_folder("portals");
  std::map<std::string, std::string> expected;  // path -> A | M | D
  std::size_t added = 0, changed = 0, removed = 0;
  for (const auto& [key, hash] : after) {
    const auto old = before.find(key);
    if (old == before.end()) {
      expected[object_path(folder, key)] = "A";
      ++added;
    } else if (old->second != hash) {
      expected[object_path(folder, key)] = "M";
      ++changed;
    }
  }
  for (const auto& [key, hash] : before) {
    if (!after.count(key)) {
      expected[object_path(folder, key)] = "D";
      ++removed;
    }
  }
  ASSERT_FALSE(expected.empty()) << "the portal's change changed nothing";

  auto [result, record] = run_backup(w.backup);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(record);
  EXPECT_EQ(record->getValue<std::string>("status"), "committed");
  const auto after_tip = tip(w.repo.path);
  EXPECT_EQ(record->getValue<std::string>("commit"), after_tip);
  EXPECT_EQ(git({"--git-dir=" + w.repo.path, "rev-parse", after_tip + "^"}).out, before_tip + "\n");
  auto diff = diff_tree(w.repo.path, before_tip, after_tip);
  // The README and the index follow the objects; everything else is exactly the changed objects.
  diff.erase(folder + "/README.md");
  diff.erase(folder + "/.hsdeploy/index.json");
  EXPECT_EQ(diff, expected);
  EXPECT_EQ(record->getValue<std::size_t>("added"), added);
  EXPECT_EQ(record->getValue<std::size_t>("changed"), changed);
  EXPECT_EQ(record->getValue<std::size_t>("removed"), removed);
  const auto message = git({"--git-dir=" + w.repo.path, "log", "-1", "--format=%B", after_tip}).out;
  EXPECT_THAT(message, HasSubstr(std::to_string(changed)));
}

TEST_F(GitHubBackup, ACommitPushedByOthersMeanwhileIsKeptAndTheBackupGoesOnTopOfIt) {
  start();
  auto w = backup_world(*this);
  ASSERT_EQ(run_backup(w.backup).first.exit_code, 0);

  // Someone else pushes a file outside the backup's folder, straight into the repository.
  const auto clone = (scratch() / "clone").string();
  ASSERT_EQ(git({"clone", "-q", w.repo.path, clone}).exit_code, 0);
  std::filesystem::create_directories(std::filesystem::path(clone) / "notes");
  { std::ofstream(std::filesystem::path(clone) / "notes" / "hello.txt") << "kept by the backup\n"; }
  ASSERT_EQ(git({"-C", clone, "add", "notes/hello.txt"}).exit_code, 0);
  ASSERT_EQ(git({"-C", clone, "commit", "-q", "-m", "Add notes"}).exit_code, 0);
  auto pushed = git({"-C", clone, "push", "-q", "origin", "HEAD:main"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  const auto theirs = tip(w.repo.path);

  hs().change_portal();
  ASSERT_EQ(retrieve().exit_code, 0);
  auto [result, record] = run_backup(w.backup);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(record);
  EXPECT_EQ(record->getValue<std::string>("status"), "committed");
  const auto ours = tip(w.repo.path);
  EXPECT_EQ(record->getValue<std::string>("commit"), ours);
  EXPECT_EQ(git({"--git-dir=" + w.repo.path, "rev-parse", ours + "^"}).out, theirs + "\n");
  EXPECT_EQ(show(w.repo.path, ours + ":notes/hello.txt"), "kept by the backup\n");
  // Nothing outside the backup's folder changed.
  for (const auto& [path, status] : diff_tree(w.repo.path, theirs, ours)) {
    EXPECT_EQ(path.rfind(account_folder("portals") + "/", 0), 0u) << path << " " << status;
  }
}

TEST_F(GitHubBackup, AnEmptyRepositoryGetsItsBranchFromTheFirstBackup) {
  start();
  const auto repo = create_repo(kUser, "empty-config", false, {}, true);
  connect_github_ok(classic_token());
  auto added = add_repo_ok(repo.full_name);
  EXPECT_EQ(added->getValue<std::string>("status"), "connected");
  connect_portal();
  auto backup = add_backup_ok(repo.full_name);
  const auto branch = backup->getValue<std::string>("branch");
  ASSERT_FALSE(branch.empty());
  ASSERT_EQ(tip(repo.path, branch), "");

  auto [result, record] = run_backup(backup->getValue<std::int64_t>("id"));
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(record);
  EXPECT_EQ(record->getValue<std::string>("status"), "committed");
  const auto commit = tip(repo.path, branch);
  EXPECT_EQ(record->getValue<std::string>("commit"), commit);
  EXPECT_EQ(commit_count(repo.path, commit), 1);
  const auto files = ls_tree(repo.path, commit);
  EXPECT_EQ(files.size(), stored_hashes().size() + 2);  // the objects, README.md and the index
  EXPECT_EQ(files.count(account_folder() + "/README.md"), 1u);
  EXPECT_EQ(files.count(account_folder() + "/.hsdeploy/index.json"), 1u);
}

TEST_F(GitHubBackup, ARenamedRepositoryIsBackedUpUnderItsNewNameAndTheNewNameIsStored) {
  start();
  auto w = backup_world(*this);
  gh().rename_repo(w.repo.id, "acme/portal-backup");
  gh().reset_stats();
  auto [result, record] = run_backup(w.backup);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  ASSERT_TRUE(record);
  EXPECT_EQ(record->getValue<std::string>("status"), "committed");
  EXPECT_EQ(record->getValue<std::string>("commit"), tip(w.repo.path));  // the bare repo keeps its path
  EXPECT_TRUE(gh().stats().git_old_name_requests.empty()) << "git went to the old name";
  EXPECT_GT(gh_requests("POST /acme/portal-backup.git/git-receive-pack"), 0);
  auto repos = repos_list();
  ASSERT_EQ(repos->size(), 1u);
  EXPECT_EQ(repos->getObject(0)->getValue<std::string>("full_name"), "acme/portal-backup");
  EXPECT_EQ(repos->getObject(0)->getValue<std::string>("status"), "connected");
  EXPECT_EQ(backups_list()->getObject(0)->getValue<std::string>("full_name"), "acme/portal-backup");
}

TEST_F(GitHubBackup, RemovingABackupRemovesItsRuns) {
  start();
  auto w = backup_world(*this);
  ASSERT_EQ(run_backup(w.backup).first.exit_code, 0);
  ASSERT_EQ(run_backup(w.backup).first.exit_code, 0);
  ASSERT_EQ(backup_runs(w.backup)->size(), 2u);
  auto removed = run({"backups", "remove", std::to_string(w.backup)});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(backups_list()->size(), 0u);
  auto runs = run({"backups", "runs", std::to_string(w.backup)});
  EXPECT_EQ(runs.exit_code, 2);
  EXPECT_THAT(runs.err, HasSubstr("no backup " + std::to_string(w.backup)));
  // The repository stays, and can go now.
  EXPECT_EQ(repos_list()->size(), 1u);
  EXPECT_EQ(run({"repos", "remove", w.repo.full_name}).exit_code, 0);
}

TEST_F(GitHubBackup, TheTokenIsInNoMirrorConfigOutputOrUrl) {
  start();
  auto w = backup_world(*this);
  auto debug = run({"--log-level", "debug", "backups", "run", std::to_string(w.backup)});
  ASSERT_EQ(debug.exit_code, 0) << debug.err;
  EXPECT_THAT(debug.out, HasSubstr("committed"));
  const auto configs = mirror_configs();
  ASSERT_EQ(configs.size(), 1u) << "no mirror under <plugins.data_dir>/github/mirrors";
  EXPECT_THAT(configs.front().second, Not(HasSubstr("ghp_")));
  // The git requests authenticated with Basic credentials, never with the token in the URL.
  int authenticated = 0;
  for (const auto& request : gh().stats().recent) {
    if (request.target.find(".git/") == std::string::npos) continue;
    EXPECT_THAT(request.target, Not(HasSubstr("ghp_")));
    if (request.header("Authorization").rfind("Basic ", 0) == 0) ++authenticated;
  }
  EXPECT_GT(authenticated, 0);
  // TearDown checks every output, URL and mirror config for the token as well.
}

}  // namespace
}  // namespace hsd::testing
