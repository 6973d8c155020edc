// read_backup against the fake GitHub's git smart-HTTP face (real bare repositories served by
// git-http-backend, Basic auth with the token): backups written with write_backup, read back at
// a branch, a commit, an abbreviated sha and a tag, from a fresh mirror as well as the writer's.
#include "backup/read_backup.hpp"

#include "backup/backup_index.hpp"
#include "backup/errors.hpp"
#include "backup/json_pretty.hpp"
#include "git_fixture.hpp"

#include <hsd/fakes/fake_github.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

namespace hsd::plugins::github::backup {
namespace {

using testing::TestObject;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<TestObject> snapshot_v1() {
  return {
      {"forms", "a", "Form A", R"({"name":"Form A","fields":[{"n":"email"}],"v":1})", ""},
      {"forms", "b", "Form B", R"({"v":1,"name":"Form B"})", ""},
      {"workflows", "1", "Nurture", R"({"id":1,"enabled":true})", ""},
  };
}

class ReadBackup : public ::testing::Test {
 protected:
  testing::TempDir dir;
  fakes::FakeGitHub gh{[this] {
    fakes::FakeGitHubOptions o;
    o.root = dir.path() + "/fake";
    return o;
  }()};
  fakes::CreatedRepo repo;
  std::string token;
  std::vector<std::string> logs;

  void SetUp() override {
    gh.start();
    gh.create_user({.login = "octo"});
    repo = gh.create_repo({.owner = "octo", .name = "backup", .empty = true});
    token = gh.create_token({.login = "octo", .scopes = {"repo"}});
  }

  Target target(const std::string& mirror = "mirror") const {
    Target t;
    t.remote_url = gh.clone_url(repo.full_name);
    t.allowed_host = "127.0.0.1:" + std::to_string(gh.port());
    t.token = token;
    t.branch = "main";
    t.path_prefix = "backups";
    t.mirror_dir = dir.path() + "/" + mirror;
    t.full_name = repo.full_name;
    t.author_name = "Backup Bot";
    t.author_email = "bot@example.com";
    return t;
  }

  static Source source(const std::string& account = "123") { return Source{"hubspot", account, "Acme", "prod"}; }

  Hooks hooks() {
    Hooks h;
    h.log = [this](hsd_log_level, std::string_view m) { logs.emplace_back(m); };
    return h;
  }

  Outcome write(const std::vector<TestObject>& objects, const Source& s = source()) {
    auto out = write_backup(target(), s, testing::source_of(objects), hooks());
    EXPECT_TRUE(out) << (out ? "" : out.failure().message);
    return out ? out.value() : Outcome{};
  }

  struct Read {
    ReadResult result;
    std::vector<ReadObject> objects;
  };
  sdk::Result<Read> read(const std::string& ref, const Source& s = source(), const std::string& mirror = "reader",
                         std::function<bool(std::string_view)> wants_type = {}) {
    Read r;
    Hooks h = hooks();
    h.wants_type = std::move(wants_type);
    auto out = read_backup(target(mirror), s, ref,
                           [&r](const ReadObject& o) -> sdk::Status {
                             r.objects.push_back(o);
                             return {};
                           },
                           h);
    if (!out) return out.failure();
    r.result = out.value();
    return r;
  }

