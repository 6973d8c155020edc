// write_backup against local bare repositories (a plain path; git daemon where server hooks
// must run), checked with the git CLI.
#include "backup/backup.hpp"

#include "backup/json_pretty.hpp"
#include "git_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <set>
#include <sstream>

namespace hsd::plugins::github::backup {
namespace {

using testing::TestObject;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<TestObject> snapshot_v1() {
  return {
      {"forms", "a", "Form A", R"({"name":"Form A","fields":[{"n":"email"}],"v":1})", ""},
      {"forms", "b", "Form B", R"({"v":1,"name":"Form B"})", ""},
      {"workflows", "1", "Nurture", R"({"id":1,"enabled":true})", ""},
  };
}

sdk::Failure git_failed_placeholder() { return sdk::fail(HSD_ERR_INTERNAL, "not run"); }

class WriteBackup : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string remote = dir.path() + "/remote.git";
  std::string mirror = dir.path() + "/mirror";
  std::vector<std::string> logs;
  int clones = 0;

  void SetUp() override { testing::git_ok({"init", "--bare", "-q", remote}); }

  Target target() const {
    Target t;
    t.remote_url = remote;
    t.allowed_host = "github.com";
    t.token = "ghs_not_used_locally";
    t.branch = "main";
    t.mirror_dir = mirror;
    t.full_name = "acme/backup";
    t.author_name = "Backup Bot";
    t.author_email = "bot@example.com";
    return t;
  }

  static Source source() { return Source{"hubspot", "123", "Acme", "prod"}; }

  Hooks hooks() {
    Hooks h;
    h.log = [this](hsd_log_level, std::string_view m) { logs.emplace_back(m); };
    return h;
  }

  sdk::Result<Outcome> run(const std::vector<TestObject>& objects) { return run(objects, target(), hooks()); }
  sdk::Result<Outcome> run(const std::vector<TestObject>& objects, const Target& t, const Hooks& h) {
    return write_backup(t, source(), testing::source_of(objects), h);
  }

  std::string rev(const std::string& ref) { return testing::git_ok({"-C", remote, "rev-parse", ref}); }
  std::vector<std::string> files(const std::string& ref = "main") {
    return lines(testing::git_ok({"-C", remote, "ls-tree", "-r", "--name-only", ref}));
  }
  std::string show(const std::string& spec) {
    testing::RunResult r = testing::git({"-C", remote, "show", spec});
    EXPECT_EQ(r.exit_code, 0) << spec << ": " << r.out;
    return r.out;
  }
  std::vector<std::string> name_status(const std::string& from, const std::string& to) {
    return lines(testing::git_ok({"-C", remote, "diff-tree", "-r", "--name-status", from, to}));
  }

  // Commits a file to the remote's main from a separate clone, as someone else would.
  std::string foreign_commit(const std::string& path, const std::string& content) {
    const std::string work = dir.path() + "/work" + std::to_string(++clones);
    testing::git_ok({"clone", "-q", remote, work});
    testing::write_file(work + "/" + path, content);
    testing::git_ok({"-C", work, "add", "-A"});
    testing::git_ok({"-C", work, "commit", "-q", "-m", "foreign " + path});
    testing::git_ok({"-C", work, "push", "-q", "origin", "HEAD:main"});
    return testing::git_ok({"-C", work, "rev-parse", "HEAD"});
  }
};

TEST_F(WriteBackup, FirstBackupToAnEmptyRepository) {
  auto r = run(snapshot_v1());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->parent, "");
  EXPECT_EQ(r->added, 3u);
  EXPECT_EQ(r->changed, 0u);
  EXPECT_EQ(r->removed, 0u);
  EXPECT_EQ(r->files, 3u);
  EXPECT_EQ(r->commit, rev("main"));
  EXPECT_THAT(files(), ElementsAre("hubspot/123/.hsdeploy/index.json", "hubspot/123/README.md", "hubspot/123/forms/a.json",
                                   "hubspot/123/forms/b.json", "hubspot/123/workflows/1.json"));
  EXPECT_EQ(show("main:hubspot/123/forms/b.json"), "{\n  \"name\": \"Form B\",\n  \"v\": 1\n}\n");
  EXPECT_EQ(show("main:hubspot/123/forms/a.json"), render_object_file(snapshot_v1()[0].data_json));
  const std::string index = show("main:hubspot/123/.hsdeploy/index.json");
  EXPECT_THAT(index, HasSubstr("\"layout\": 2"));
  EXPECT_THAT(index, HasSubstr("{\"type\": \"forms\", \"id\": \"a\", \"name\": \"Form A\", \"path\": \"forms/a.json\", \"hash\": \"" +
                               testing::content_hash(snapshot_v1()[0].data_json) + "\"}"));
  const std::string readme = show("main:hubspot/123/README.md");
  EXPECT_THAT(readme, HasSubstr("# Acme"));
  EXPECT_THAT(readme, HasSubstr("## forms (2)"));
  EXPECT_THAT(readme, HasSubstr("| a | Form A | [a.json](forms/a.json) |"));
  const std::string log = testing::git_ok({"-C", remote, "log", "-1", "--format=%an <%ae>|%cn|%s|%b", "main"});
  EXPECT_THAT(log, HasSubstr("Backup Bot <bot@example.com>|Backup Bot|Backup of Acme: 3 added, 0 changed, 0 removed|"));
  EXPECT_THAT(log, HasSubstr("A  hubspot/123/forms/a.json"));
  // The URL never lands in the mirror's config.
  EXPECT_THAT(testing::read_file(mirror + "/config"), ::testing::Not(HasSubstr("remote.git")));
}

