// repos_available: the user and organisations, every repository over all pages,
// deduplicated, and a 403 on the organisations as a warning.
#include "test_support.hpp"

#include <Poco/JSON/Array.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::github {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::FakeHost;

class ReposAvailableTest : public testing::ConnectorTest {
 protected:
  std::vector<std::string> names(const Poco::JSON::Object::Ptr& out) {
    std::vector<std::string> result;
    auto repositories = out->getArray("repositories");
    for (size_t i = 0; repositories && i < repositories->size(); ++i) {
      result.push_back(support::json_string_field(repositories->getObject(static_cast<unsigned>(i)), "full_name").value_or(""));
    }
    return result;
  }
};

TEST_F(ReposAvailableTest, ListsAccountsAndEveryRepositoryOnce) {
  host_.on("GET", "/user$", FakeHost::json(200, testing::user_body()));
  host_.on("GET", "/user/orgs?per_page=100$", FakeHost::json(200, R"([{"login":"octo-org","id":9919}])"));
  host_.on("GET", "/user/repos?per_page=100&sort=full_name$",
           FakeHost::json(200, "[" + testing::repo_body("1", "octo-org/a") + "," + testing::repo_body("2", "octocat/b") + "]",
                          {{"Link", R"(<http://api.test/user/repos?per_page=100&sort=full_name&page=2>; rel="next")"}}));
  host_.on("GET", "/user/repos?per_page=100&sort=full_name&page=2$",
           FakeHost::json(200, "[" + testing::repo_body("3", "octocat/c") + "]"));
  host_.on("GET", "/orgs/octo-org/repos?per_page=100$",
           FakeHost::json(200, "[" + testing::repo_body("1", "octo-org/a") + "," + testing::repo_body("4", "octo-org/d", false) + "]"));
  ASSERT_TRUE(invoke("repos_available", R"({"params":{}})").ok()) << host_.error_message;
  EXPECT_TRUE(host_.unexpected.empty());
  for (const auto& request : host_.requests) EXPECT_EQ(request.url.find("type="), std::string::npos) << request.url;
  auto out = output();
  auto accounts = out->getArray("accounts");
  ASSERT_EQ(accounts->size(), 2u);
  EXPECT_EQ(support::json_string_field(accounts->getObject(0), "login"), "octocat");
  EXPECT_EQ(support::json_string_field(accounts->getObject(0), "id"), "583231");
  EXPECT_EQ(support::json_string_field(accounts->getObject(0), "type"), "User");
  EXPECT_EQ(support::json_string_field(accounts->getObject(1), "login"), "octo-org");
  EXPECT_EQ(support::json_string_field(accounts->getObject(1), "type"), "Organization");
  EXPECT_THAT(names(out), ElementsAre("octo-org/a", "octocat/b", "octocat/c", "octo-org/d"));
  EXPECT_TRUE(support::json_string_list(out, "warnings").empty());
  EXPECT_EQ(support::json_string_field(out->getArray("repositories")->getObject(0), "id"), "1");
}

TEST_F(ReposAvailableTest, WithoutReadOrgTheOrganisationsAreAWarning) {
  host_.on("GET", "/user$", FakeHost::json(200, testing::user_body()));
  host_.on("GET", "/user/orgs", FakeHost::json(403, R"({"message":"You need at least read:org scope or user scope to list your organizations."})"));
  host_.on("GET", "/user/repos", FakeHost::json(200, "[" + testing::repo_body("2", "octocat/b") + "]"));
  ASSERT_TRUE(invoke("repos_available", "{}").ok()) << host_.error_message;
  auto out = output();
  EXPECT_EQ(out->getArray("accounts")->size(), 1u);
  EXPECT_THAT(names(out), ElementsAre("octocat/b"));
  const auto warnings = support::json_string_list(out, "warnings");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("organisation repositories are not listed"));
}

TEST_F(ReposAvailableTest, ARevokedTokenFails) {
  host_.on("GET", "/user$", FakeHost::json(401, R"({"message":"Bad credentials"})"));
  auto status = invoke("repos_available", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(status.failure().code, "ACCESS_REVOKED");
}

}  // namespace
}  // namespace hsd::plugins::github