  // type/id -> data, for comparing with what was written.
  static std::map<std::string, std::string> by_key(const std::vector<ReadObject>& objects) {
    std::map<std::string, std::string> out;
    for (const ReadObject& o : objects) out[o.type + "/" + o.id] = o.data;
    return out;
  }
  static std::map<std::string, std::string> expected(const std::vector<TestObject>& objects) {
    std::map<std::string, std::string> out;
    for (const TestObject& o : objects) out[o.type + "/" + o.id] = render_object_file(o.data_json);
    return out;
  }
};

TEST_F(ReadBackup, ReadsEveryObjectAtTheBranchWithNamesHashesAndTheWrittenText) {
  const Outcome written = write(snapshot_v1());
  auto r = read("main");
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(r.value().result.commit, written.commit);
  EXPECT_EQ(r.value().result.ref_kind, "branch");
  EXPECT_EQ(r.value().result.folder, "backups/hubspot/123");
  EXPECT_THAT(r.value().result.warnings, IsEmpty());
  ASSERT_EQ(r.value().objects.size(), 3u);
  EXPECT_EQ(by_key(r.value().objects), expected(snapshot_v1()));
  const ReadObject& a = r.value().objects[0];
  EXPECT_EQ(a.type, "forms");
  EXPECT_EQ(a.id, "a");
  EXPECT_EQ(a.name, "Form A");
  EXPECT_EQ(a.hash, testing::content_hash(snapshot_v1()[0].data_json));
  // The text as written: pretty-printed, keys sorted, a final newline.
  EXPECT_EQ(a.data, "{\n  \"fields\": [\n    {\n      \"n\": \"email\"\n    }\n  ],\n  \"name\": \"Form A\",\n  \"v\": 1\n}\n");
}

TEST_F(ReadBackup, WantsTypeReadsOnlyThoseTypesFiles) {
  const auto objects = snapshot_v1();
  write(objects);
  std::set<std::string> types;
  for (const TestObject& o : objects) types.insert(o.type);
  ASSERT_GT(types.size(), 1u);
  const std::string only = *types.begin();
  std::vector<TestObject> of_type;
  for (const TestObject& o : objects) {
    if (o.type == only) of_type.push_back(o);
  }
  auto r = read("main", source(), "reader", [&only](std::string_view type) { return type == only; });
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(by_key(r.value().objects), expected(of_type));
}

TEST_F(ReadBackup, TheWritersOwnMirrorReadsWithoutAnotherClone) {
  const Outcome written = write(snapshot_v1());
  auto r = read("main", source(), "mirror");
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(r.value().result.commit, written.commit);
  EXPECT_EQ(r.value().objects.size(), 3u);
}

TEST_F(ReadBackup, ReadsAtAFullAndAnAbbreviatedCommitSha) {
  const Outcome written = write(snapshot_v1());
  for (const std::string& ref : {written.commit, written.commit.substr(0, 7)}) {
    auto r = read(ref);
    ASSERT_TRUE(r) << ref << ": " << r.failure().message;
    EXPECT_EQ(r.value().result.commit, written.commit);
    EXPECT_EQ(r.value().result.ref_kind, "commit");
    EXPECT_EQ(by_key(r.value().objects), expected(snapshot_v1()));
  }
}

TEST_F(ReadBackup, AFullShaTheMirrorHoldsIsReadWithoutTheRemote) {
  const Outcome written = write(snapshot_v1());
  Target t = target("mirror");  // the writer's mirror holds the commit
  t.remote_url = "http://127.0.0.1:1/octo/backup.git";  // nothing listens on port 1
  t.allowed_host = "127.0.0.1:1";
  std::vector<ReadObject> objects;
  auto collect = [&objects](const ReadObject& o) -> sdk::Status {
    objects.push_back(o);
    return {};
  };
  auto r = read_backup(t, source(), written.commit, collect, hooks());
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(r.value().commit, written.commit);
  EXPECT_EQ(r.value().ref_kind, "commit");
  EXPECT_EQ(by_key(objects), expected(snapshot_v1()));

  // mirror_only: no remote at all; anything but a full sha the mirror holds is NOT_IN_MIRROR.
  Target local;
  local.mirror_only = true;
  local.path_prefix = "backups";
  local.mirror_dir = t.mirror_dir;
  local.full_name = t.full_name;
  objects.clear();
  auto pinned = read_backup(local, source(), written.commit, collect, hooks());
  ASSERT_TRUE(pinned) << pinned.failure().message;
  EXPECT_EQ(by_key(objects), expected(snapshot_v1()));
  objects.clear();
  for (const std::string& ref : {std::string("main"), written.commit.substr(0, 12), std::string(40, 'e')}) {
    auto missing = read_backup(local, source(), ref, collect, hooks());
    ASSERT_FALSE(missing) << ref;
    EXPECT_EQ(missing.failure().code, kNotInMirror) << ref;
  }
  EXPECT_THAT(objects, IsEmpty());
}

TEST_F(ReadBackup, ReadsAtALightweightAndAnAnnotatedTag) {
  const Outcome written = write(snapshot_v1());
  testing::git_ok({"-C", repo.path, "tag", "v1", written.commit});
  testing::git_ok({"-C", repo.path, "tag", "-a", "-m", "release", "v1-annotated", written.commit});
  for (const std::string ref : {"v1", "v1-annotated", "refs/tags/v1"}) {
    auto r = read(ref);
    ASSERT_TRUE(r) << ref << ": " << r.failure().message;
    EXPECT_EQ(r.value().result.commit, written.commit) << ref;
    EXPECT_EQ(r.value().result.ref_kind, "tag");
    EXPECT_EQ(r.value().objects.size(), 3u);
  }
}

TEST_F(ReadBackup, ALongIdRoundTripsThroughTheIndex) {
  const std::string long_id(300, 'x');
  const std::string odd_id = "a/b:c*?\"<>| é";
  std::vector<TestObject> objects = {{"schemas", long_id, "Long", R"({"k":1})", ""},
                                     {"schemas", long_id + "y", "Longer", R"({"k":2})", ""},
                                     {"schemas", odd_id, "Odd", R"({"k":3})", ""},
                                     {"schemas", "A", "upper", R"({"k":4})", ""},
                                     {"schemas", "a", "lower", R"({"k":5})", ""}};
  write(objects);
  auto r = read("main");
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(by_key(r.value().objects), expected(objects));
  std::map<std::string, std::string> names;
  for (const ReadObject& o : r.value().objects) names[o.id] = o.name;
  EXPECT_EQ(names[long_id], "Long");
  EXPECT_EQ(names[long_id + "y"], "Longer");
  EXPECT_EQ(names[odd_id], "Odd");
}

TEST_F(ReadBackup, ASecondBackupReadsTheNewStateWhileTheFirstCommitKeepsTheOld) {
  const Outcome first = write(snapshot_v1());
  std::vector<TestObject> v2 = snapshot_v1();
  v2[0].data_json = R"({"name":"Form A","v":2})";
  v2.erase(v2.begin() + 1);
  v2.push_back({"forms", "c", "Form C", R"({"v":1})", ""});
  const Outcome second = write(v2);
  ASSERT_NE(first.commit, second.commit);

  auto now = read("main");
  ASSERT_TRUE(now) << now.failure().message;
  EXPECT_EQ(now.value().result.commit, second.commit);
  EXPECT_EQ(by_key(now.value().objects), expected(v2));
  auto then = read(first.commit.substr(0, 10));
  ASSERT_TRUE(then) << then.failure().message;
  EXPECT_EQ(then.value().result.commit, first.commit);
  EXPECT_EQ(by_key(then.value().objects), expected(snapshot_v1()));
}

TEST_F(ReadBackup, AThousandsOfObjectsBackupReadsBackWholeFromAFreshMirror) {
  std::vector<TestObject> objects;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = std::to_string(1000000 + i);
    objects.push_back({i % 3 == 0 ? "forms" : "properties", id, "Object " + id,
                       R"({"id":")" + id + R"(","label":"Object )" + id + R"(","options":[1,2,3],"text":")" +
                           std::string(200, static_cast<char>('a' + i % 26)) + "\"}",
                       ""});
  }
  write(objects);
  auto r = read("main");
  ASSERT_TRUE(r) << r.failure().message;
  EXPECT_EQ(r.value().result.objects, objects.size());
  EXPECT_EQ(by_key(r.value().objects), expected(objects));
}

