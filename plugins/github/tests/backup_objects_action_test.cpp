// The backup_objects action's glue, with the reader stood in for (its own tests read real
// backups over git smart HTTP): the parameters it checks, the repository check before it, what
// the reader is handed, and the output it builds.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "backup/errors.hpp"

#include <unistd.h>

#include <cstdint>
#include <filesystem>

namespace hsd::plugins::github {
namespace {

using ::testing::HasSubstr;
using testing::FakeHost;

class BackupObjectsTest : public testing::ConnectorTest {
 protected:
  BackupObjectsTest() {
    fake_reader_ = [this](const backup::Target& target, const backup::Source& source, const std::string& ref,
                          const backup::ReadVisitor& visit, const backup::Hooks&) -> hsd::sdk::Result<backup::ReadResult> {
      ++calls_;
      target_ = target;
      source_ = source;
      ref_ = ref;
      if (target.mirror_only && mirror_failure_) return *mirror_failure_;
      if (reader_failure_) return *reader_failure_;
      for (const backup::ReadObject& o : objects_) {
        if (auto s = visit(o); !s) return s.failure();
      }
      backup::ReadResult result;
      result.commit = "0123456789abcdef0123456789abcdef01234567";
      result.ref_kind = "commit";
      result.folder = "portals/hubspot/62515";
      result.objects = objects_.size();
      result.warnings = warnings_;
      return result;
    };
  }

  std::string input(const std::string& extra = R"(,"ref":"0123abc")") {
    return R"({"params":{"repository":"1296269","full_name":"octocat/backups","path_prefix":"portals",)"
           R"("source_plugin":"hubspot","source_account_id":"62515")" + extra + R"(},)"
           R"("connection":{"id":17,"account_name":"octocat","account_id":"583231","plugin":"github"},)"
           R"("data_dir":"/var/lib/hsdeploy/plugins/github","credentials":null})";
  }

  int calls_ = 0;
  backup::Target target_;
  backup::Source source_;
  std::string ref_;
  std::vector<backup::ReadObject> objects_;
  std::vector<std::string> warnings_;
  std::optional<hsd::sdk::Failure> reader_failure_;
  std::optional<hsd::sdk::Failure> mirror_failure_;  // for a mirror_only target
};

TEST_F(BackupObjectsTest, ReadsThroughTheBackupsMirrorAndEmitsEveryObjectsText) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  objects_ = {{"forms", "f1", "Form \"1\"", "h1", "{\n  \"id\": \"f1\"\n}\n"}, {"workflows", "w9", "Flow", "", "{}\n"}};
  ASSERT_TRUE(invoke("backup_objects", input()).ok()) << host_.error_message;
  ASSERT_EQ(calls_, 1);
  EXPECT_EQ(ref_, "0123abc");
  EXPECT_EQ(target_.remote_url, "http://web.test:8080/octocat/backups.git");
  EXPECT_EQ(target_.allowed_host, "web.test:8080");
  EXPECT_EQ(target_.token, "gho_token1");
  EXPECT_EQ(target_.path_prefix, "portals");
  EXPECT_EQ(target_.mirror_dir, "/var/lib/hsdeploy/plugins/github/mirrors/17/1296269.git");
  EXPECT_EQ(source_.plugin, "hubspot");
  EXPECT_EQ(source_.account_id, "62515");
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "commit"), "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(support::json_string_field(out, "ref_kind"), "commit");
  EXPECT_EQ(support::json_string_field(out, "folder"), "portals/hubspot/62515");
  EXPECT_EQ(out->optValue<int>("object_count", -1), 2);
  EXPECT_FALSE(out->has("warnings"));
  // The objects go to the host one by one, never into the output.
  EXPECT_FALSE(out->has("objects"));
  ASSERT_EQ(host_.objects.size(), 2u);
  EXPECT_EQ(host_.objects[0].type, "forms");
  EXPECT_EQ(host_.objects[0].id, "f1");
  EXPECT_EQ(host_.objects[0].name, "Form \"1\"");
  EXPECT_EQ(host_.objects[0].data, "{\n  \"id\": \"f1\"\n}\n");
  EXPECT_EQ(host_.objects[1].type, "workflows");
  EXPECT_EQ(host_.objects[1].id, "w9");
}

