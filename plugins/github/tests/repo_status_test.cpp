// repo_status: what GitHub says about a repository becomes output (connected, renamed,
// not_found vs access_revoked, archived, SSO, rate limited, no push); transport trouble and
// 5xx are failures.
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FakeHost;

class RepoStatusTest : public testing::ConnectorTest {
 protected:
  Poco::JSON::Object::Ptr status_of(const std::string& repository, bool with_branches = false) {
    auto status = invoke("repo_status", R"({"params":{"repository":")" + repository + R"(","with_branches":)" +
                                            (with_branches ? "true" : "false") + "}}");
    EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.failure().message);
    return output();
  }
};

TEST_F(RepoStatusTest, ConnectedByName) {
  host_.on("GET", "/repos/octo-org/hello.world$", FakeHost::json(200, testing::repo_body("1296269", "octo-org/hello.world")));
  auto out = status_of("octo-org/hello.world");
  EXPECT_EQ(support::json_string_field(out, "status"), "connected");
  EXPECT_EQ(support::json_string_field(out, "reason"), "");
  EXPECT_EQ(support::json_integer_field(out, "checked_at"), clock_->now_ms());
  EXPECT_FALSE(out->has("renamed_from"));
  EXPECT_FALSE(out->has("branches"));
  EXPECT_TRUE(support::json_string_list(out, "warnings").empty());
  const auto repo = support::json_child(out, "repository");
  EXPECT_EQ(support::json_string_field(repo, "id"), "1296269");
  EXPECT_TRUE(repo->get("id").isString());
  EXPECT_EQ(support::json_string_field(repo, "full_name"), "octo-org/hello.world");
  EXPECT_EQ(support::json_string_field(repo, "owner"), "octo-org");
  EXPECT_EQ(support::json_string_field(repo, "name"), "hello.world");
  EXPECT_EQ(support::json_string_field(repo, "default_branch"), "main");
  EXPECT_EQ(support::json_bool_field(repo, "private"), true);
  EXPECT_EQ(support::json_bool_field(repo, "archived"), false);
  EXPECT_EQ(support::json_string_field(repo, "visibility"), "private");
  EXPECT_EQ(support::json_string_field(repo, "clone_url"), "https://github.com/octo-org/hello.world.git");
  EXPECT_EQ(support::json_bool_field(support::json_child(repo, "permissions"), "push"), true);
}

TEST_F(RepoStatusTest, ByIdUsesTheRepositoriesEndpoint) {
  host_.on("GET", "/repositories/1296269$", FakeHost::json(200, testing::repo_body("1296269", "octocat/Hello-World")));
  auto out = status_of("1296269");
  EXPECT_EQ(support::json_string_field(out, "status"), "connected");
  EXPECT_EQ(host_.requests[0].url, "http://api.test/repositories/1296269");
}

TEST_F(RepoStatusTest, ARenameIsFollowedAndReported) {
  host_.on("GET", "/repos/octocat/old-name$",
           FakeHost::json(301, R"({"message":"Moved Permanently","url":"http://api.test/repositories/42"})",
                          {{"Location", "http://api.test/repositories/42"}}));
  host_.on("GET", "/repositories/42$", FakeHost::json(200, testing::repo_body("42", "new-owner/new-name")));
  auto out = status_of("octocat/old-name");
  EXPECT_EQ(support::json_string_field(out, "status"), "connected");
  EXPECT_EQ(support::json_string_field(out, "renamed_from"), "octocat/old-name");
  EXPECT_EQ(support::json_string_field(support::json_child(out, "repository"), "full_name"), "new-owner/new-name");
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[1].header("Authorization"), "Bearer gho_token1");
}

TEST_F(RepoStatusTest, ARedirectToAnotherHostIsNotFollowed) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(301, "{}", {{"Location", "https://elsewhere.test/repositories/42"}}));
  auto status = invoke("repo_status", R"({"params":{"repository":"octocat/x"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("another host"));
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(RepoStatusTest, NotFoundWhenTheTokenStillWorks) {
  host_.on("GET", "/repos/octocat/gone$", FakeHost::json(404, R"({"message":"Not Found"})"));
  host_.on("GET", "/user$", FakeHost::json(200, testing::user_body()));
  auto out = status_of("octocat/gone");
  EXPECT_EQ(support::json_string_field(out, "status"), "error");
  EXPECT_EQ(support::json_string_field(out, "reason"), "not_found");
  EXPECT_EQ(support::json_string_field(out, "detail"),
            "octocat/gone was not found: it was deleted, or this token lost access to it (GitHub does not tell the "
            "two apart)");
  EXPECT_FALSE(out->has("repository"));
}

TEST_F(RepoStatusTest, A404WithARevokedTokenIsAccessRevoked) {
  host_.on("GET", "/repos/octocat/gone$", FakeHost::json(404, R"({"message":"Not Found"})"));
  host_.on("GET", "/user$", FakeHost::json(401, R"({"message":"Bad credentials"})"));
  auto out = status_of("octocat/gone");
  EXPECT_EQ(support::json_string_field(out, "reason"), "access_revoked");
}

TEST_F(RepoStatusTest, A401IsAccessRevoked) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(401, R"({"message":"Bad credentials"})"));
  auto out = status_of("octocat/x");
  EXPECT_EQ(support::json_string_field(out, "status"), "error");
  EXPECT_EQ(support::json_string_field(out, "reason"), "access_revoked");
  EXPECT_EQ(support::json_string_field(out, "detail"), "GitHub refused the token (401 Bad credentials): reconnect GitHub");
}