TEST_F(ReadBackup, AnUnknownRefIsRefNotFoundNamingIt) {
  write(snapshot_v1());
  for (const std::string ref : {"no-such-branch", "deadbeef", "0000000000000000000000000000000000000000"}) {
    auto r = read(ref);
    ASSERT_FALSE(r) << ref;
    EXPECT_EQ(r.failure().code, kRefNotFound) << ref;
    EXPECT_EQ(r.failure().status, HSD_ERR_NOT_FOUND);
    EXPECT_THAT(r.failure().message, HasSubstr("'" + ref + "'"));
    EXPECT_THAT(r.failure().message, HasSubstr(repo.full_name));
  }
  auto bad = read("-x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.failure().code, "INVALID_REF");
}

TEST_F(ReadBackup, AFolderWithoutABackupIsBackupNotFound) {
  write(snapshot_v1());
  auto r = read("main", source("999"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().code, kBackupNotFound);
  EXPECT_THAT(r.failure().message, HasSubstr("backups/hubspot/999"));
}

TEST_F(ReadBackup, SeveralPortalsInOneRepositoryAreKeptApart) {
  const std::vector<TestObject> other = {{"forms", "z", "Other form", R"({"portal":456})", ""}};
  write(snapshot_v1(), source("123"));
  write(other, source("456"));
  auto first = read("main", source("123"));
  auto second = read("main", source("456"));
  ASSERT_TRUE(first) << first.failure().message;
  ASSERT_TRUE(second) << second.failure().message;
  EXPECT_EQ(first.value().result.commit, second.value().result.commit);
  EXPECT_EQ(by_key(first.value().objects), expected(snapshot_v1()));
  EXPECT_EQ(by_key(second.value().objects), expected(other));
}

// Pushes a commit made with the git CLI on top of main, with the given files changed.
void commit_files(const std::string& work, const std::map<std::string, std::string>& files, bool remove_index) {
  for (const auto& [path, content] : files) {
    std::filesystem::create_directories(std::filesystem::path(work + "/" + path).parent_path());
    testing::write_file(work + "/" + path, content);
  }
  if (remove_index) testing::git_ok({"-C", work, "rm", "-rq", "backups/hubspot/123/.hsdeploy"});
  testing::git_ok({"-C", work, "add", "-A"});
  testing::git_ok({"-C", work, "commit", "-qm", "edit"});
  testing::git_ok({"-C", work, "push", "-q", "origin", "HEAD:main"});
}

TEST_F(ReadBackup, ABackupWithoutAnIndexIsReadByItsFileNamesWithAWarning) {
  const std::string long_id(300, 'q');
  write({{"forms", "a b", "Form", R"({"v":1})", ""}, {"forms", long_id, "Long", R"({"v":2})", ""}});
  // The first layout wrote no index: take it away as that backup would have looked.
  const std::string work = dir.path() + "/work";
  testing::git_ok({"clone", "-q", repo.path, work});
  commit_files(work, {}, true);

  auto r = read("main");
  ASSERT_TRUE(r) << r.failure().message;
  ASSERT_EQ(r.value().objects.size(), 2u);
  ASSERT_EQ(r.value().result.warnings.size(), 2u);
  EXPECT_THAT(r.value().result.warnings[0], HasSubstr("has no index"));
  EXPECT_THAT(r.value().result.warnings[1], HasSubstr("1 name(s) were shortened"));
  std::map<std::string, std::string> data = by_key(r.value().objects);
  EXPECT_EQ(data["forms/a b"], render_object_file(R"({"v":1})"));  // "a%20b" decoded
  for (const ReadObject& o : r.value().objects) {
    EXPECT_EQ(o.type, "forms");
    EXPECT_EQ(o.name, "");
    if (o.id != "a b") {
      EXPECT_THAT(o.id, HasSubstr("~"));  // the shortened name, kept as the id
    }
  }
}

TEST_F(ReadBackup, AnIndexThatDoesNotParseIsBackupIndexInvalidNamingTheFile) {
  write(snapshot_v1());
  const std::string work = dir.path() + "/work";
  testing::git_ok({"clone", "-q", repo.path, work});
  commit_files(work, {{"backups/hubspot/123/.hsdeploy/index.json", "{\"format\": \"hsdeploy-backup-index\", oops"}}, false);
  auto r = read("main");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().code, kBackupIndexInvalid);
  EXPECT_THAT(r.failure().message, HasSubstr("backups/hubspot/123/.hsdeploy/index.json"));
  EXPECT_THAT(r.failure().message, HasSubstr("not valid JSON"));

  commit_files(work, {{"backups/hubspot/123/.hsdeploy/index.json",
                       R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"hubspot","account_id":"123",)"
                       R"("objects":[{"type":"forms","id":"a","name":"A","path":"../../x.json"}]})"}},
               false);
  auto escaping = read("main");
  ASSERT_FALSE(escaping);
  EXPECT_EQ(escaping.failure().code, kBackupIndexInvalid);
  EXPECT_THAT(escaping.failure().message, HasSubstr("objects[0].path"));
}

