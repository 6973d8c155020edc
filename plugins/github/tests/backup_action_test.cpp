// The backup action's glue, with the writer stood in for: the check before it, what it is
// handed (remote, host, token, mirror, author, the bound snapshot), and what comes back.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::HasSubstr;
using testing::FakeHost;

struct Seen {
  backup::Target target;
  backup::Source source;
  std::vector<std::string> objects;  // type/id=hash
  bool cancelled = true;
  int calls = 0;
};

class BackupTest : public testing::ConnectorTest {
 protected:
  BackupTest() {
    fake_writer_ = [this](const backup::Target& target, const backup::Source& source, const backup::ObjectSource& objects,
                          const backup::Hooks& hooks) -> hsd::sdk::Result<backup::Outcome> {
      ++seen_.calls;
      seen_.target = target;
      seen_.source = source;
      seen_.cancelled = hooks.cancelled && hooks.cancelled();
      if (hooks.log) hooks.log(HSD_LOG_INFO, "writer ran");
      auto status = objects([this](const backup::Object& object) -> hsd::sdk::Status {
        seen_.objects.push_back(std::string(object.type) + "/" + std::string(object.id) + "=" + std::string(object.hash));
        return {};
      });
      if (!status) return status.failure();
      if (writer_failure_) return *writer_failure_;
      backup::Outcome outcome;
      outcome.commit = "c0ffee";
      outcome.parent = "bead";
      outcome.committed = true;
      outcome.added = 2;
      outcome.changed = 1;
      outcome.removed = 0;
      outcome.files = 7;
      return outcome;
    };
    host_.stored = {{"forms", "f1", "Form 1", R"({"id":"f1"})", "h1"}, {"workflows", "w9", "Flow", R"({"id":"w9"})", "h2"}};
  }

  std::string input(const std::string& full_name = "octocat/backups", const std::string& extra = "") {
    return R"({"params":{"repository":"1296269","full_name":")" + full_name +
           R"(","branch":"hsdeploy/hubspot","path_prefix":"portals","source_plugin":"hubspot","source_account_id":"62515",)"
           R"("source_account_name":"acme.com","source_label":"Acme prod")" + extra + R"(},)"
           R"("connection":{"id":17,"account_name":"octocat","account_id":"583231","plugin":"github"},)"
           R"("data_dir":"/var/lib/hsdeploy/plugins/github","credentials":null})";
  }

  Seen seen_;
  std::optional<hsd::sdk::Failure> writer_failure_;
};

TEST_F(BackupTest, ChecksThenHandsTheSnapshotToTheWriter) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  ASSERT_TRUE(invoke("backup", input()).ok()) << host_.error_message;
  ASSERT_EQ(seen_.calls, 1);
  const auto& target = seen_.target;
  EXPECT_EQ(target.remote_url, "http://web.test:8080/octocat/backups.git");
  EXPECT_EQ(target.allowed_host, "web.test:8080");
  EXPECT_EQ(target.token, "gho_token1");
  EXPECT_EQ(target.branch, "hsdeploy/hubspot");
  EXPECT_EQ(target.path_prefix, "portals");
  EXPECT_EQ(target.mirror_dir, "/var/lib/hsdeploy/plugins/github/mirrors/17/1296269.git");
  EXPECT_EQ(target.full_name, "octocat/backups");
  EXPECT_EQ(target.author_name, "octocat");
  EXPECT_EQ(target.author_email, "583231+octocat@users.noreply.github.com");
  EXPECT_EQ(seen_.source.plugin, "hubspot");
  EXPECT_EQ(seen_.source.account_id, "62515");
  EXPECT_EQ(seen_.source.account_name, "acme.com");
  EXPECT_EQ(seen_.source.label, "Acme prod");
  EXPECT_EQ(seen_.objects, (std::vector<std::string>{"forms/f1=h1", "workflows/w9=h2"}));
  EXPECT_FALSE(seen_.cancelled);
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "commit"), "c0ffee");
  EXPECT_EQ(support::json_string_field(out, "parent"), "bead");
  EXPECT_EQ(support::json_bool_field(out, "committed"), true);
  EXPECT_EQ(support::json_integer_field(out, "added"), 2);
  EXPECT_EQ(support::json_integer_field(out, "changed"), 1);
  EXPECT_EQ(support::json_integer_field(out, "removed"), 0);
  EXPECT_EQ(support::json_integer_field(out, "files"), 7);
  EXPECT_EQ(support::json_string_field(out, "full_name"), "octocat/backups");
  EXPECT_EQ(support::json_string_field(out, "branch"), "hsdeploy/hubspot");
  EXPECT_FALSE(out->has("renamed_from"));
}