TEST_F(WriteBackup, AnIdenticalSecondBackupMakesNoCommit) {
  auto first = run(snapshot_v1());
  ASSERT_TRUE(first.ok()) << first.failure().message;
  auto second = run(snapshot_v1());
  ASSERT_TRUE(second.ok()) << second.failure().message;
  EXPECT_FALSE(second->committed);
  EXPECT_EQ(second->commit, first->commit);
  EXPECT_EQ(second->parent, first->commit);
  EXPECT_EQ(second->files, 3u);
  EXPECT_EQ(second->added + second->changed + second->removed, 0u);
  EXPECT_EQ(rev("main"), first->commit);
  EXPECT_EQ(testing::git_ok({"-C", remote, "rev-list", "--count", "main"}), "1");
}

TEST_F(WriteBackup, AChangedSnapshotTouchesExactlyTheChangedFiles) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  const std::string before = rev("main");
  auto v2 = snapshot_v1();
  v2[1].data_json = R"({"v":2,"name":"Form B"})";             // changed
  v2.erase(v2.begin());                                       // forms/a removed
  v2.push_back({"forms", "c", "Form C", R"({"v":1})", ""});  // added
  auto r = run(v2);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->parent, before);
  EXPECT_EQ(r->added, 1u);
  EXPECT_EQ(r->changed, 1u);
  EXPECT_EQ(r->removed, 1u);
  EXPECT_EQ(r->files, 3u);
  EXPECT_THAT(name_status(before, "main"),
              ElementsAre("M\thubspot/123/.hsdeploy/index.json", "M\thubspot/123/README.md", "D\thubspot/123/forms/a.json",
                          "M\thubspot/123/forms/b.json", "A\thubspot/123/forms/c.json"));
  EXPECT_EQ(testing::git_ok({"-C", remote, "log", "-1", "--format=%s", "main"}),
            "Backup of Acme: 1 added, 1 changed, 1 removed");
}

TEST_F(WriteBackup, CountsTheFilesOfARemovedType) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  const std::string before = rev("main");
  auto v2 = snapshot_v1();
  v2.pop_back();  // the only workflow: the whole type goes
  v2.erase(v2.begin());
  auto r = run(v2);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(r->removed, 2u);
  EXPECT_EQ(r->added + r->changed, 0u);
  EXPECT_EQ(r->files, 1u);
  EXPECT_THAT(files(), ElementsAre("hubspot/123/.hsdeploy/index.json", "hubspot/123/README.md", "hubspot/123/forms/b.json"));
  EXPECT_THAT(name_status(before, "main"),
              ElementsAre("M\thubspot/123/.hsdeploy/index.json", "M\thubspot/123/README.md", "D\thubspot/123/forms/a.json",
                          "D\thubspot/123/workflows/1.json"));
}