TEST_F(RepoStatusTest, ArchivedRepositoriesRefuseBackups) {
  host_.on("GET", "/repos/octocat/old$", FakeHost::json(200, testing::repo_body("7", "octocat/old", true, true)));
  auto out = status_of("octocat/old");
  EXPECT_EQ(support::json_string_field(out, "status"), "error");
  EXPECT_EQ(support::json_string_field(out, "reason"), "archived");
  EXPECT_EQ(support::json_string_field(out, "detail"), "octocat/old is archived and read-only: backups are refused");
  EXPECT_EQ(support::json_bool_field(support::json_child(out, "repository"), "archived"), true);
}

TEST_F(RepoStatusTest, SamlSsoNamesTheAuthorizationUrl) {
  host_.on("GET", "/repos/acme/secret$",
           FakeHost::json(403, R"({"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization."})",
                          {{"X-GitHub-SSO", "required; url=https://github.com/orgs/acme/sso?authorization_request=AZSC"}}));
  auto out = status_of("acme/secret");
  EXPECT_EQ(support::json_string_field(out, "status"), "error");
  EXPECT_EQ(support::json_string_field(out, "reason"), "sso_required");
  EXPECT_THAT(support::json_string_field(out, "detail").value_or(""),
              HasSubstr("authorize the token for the organisation at https://github.com/orgs/acme/sso?authorization_request=AZSC"));
}

TEST_F(RepoStatusTest, RateLimitedBeyondTheWaitIsOutputWithTheResetTime) {
  clock_->set(1'767'225'600'000);  // 2026-01-01T00:00:00Z
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(403, R"({"message":"API rate limit exceeded"})",
                                                       {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1767232799"}}));
  auto out = status_of("octocat/x");
  EXPECT_EQ(support::json_string_field(out, "status"), "error");
  EXPECT_EQ(support::json_string_field(out, "reason"), "rate_limited");
  EXPECT_THAT(support::json_string_field(out, "detail").value_or(""), HasSubstr("2026-01-01T02:00:00Z"));
  EXPECT_TRUE(clock_->sleeps().empty());
}

TEST_F(RepoStatusTest, RateLimitedWithinTheWaitIsWaitedOut) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(429, "{}", {{"x-ratelimit-remaining", "0"},
                                                                  {"x-ratelimit-reset", std::to_string(clock_->now_ms() / 1000 + 20)}}));
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(200, testing::repo_body("5", "octocat/x")));
  auto out = status_of("octocat/x");
  EXPECT_EQ(support::json_string_field(out, "status"), "connected");
  EXPECT_EQ(clock_->sleeps().size(), 1u);
}

TEST_F(RepoStatusTest, NoPushPermissionIsAWarning) {
  host_.on("GET", "/repos/torvalds/linux$", FakeHost::json(200, testing::repo_body("2325298", "torvalds/linux", false)));
  auto out = status_of("torvalds/linux");
  EXPECT_EQ(support::json_string_field(out, "status"), "connected");
  EXPECT_THAT(support::json_string_list(out, "warnings"), ElementsAre("no push permission: backups will be refused"));
}

TEST_F(RepoStatusTest, BranchesFollowTheLinks) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(200, testing::repo_body("5", "octocat/x")));
  host_.on("GET", "/repositories/5/branches?per_page=100$",
           FakeHost::json(200, R"([{"name":"main","protected":true},{"name":"dev"}])",
                          {{"link", R"(<http://api.test/repositories/5/branches?per_page=100&page=2>; rel="next")"}}));
  host_.on("GET", "/repositories/5/branches?per_page=100&page=2$", FakeHost::json(200, R"([{"name":"hsdeploy-backup"}])"));
  auto out = status_of("octocat/x", true);
  EXPECT_THAT(support::json_string_list(out, "branches"), ElementsAre("main", "dev", "hsdeploy-backup"));
  EXPECT_TRUE(host_.unexpected.empty());
}

TEST_F(RepoStatusTest, EtagsMakeRepeatedChecksCheap) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(200, testing::repo_body("5", "octocat/x"), {{"ETag", "\"r1\""}}));
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(304, "", {{"ETag", "\"r1\""}}));
  auto first = status_of("octocat/x");
  auto second = status_of("octocat/x");  // a later call on the same instance
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[1].header("If-None-Match"), "\"r1\"");
  EXPECT_EQ(support::json_string_field(second, "status"), "connected");
  EXPECT_EQ(support::json_string_field(support::json_child(second, "repository"), "id"), "5");
}

TEST_F(RepoStatusTest, OutagesAreRetryableFailures) {
  host_.on("GET", "/repos/octocat/x$", FakeHost::json(503, R"({"message":"Service unavailable"})"));
  auto status = invoke("repo_status", R"({"params":{"repository":"octocat/x"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(status.failure().retryable);
}

TEST_F(RepoStatusTest, TheRepositoryParameterIsChecked) {
  for (const char* bad : {"", "octocat", "a/b/c", "../etc", "octo cat/x", "0123"}) {
    auto status = invoke("repo_status", std::string(R"({"params":{"repository":")") + bad + R"("}})");
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
    EXPECT_THAT(status.failure().message, HasSubstr("the parameter repository")) << bad;
  }
  auto status = invoke("repo_status", R"({"params":{"repository":"o/r","with_branches":"yes"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.failure().message, HasSubstr("the parameter with_branches must be a boolean"));
  EXPECT_TRUE(host_.requests.empty());
}

}  // namespace
}  // namespace hsd::plugins::github