TEST_F(BackupTest, ARenamedRepositoryIsBackedUpUnderItsNewName) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octo-org/backups")));
  ASSERT_TRUE(invoke("backup", input("octocat/backups")).ok()) << host_.error_message;
  EXPECT_EQ(seen_.target.remote_url, "http://web.test:8080/octo-org/backups.git");
  auto out = output();
  EXPECT_EQ(support::json_string_field(out, "full_name"), "octo-org/backups");
  EXPECT_EQ(support::json_string_field(out, "renamed_from"), "octocat/backups");
}

TEST_F(BackupTest, RefusesWithoutPushPermission) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups", false)));
  auto status = invoke("backup", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_PERMISSION_DENIED);
  EXPECT_EQ(status.failure().code, "PUSH_NOT_ALLOWED");
  EXPECT_EQ(seen_.calls, 0);
}

TEST_F(BackupTest, RefusesWhatTheCheckReports) {
  struct Case {
    uint32_t status;
    std::string body;
    bool archived;
    std::string code;
  };
  const std::vector<Case> cases = {
      {200, testing::repo_body("1296269", "octocat/backups", true, true), false, "REPO_ARCHIVED"},
      {404, R"({"message":"Not Found"})", false, "REPO_NOT_FOUND"},
      {401, R"({"message":"Bad credentials"})", false, "ACCESS_REVOKED"},
  };
  for (const auto& c : cases) {
    FakeHost host;
    host.on("GET", "/repositories/1296269$", FakeHost::json(c.status, c.body));
    host.on("GET", "/user$", FakeHost::json(200, testing::user_body()));
    auto context = host.context();
    auto status = connector_.invoke(context, "backup", input());
    ASSERT_FALSE(status.ok()) << c.code;
    EXPECT_EQ(status.failure().code, c.code);
  }
  EXPECT_EQ(seen_.calls, 0);
}

TEST_F(BackupTest, RateLimitedIsRetryable) {
  host_.on("GET", "/repositories/1296269$",
           FakeHost::json(403, "{}", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(clock_->now_ms() / 1000 + 7200)}}));
  auto status = invoke("backup", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_EQ(status.failure().code, "RATE_LIMITED");
  EXPECT_TRUE(status.failure().retryable);
  EXPECT_THAT(status.failure().details_json, HasSubstr("reset_at"));
}

TEST_F(BackupTest, TheWritersFailurePassesThrough) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/backups")));
  hsd::sdk::Failure refused;
  refused.status = HSD_ERR_PERMISSION_DENIED;
  refused.code = "PUSH_REFUSED";
  refused.message = "GitHub refused the push to hsdeploy/hubspot: protected branch";
  writer_failure_ = refused;
  auto status = invoke("backup", input());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "PUSH_REFUSED");
  EXPECT_EQ(status.failure().message, refused.message);
}

TEST_F(BackupTest, ParametersAreChecked) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"params":{"full_name":"o/r","branch":"b","source_plugin":"p","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "the parameter repository is required"},
      {R"({"params":{"repository":"o/r","full_name":"o/r","branch":"b","source_plugin":"p","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "the parameter repository must be the repository's numeric id"},
      {R"({"params":{"repository":"5","full_name":"o/r","branch":"a..b","source_plugin":"p","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "the parameter branch"},
      {R"({"params":{"repository":"5","full_name":"o/r","branch":"b","path_prefix":"../x","source_plugin":"p","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "the parameter path_prefix"},
      {R"({"params":{"repository":"5","full_name":"o/r","branch":"b","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "the parameter source_plugin is required"},
      {R"({"params":{"repository":"5","full_name":"o/r","branch":"b","source_plugin":"p","source_account_id":"1"},"connection":{"id":1,"account_name":"a","account_id":"2"}})",
       "data_dir"},
      {R"({"params":{"repository":"5","full_name":"o/r","branch":"b","source_plugin":"p","source_account_id":"1"},"connection":{"id":"../1","account_name":"a","account_id":"2"},"data_dir":"/d"})",
       "connection"},
  };
  for (const auto& [in, expected] : cases) {
    auto status = invoke("backup", in);
    ASSERT_FALSE(status.ok()) << in;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT) << in;
    EXPECT_THAT(status.failure().message, HasSubstr(expected)) << in;
  }
  EXPECT_TRUE(host_.requests.empty());
  EXPECT_EQ(seen_.calls, 0);
}

}  // namespace
}  // namespace hsd::plugins::github