TEST_F(BackupObjectsTest, TypesLimitTheObjectsEmitted) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  objects_ = {{"forms", "f1", "F", "", "{}\n"}, {"workflows", "w9", "W", "", "{}\n"}, {"forms", "f2", "G", "", "{}\n"}};
  ASSERT_TRUE(invoke("backup_objects", input(R"(,"ref":"main","types":["forms"])")).ok()) << host_.error_message;
  ASSERT_EQ(host_.objects.size(), 2u);
  EXPECT_EQ(host_.objects[0].id, "f1");
  EXPECT_EQ(host_.objects[1].id, "f2");
  EXPECT_EQ(output()->optValue<int>("object_count", -1), 2);
  host_.objects.clear();
  ASSERT_TRUE(invoke("backup_objects", input(R"(,"ref":"main","types":[])")).ok()) << host_.error_message;
  EXPECT_EQ(host_.objects.size(), 3u);  // empty: every type
}

TEST_F(BackupObjectsTest, TypesOfAnotherShapeAreRefusedNamingTheParameter) {
  for (const std::string types : {R"("forms")", R"({"forms":1})", R"(["forms",3])", R"([""])"}) {
    auto status = invoke("backup_objects", input(R"(,"ref":"main","types":)" + types));
    ASSERT_FALSE(status.ok()) << types;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT) << types;
    EXPECT_THAT(status.failure().message, HasSubstr("types")) << types;
  }
  EXPECT_EQ(calls_, 0);
}

TEST_F(BackupObjectsTest, TheHostRefusingAnObjectStopsTheRead) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  objects_ = {{"forms", "f1", "F", "", "{}\n"}, {"forms", "f2", "G", "", "{}\n"}};
  host_.emit_status = HSD_ERR_CANCELLED;
  auto status = invoke("backup_objects", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_CANCELLED);
}

TEST_F(BackupObjectsTest, AnEmptyBackupEmitsNothingAndWarningsAreOutput) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  warnings_ = {"the backup at 0123456789ab has no index"};
  ASSERT_TRUE(invoke("backup_objects", input()).ok()) << host_.error_message;
  auto out = output();
  EXPECT_TRUE(host_.objects.empty());
  EXPECT_EQ(out->optValue<int>("object_count", -1), 0);
  ASSERT_TRUE(out->getArray("warnings"));
  EXPECT_EQ(out->getArray("warnings")->getElement<std::string>(0), "the backup at 0123456789ab has no index");
}

TEST_F(BackupObjectsTest, AnArchivedRepositoryIsStillReadAndARenamedOneUnderItsNewName) {
  host_.on("GET", "/repositories/1296269$",
           FakeHost::json(200, testing::repo_body("1296269", "octo-org/backups", true, true)));
  ASSERT_TRUE(invoke("backup_objects", input()).ok()) << host_.error_message;
  EXPECT_EQ(target_.remote_url, "http://web.test:8080/octo-org/backups.git");
  EXPECT_EQ(support::json_string_field(output(), "renamed_from"), "octocat/backups");
}

TEST_F(BackupObjectsTest, TheReadersFailuresPassThrough) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  hsd::sdk::Failure failure;
  failure.status = HSD_ERR_NOT_FOUND;
  failure.code = "REF_NOT_FOUND";
  failure.message = "the ref '0123abc' is not a commit reachable from a branch or tag in octocat/backups";
  reader_failure_ = failure;
  auto status = invoke("backup_objects", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "REF_NOT_FOUND");
  EXPECT_THAT(status.failure().message, HasSubstr("'0123abc'"));
}