TEST_F(WriteBackup, ABackupWrittenBeforeTheIndexGetsItOnTheNextRun) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  // As a layout 1 backup looked: the same files without the index.
  const std::string work = dir.path() + "/work-old-layout";
  testing::git_ok({"clone", "-q", remote, work});
  testing::git_ok({"-C", work, "rm", "-rq", "hubspot/123/.hsdeploy"});
  testing::git_ok({"-C", work, "commit", "-qm", "layout 1"});
  testing::git_ok({"-C", work, "push", "-q", "origin", "HEAD:main"});
  const std::string before = rev("main");
  auto r = run(snapshot_v1());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->added + r->changed + r->removed, 0u);
  EXPECT_THAT(name_status(before, "main"), ElementsAre("A\thubspot/123/.hsdeploy/index.json"));
  EXPECT_EQ(testing::git_ok({"-C", remote, "log", "-1", "--format=%s", "main"}), "Backup of Acme: index updated");
}

TEST_F(WriteBackup, KeepsFilesOutsideTheBackupFolder) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  foreign_commit("notes/todo.txt", "keep me\n");
  foreign_commit("hubspot/999/forms/x.json", "{}\n");
  foreign_commit("hubspot/123.txt", "a sibling file\n");
  const std::string before = rev("main");
  auto v2 = snapshot_v1();
  v2[0].data_json = R"({"v":2})";
  auto r = run(v2);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(r->parent, before);
  EXPECT_EQ(r->changed, 1u);
  EXPECT_EQ(show("main:notes/todo.txt"), "keep me\n");
  EXPECT_EQ(show("main:hubspot/999/forms/x.json"), "{}\n");
  EXPECT_EQ(show("main:hubspot/123.txt"), "a sibling file\n");
  // Only the content changed: the README (ids, names, links) stays as it was; the index
  // records the new content hash.
  EXPECT_THAT(name_status(before, "main"), ElementsAre("M\thubspot/123/.hsdeploy/index.json", "M\thubspot/123/forms/a.json"));
}

TEST_F(WriteBackup, ReplacesFilesOthersPutInsideTheBackupFolder) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  foreign_commit("hubspot/123/forms/stray.json", "{}\n");
  foreign_commit("hubspot/123/notes.txt", "x\n");
  auto r = run(snapshot_v1());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->removed, 1u);  // the stray object file; notes.txt is no object
  EXPECT_THAT(files(), ElementsAre("hubspot/123/.hsdeploy/index.json", "hubspot/123/README.md", "hubspot/123/forms/a.json",
                                   "hubspot/123/forms/b.json", "hubspot/123/workflows/1.json"));
}

TEST_F(WriteBackup, RebuildsOnACommitPushedInBetween) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  std::string foreign;
  auto v2 = snapshot_v1();
  v2[2].data_json = R"({"id":1,"enabled":false})";
  // The source is read after the fetch: a push from elsewhere lands before ours.
  ObjectSource inner = testing::source_of(v2);
  ObjectSource objects = [&](const ObjectVisitor& visit) {
    if (foreign.empty()) foreign = foreign_commit("docs/readme.txt", "someone else\n");
    return inner(visit);
  };
  auto r = write_backup(target(), source(), objects, hooks());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->parent, foreign);
  EXPECT_EQ(r->changed, 1u);
  EXPECT_EQ(rev("main"), r->commit);
  EXPECT_EQ(rev("main^"), foreign);
  EXPECT_EQ(show("main:docs/readme.txt"), "someone else\n");
  EXPECT_THAT(name_status(foreign, "main"),
              ElementsAre("M\thubspot/123/.hsdeploy/index.json", "M\thubspot/123/workflows/1.json"));
  EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const std::string& l) { return l.find("moved") != std::string::npos; }));
}

TEST_F(WriteBackup, GivesUpAsNotFastForwardWhenTheBranchMovesTwice) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  auto v2 = snapshot_v1();
  v2[0].data_json = R"({"v":3})";
  int foreign_pushes = 0;
  bool moved_logged = false;
  ObjectSource inner = testing::source_of(v2);
  ObjectSource objects = [&](const ObjectVisitor& visit) {
    if (foreign_pushes == 0) {
      foreign_commit("one.txt", "1\n");
      ++foreign_pushes;
    }
    return inner(visit);
  };
  Hooks h;
  h.log = [&](hsd_log_level, std::string_view m) {
    if (m.find("moved") != std::string_view::npos) moved_logged = true;
  };
  // After the first refusal: one more push from elsewhere before ours.
  h.cancelled = [&] {
    if (moved_logged && foreign_pushes == 1) {
      ++foreign_pushes;
      foreign_commit("two.txt", "2\n");
    }
    return false;
  };
  const std::string before_ours = rev("main");
  auto r = write_backup(target(), source(), objects, h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().code, "NOT_FAST_FORWARD");
  EXPECT_EQ(r.failure().status, HSD_ERR_CONFLICT);
  EXPECT_TRUE(r.failure().retryable);
  EXPECT_EQ(foreign_pushes, 2);
  // Only the foreign commits landed.
  EXPECT_EQ(show("main:two.txt"), "2\n");
  EXPECT_EQ(testing::git_ok({"-C", remote, "rev-list", "--count", before_ours + "..main"}), "2");
}