TEST_F(ReadBackup, ANetworkFailureIsGitUnavailable) {
  write(snapshot_v1());
  Target t = target("reader");
  t.remote_url = "http://127.0.0.1:1/octo/backup.git";  // nothing listens on port 1
  t.allowed_host = "127.0.0.1:1";
  auto r = read_backup(t, source(), "main", [](const ReadObject&) -> sdk::Status { return {}; }, hooks());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.failure().code, kGitUnavailable);
  EXPECT_TRUE(r.failure().retryable);
}

TEST(BackupIndex, RendersAndParsesBack) {
  BackupIndex index{2, "hubspot", "123", {{"forms", "a\"b", "N\n", "forms/a%22b.json", "h1"}, {"t", "", "", "t/%EMPTY.json", ""}}};
  auto parsed = parse_index(render_index(index), "f");
  ASSERT_TRUE(parsed) << parsed.failure().message;
  EXPECT_EQ(parsed.value().layout, 2);
  ASSERT_EQ(parsed.value().objects.size(), 2u);
  EXPECT_EQ(parsed.value().objects[0].id, "a\"b");
  EXPECT_EQ(parsed.value().objects[0].name, "N\n");
  EXPECT_EQ(parsed.value().objects[1].path, "t/%EMPTY.json");
}

TEST(BackupIndex, KeepsOnlyTheWantedTypesEntriesAndStillChecksTheOthers) {
  BackupIndex index{2, "hubspot", "123",
                    {{"forms", "a", "A", "forms/a.json", "h1"}, {"workflows", "w", "W", "workflows/w.json", ""},
                     {"forms", "b", "B", "forms/b.json", ""}}};
  auto parsed = parse_index(render_index(index), "f", [](std::string_view type) { return type == "forms"; });
  ASSERT_TRUE(parsed) << parsed.failure().message;
  EXPECT_EQ(parsed.value().plugin, "hubspot");
  EXPECT_EQ(parsed.value().account_id, "123");
  ASSERT_EQ(parsed.value().objects.size(), 2u);
  EXPECT_EQ(parsed.value().objects[0].id, "a");
  EXPECT_EQ(parsed.value().objects[0].hash, "h1");
  EXPECT_EQ(parsed.value().objects[1].id, "b");
  // An entry of another type that leaves the folder is refused all the same.
  auto escaping = parse_index(R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"p","account_id":"1","objects":[)"
                              R"({"type":"t","id":"1","name":"","path":"../x.json"}]})",
                              "f.json", [](std::string_view type) { return type == "forms"; });
  ASSERT_FALSE(escaping);
  EXPECT_THAT(escaping.failure().message, HasSubstr("objects[0].path"));
  // Members in another order, unknown members, and content after the object.
  auto reordered = parse_index(R"({"objects":[{"path":"t/1.json","x":[1,{"y":2}],"name":"n","id":"1","type":"t"}],)"
                               R"("account_id":"1","plugin":"p","layout":2,"format":"hsdeploy-backup-index"})",
                               "f.json");
  ASSERT_TRUE(reordered) << reordered.failure().message;
  ASSERT_EQ(reordered.value().objects.size(), 1u);
  EXPECT_EQ(reordered.value().objects[0].type, "t");
  auto trailing = parse_index(R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"p","account_id":"1","objects":[]} x)",
                              "f.json");
  ASSERT_FALSE(trailing);
  EXPECT_THAT(trailing.failure().message, HasSubstr("not valid JSON"));
  auto mistyped = parse_index(R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"p","account_id":"1","objects":[)"
                              R"({"type":"t","id":1,"name":"","path":"t/1.json"}]})",
                              "f.json");
  ASSERT_FALSE(mistyped);
  EXPECT_THAT(mistyped.failure().message, HasSubstr("objects[0].id is missing or not a string"));
}

TEST(BackupIndex, RefusesMissingFieldsAndRepeatedObjectsNamingThem) {
  auto missing = parse_index(R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"p","objects":[]})", "f.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.failure().code, kBackupIndexInvalid);
  EXPECT_THAT(missing.failure().message, HasSubstr("'f.json'"));
  EXPECT_THAT(missing.failure().message, HasSubstr("account_id"));
  auto repeated = parse_index(R"({"format":"hsdeploy-backup-index","layout":2,"plugin":"p","account_id":"1","objects":[)"
                              R"({"type":"t","id":"1","name":"","path":"t/1.json"},{"type":"t","id":"1","name":"","path":"t/2.json"}]})",
                              "f.json");
  ASSERT_FALSE(repeated);
  EXPECT_THAT(repeated.failure().message, HasSubstr("objects[1] repeats t '1'"));
}

}  // namespace
}  // namespace hsd::plugins::github::backup