// A data_dir whose backup mirror (connection 17, repository 1296269) exists.
class PinnedCommitTest : public BackupObjectsTest {
 protected:
  PinnedCommitTest() {
    std::filesystem::create_directories(data_dir_ / "mirrors" / "17" / "1296269.git");
  }
  ~PinnedCommitTest() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
  std::string pinned_input() const {
    return R"({"params":{"repository":"1296269","full_name":"octocat/backups","path_prefix":"portals",)"
           R"("source_plugin":"hubspot","source_account_id":"62515","ref":")" + std::string(kSha) + R"(","types":["forms"]},)"
           R"("connection":{"id":17,"account_name":"octocat","account_id":"583231","plugin":"github"},)"
           R"("data_dir":")" + data_dir_.string() + R"(","credentials":null})";
  }
  static constexpr const char* kSha = "0123456789abcdef0123456789abcdef01234567";
  std::filesystem::path data_dir_ = std::filesystem::temp_directory_path() /
                                    ("hsd-pinned-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
};

TEST_F(PinnedCommitTest, AFullShaTheMirrorHoldsIsReadWithoutTheCheckOrTheRemote) {
  objects_ = {{"forms", "f1", "F", "", "{}\n"}};
  ASSERT_TRUE(invoke("backup_objects", pinned_input()).ok()) << host_.error_message;
  EXPECT_EQ(calls_, 1);
  EXPECT_TRUE(target_.mirror_only);
  EXPECT_EQ(target_.remote_url, "");
  EXPECT_EQ(target_.token, "");
  EXPECT_EQ(target_.mirror_dir, (data_dir_ / "mirrors" / "17" / "1296269.git").string());
  EXPECT_EQ(ref_, kSha);
  EXPECT_TRUE(host_.requests.empty());  // no repository check
  EXPECT_EQ(host_.objects.size(), 1u);
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "full_name"), "octocat/backups");
  EXPECT_EQ(support::json_string_field(out, "commit"), kSha);
  EXPECT_FALSE(out->has("renamed_from"));
}

TEST_F(PinnedCommitTest, ACommitTheMirrorLacksGoesThroughTheCheckAndTheRemote) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  hsd::sdk::Failure failure;
  failure.status = HSD_ERR_NOT_FOUND;
  failure.code = backup::kNotInMirror;
  mirror_failure_ = failure;
  objects_ = {{"forms", "f1", "F", "", "{}\n"}};
  ASSERT_TRUE(invoke("backup_objects", pinned_input()).ok()) << host_.error_message;
  EXPECT_EQ(calls_, 2);
  EXPECT_FALSE(target_.mirror_only);
  EXPECT_EQ(target_.remote_url, "http://web.test:8080/octocat/backups.git");
  EXPECT_EQ(host_.requests_to("/repositories/1296269").size(), 1u);
  EXPECT_EQ(host_.objects.size(), 1u);  // emitted once, by the second read
}

TEST_F(PinnedCommitTest, TheMirrorReadsOtherFailuresPassThrough) {
  hsd::sdk::Failure failure;
  failure.status = HSD_ERR_NOT_FOUND;
  failure.code = "BACKUP_NOT_FOUND";
  mirror_failure_ = failure;
  auto status = invoke("backup_objects", pinned_input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "BACKUP_NOT_FOUND");
  EXPECT_EQ(calls_, 1);
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(BackupObjectsTest, MissingParametersAreNamedBeforeAnyCall) {
  auto status = invoke("backup_objects", input(""));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(status.failure().message, HasSubstr("ref"));
  EXPECT_EQ(calls_, 0);
}

TEST_F(BackupObjectsTest, AMissingRepositoryIsRefused) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(404, R"({"message":"Not Found"})"));
  host_.on("GET", "/user$", FakeHost::json(200, testing::user_body()));
  auto status = invoke("backup_objects", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "REPO_NOT_FOUND");
  EXPECT_EQ(calls_, 0);
}

}  // namespace
}  // namespace hsd::plugins::github