TEST_F(WriteBackup, AFirstCommitOnAMissingBranchKeepsOtherBranches) {
  const std::string other = foreign_commit("x.txt", "x\n");  // pushes to main
  testing::git_ok({"-C", remote, "branch", "-m", "main", "develop"});
  Target t = target();
  t.branch = "backups";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(r->parent, "");
  EXPECT_EQ(testing::git_ok({"-C", remote, "rev-list", "--count", "backups"}), "1");
  EXPECT_EQ(rev("develop"), other);
}

TEST_F(WriteBackup, WritesUnderThePathPrefix) {
  foreign_commit("README.md", "repo readme\n");
  Target t = target();
  t.path_prefix = "/backups//crm/";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_THAT(files(), ElementsAre("README.md", "backups/crm/hubspot/123/.hsdeploy/index.json",
                                   "backups/crm/hubspot/123/README.md", "backups/crm/hubspot/123/forms/a.json",
                                   "backups/crm/hubspot/123/forms/b.json", "backups/crm/hubspot/123/workflows/1.json"));
  EXPECT_EQ(show("main:README.md"), "repo readme\n");
  // The same prefix again: nothing to commit.
  auto again = run(snapshot_v1(), t, hooks());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->committed);
}

TEST_F(WriteBackup, RefusesABadPrefixBeforeTouchingAnything) {
  Target t = target();
  t.path_prefix = "a/../b";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_FALSE(std::filesystem::exists(mirror));
  EXPECT_NE(testing::git({"-C", remote, "rev-parse", "--verify", "-q", "main"}).exit_code, 0);
}

TEST_F(WriteBackup, RefusesAPrefixThatIsAFileOnTheBranch) {
  foreign_commit("backups", "a file\n");
  Target t = target();
  t.path_prefix = "backups";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().code, "PATH_CONFLICT");
}

TEST_F(WriteBackup, NastyIdsGetDistinctPortableFiles) {
  std::vector<TestObject> objects;
  for (std::string id : {std::string("a/b"), std::string("A/B"), std::string("CON"), std::string("con"),
                         std::string(".."), std::string("x:y"), std::string(300, 'q'), std::string("Abc"),
                         std::string("abc"), std::string("")}) {
    objects.push_back({"forms", id, "n", R"({"id":1})", ""});
  }
  std::sort(objects.begin(), objects.end(), [](const TestObject& a, const TestObject& b) { return a.id < b.id; });
  auto r = run(objects);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(r->files, objects.size());
  std::vector<std::string> listed = files();
  ASSERT_EQ(listed.size(), objects.size() + 2);  // and the README and the index
  std::set<std::string> folded;
  for (const std::string& f : listed) {
    std::string lower = f;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_TRUE(folded.insert(lower).second) << f;
    EXPECT_LE(f.size(), std::string("hubspot/123/forms/").size() + 125) << f;
  }
}

TEST_F(WriteBackup, AnUnchangedHashReusesTheCachedBlob) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  // Same content hash, different text: the cache answers, the text is not rendered again.
  auto v2 = snapshot_v1();
  for (auto& o : v2) {
    o.hash = testing::content_hash(o.data_json);
    o.data_json = R"({"changed":"but the hash is not"})";
  }
  auto r = run(v2);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_FALSE(r->committed);
  // Without the cache the new text is rendered.
  std::filesystem::remove_all(mirror + "/hsd-blob-cache");
  auto r2 = run(v2);
  ASSERT_TRUE(r2.ok()) << r2.failure().message;
  EXPECT_TRUE(r2->committed);
  EXPECT_EQ(r2->changed, 3u);
}

TEST_F(WriteBackup, ALostMirrorIsRebuiltFromTheRemote) {
  auto first = run(snapshot_v1());
  ASSERT_TRUE(first.ok());
  std::filesystem::remove_all(mirror);
  auto r = run(snapshot_v1());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_FALSE(r->committed);
  EXPECT_EQ(r->commit, first->commit);
}

TEST_F(WriteBackup, InvalidJsonIsWrittenAsStored) {
  auto objects = snapshot_v1();
  objects[0].data_json = "{not json";
  auto r = run(objects);
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(show("main:hubspot/123/forms/a.json"), "{not json\n");
}

TEST_F(WriteBackup, AnEmptySnapshotWritesOnlyTheReadmeAndTheIndex) {
  auto r = run({});
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->files, 0u);
  EXPECT_THAT(files(), ElementsAre("hubspot/123/.hsdeploy/index.json", "hubspot/123/README.md"));
}

TEST_F(WriteBackup, StopsWhenCancelled) {
  Hooks h = hooks();
  h.cancelled = [] { return true; };
  auto r = run(snapshot_v1(), target(), h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().status, HSD_ERR_CANCELLED);
  EXPECT_NE(testing::git({"-C", remote, "rev-parse", "--verify", "-q", "main"}).exit_code, 0);
}

TEST_F(WriteBackup, CancellationWhileReadingTheSnapshotPushesNothing) {
  bool stop = false;
  Hooks h = hooks();
  h.cancelled = [&] { return stop; };
  ObjectSource objects = [&](const ObjectVisitor& visit) -> sdk::Status {
    stop = true;
    return testing::source_of(snapshot_v1())(visit);
  };
  auto r = write_backup(target(), source(), objects, h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().status, HSD_ERR_CANCELLED);
  EXPECT_NE(testing::git({"-C", remote, "rev-parse", "--verify", "-q", "main"}).exit_code, 0);
}

TEST_F(WriteBackup, ASourceFailureIsReturned) {
  ObjectSource objects = [](const ObjectVisitor&) -> sdk::Status {
    return sdk::fail(HSD_ERR_NOT_FOUND, "no snapshot bound");
  };
  auto r = write_backup(target(), source(), objects, hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().status, HSD_ERR_NOT_FOUND);
  EXPECT_EQ(r.failure().message, "no snapshot bound");
}

TEST_F(WriteBackup, AMissingRemoteIsReported) {
  Target t = target();
  t.remote_url = dir.path() + "/nope.git";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.failure().status, HSD_OK);
  EXPECT_THAT(r.failure().message, ::testing::Not(HasSubstr(t.token)));
}

TEST_F(WriteBackup, RefusesAnInvalidBranchName) {
  Target t = target();
  t.branch = "bad..name";
  auto r = run(snapshot_v1(), t, hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().status, HSD_ERR_INVALID_ARGUMENT);
}

TEST_F(WriteBackup, StoresTheNewObjectsOfARunAsOnePackInTheMirror) {
  ASSERT_TRUE(run(snapshot_v1()).ok());
  auto v2 = snapshot_v1();
  v2[0].data_json = R"({"v":2})";
  ASSERT_TRUE(run(v2).ok());
  size_t packs = 0;
  size_t loose = 0;
  for (const auto& entry : std::filesystem::directory_iterator(mirror + "/objects")) {
    const std::string name = entry.path().filename().string();
    if (name == "pack") {
      for (const auto& p : std::filesystem::directory_iterator(entry.path())) packs += p.path().extension() == ".pack";
    } else if (name.size() == 2 && entry.is_directory()) {
      loose += static_cast<size_t>(std::distance(std::filesystem::directory_iterator(entry.path()), {}));
    }
  }
  EXPECT_EQ(packs, 2u);
  EXPECT_EQ(loose, 0u);
  const testing::RunResult fsck = testing::git({"--git-dir=" + mirror, "fsck", "--strict"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out;
  EXPECT_EQ(testing::git_ok({"--git-dir=" + mirror, "rev-parse", "refs/heads/main"}), rev("main"));
  EXPECT_EQ(testing::git_ok({"--git-dir=" + mirror, "rev-parse", "refs/remotes/origin/main"}), rev("main"));
}

TEST_F(WriteBackup, TwoBackupsSharingAMirrorAtOnceBothLand) {
  // Two accounts, one mirror, two threads: the lock serialises them; the second builds on
  // the first's commit.
  sdk::Result<Outcome> a = git_failed_placeholder();
  sdk::Result<Outcome> b = git_failed_placeholder();
  const Target t = target();
  std::thread first([&] { a = write_backup(t, Source{"hubspot", "111", "A", ""}, testing::source_of(snapshot_v1()), {}); });
  std::thread second([&] { b = write_backup(t, Source{"hubspot", "222", "B", ""}, testing::source_of(snapshot_v1()), {}); });
  first.join();
  second.join();
  ASSERT_TRUE(a.ok()) << a.failure().message;
  ASSERT_TRUE(b.ok()) << b.failure().message;
  EXPECT_TRUE(a->committed);
  EXPECT_TRUE(b->committed);
  EXPECT_EQ(testing::git_ok({"-C", remote, "rev-list", "--count", "main"}), "2");
  const std::vector<std::string> listed = files();
  EXPECT_EQ(std::count_if(listed.begin(), listed.end(), [](const std::string& f) { return f.rfind("hubspot/111/", 0) == 0; }), 5);
  EXPECT_EQ(std::count_if(listed.begin(), listed.end(), [](const std::string& f) { return f.rfind("hubspot/222/", 0) == 0; }), 5);
}

// Through git daemon, so that the remote's hooks run.
class WriteBackupOverGitDaemon : public WriteBackup {
 protected:
  testing::GitDaemon daemon{dir.path()};

  Target daemon_target() const {
    Target t = target();
    t.remote_url = daemon.url("remote.git");
    return t;
  }

  void refuse_pushes() {
    const std::string hook = remote + "/hooks/pre-receive";
    testing::write_file(hook, "#!/bin/sh\necho 'protected branch: pushes are not allowed' >&2\nexit 1\n");
    std::filesystem::permissions(hook, std::filesystem::perms::owner_all);
  }
};

TEST_F(WriteBackupOverGitDaemon, BacksUpAndSkipsAnUnchangedSnapshot) {
  auto first = run(snapshot_v1(), daemon_target(), hooks());
  ASSERT_TRUE(first.ok()) << first.failure().message;
  EXPECT_TRUE(first->committed);
  EXPECT_EQ(rev("main"), first->commit);
  auto second = run(snapshot_v1(), daemon_target(), hooks());
  ASSERT_TRUE(second.ok()) << second.failure().message;
  EXPECT_FALSE(second->committed);
}

TEST_F(WriteBackupOverGitDaemon, AHookRefusalIsPushRefusedAndTheRemoteIsUnchanged) {
  auto first = run(snapshot_v1(), daemon_target(), hooks());
  ASSERT_TRUE(first.ok()) << first.failure().message;
  refuse_pushes();
  auto v2 = snapshot_v1();
  v2[0].data_json = R"({"v":9})";
  auto r = run(v2, daemon_target(), hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().code, "PUSH_REFUSED");
  EXPECT_EQ(r.failure().status, HSD_ERR_PERMISSION_DENIED);
  EXPECT_FALSE(r.failure().retryable);
  EXPECT_THAT(r.failure().message, HasSubstr("refs/heads/main"));
  EXPECT_EQ(rev("main"), first->commit);
}

TEST_F(WriteBackupOverGitDaemon, AHookRefusalOfTheFirstCommitLeavesTheRepositoryEmpty) {
  refuse_pushes();
  auto r = run(snapshot_v1(), daemon_target(), hooks());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().code, "PUSH_REFUSED");
  EXPECT_NE(testing::git({"-C", remote, "rev-parse", "--verify", "-q", "main"}).exit_code, 0);
}

TEST_F(WriteBackupOverGitDaemon, RebuildsOnACommitPushedInBetween) {
  ASSERT_TRUE(run(snapshot_v1(), daemon_target(), hooks()).ok());
  std::string foreign;
  auto v2 = snapshot_v1();
  v2[1].data_json = R"({"v":5})";
  ObjectSource inner = testing::source_of(v2);
  ObjectSource objects = [&](const ObjectVisitor& visit) {
    if (foreign.empty()) foreign = foreign_commit("other.txt", "o\n");
    return inner(visit);
  };
  auto r = write_backup(daemon_target(), source(), objects, hooks());
  ASSERT_TRUE(r.ok()) << r.failure().message;
  EXPECT_EQ(r->parent, foreign);
  EXPECT_EQ(rev("main^"), foreign);
  EXPECT_EQ(show("main:other.txt"), "o\n");
}

}  // namespace
}  // namespace hsd::plugins::github::backup
