// What the Connections page asks before it changes anything, against the fake GitHub and the
// fake HubSpot: the counts a connection's deletion would remove (the confirmation dialog), and a
// repository's branches (the Add Repo branch picker); both for admins only, nothing changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "github_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::string str(std::int64_t value) { return std::to_string(value); }

class GitHubViews : public GitHubServiceTest {
 protected:
  void add_member_and_outsider() {
    auto added = api().post(ws_path() + "/members", owner().token, R"({"email":"member@acme.test","role":"member"})");
    ASSERT_EQ(added.status, 201) << added.body;
    member_ = service().create_token("member@acme.test");
    outsider_ = service().bootstrap("globex", "boss@globex.test").token;
  }

  Poco::JSON::Object::Ptr impact(std::int64_t connection) {
    return get_object(connection_path(connection) + "/deletion-impact");
  }

  std::int64_t jobs_of(std::int64_t connection) {
    return static_cast<std::int64_t>(get_array("/api/v1/jobs?connection=" + str(connection))->size());
  }

  std::string member_;
  std::string outsider_;
};

TEST_F(GitHubViews, DeletionImpactCountsWhatTheCascadeRemoves) {
  start();
  const auto github_connection = connect_github(classic_token());
  add_repo(github_connection, kRepo);
  const auto source = connect_hubspot();
  const auto backup = add_backup(source, R"({"repository":"acme/hubspot-config","path":"backups"})");
  auto queued = api().post("/api/v1/backups/" + str(backup) + "/run", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  auto finished = wait_job(github_connection, queued.json()->getValue<std::int64_t>("id"));
  ASSERT_TRUE(finished);
  ASSERT_EQ(finished->getValue<std::string>("state"), "succeeded") << finished->get("error").toString();
  add_member_and_outsider();

  auto of_source = impact(source);
  ASSERT_TRUE(of_source);
  EXPECT_EQ(of_source->getValue<std::uint64_t>("metadata_objects"), hubspot().expected_objects().size());
  EXPECT_EQ(of_source->getValue<std::int64_t>("snapshots"), 1);
  EXPECT_EQ(of_source->getValue<std::int64_t>("comparisons"), 0);
  EXPECT_EQ(of_source->getValue<std::int64_t>("backup_configs"), 1);
  EXPECT_EQ(of_source->getValue<std::int64_t>("backup_runs"), 1);
  EXPECT_EQ(of_source->getValue<std::int64_t>("deployments"), 0);
  EXPECT_EQ(of_source->getValue<std::int64_t>("repositories"), 0);
  EXPECT_EQ(of_source->getValue<std::int64_t>("jobs"), jobs_of(source));
  EXPECT_GE(of_source->getValue<std::int64_t>("jobs"), 1);

  // The GitHub account: its repository, the backup writing to it and that backup's run (a job of
  // the GitHub connection).
  auto of_github = impact(github_connection);
  ASSERT_TRUE(of_github);
  EXPECT_EQ(of_github->getValue<std::int64_t>("metadata_objects"), 0);
  EXPECT_EQ(of_github->getValue<std::int64_t>("snapshots"), 0);
  EXPECT_EQ(of_github->getValue<std::int64_t>("repositories"), 1);
  EXPECT_EQ(of_github->getValue<std::int64_t>("backup_configs"), 1);
  EXPECT_EQ(of_github->getValue<std::int64_t>("backup_runs"), 1);
  EXPECT_EQ(of_github->getValue<std::int64_t>("jobs"), jobs_of(github_connection));

  // Admins only; another workspace's connection does not exist for its users.
  auto as_member = api().get(connection_path(source) + "/deletion-impact", member_);
  EXPECT_EQ(as_member.status, 403) << as_member.body;
  EXPECT_EQ(api().get(connection_path(source) + "/deletion-impact", outsider_).status, 404);
  EXPECT_EQ(api().get(connection_path(source) + "/deletion-impact").status, 401);
  EXPECT_EQ(api().get(connection_path(999999) + "/deletion-impact", owner().token).status, 404);

  // Asking changed nothing; deleting the source takes its backup with it, as counted.
  EXPECT_EQ(impact(source)->getValue<std::int64_t>("backup_runs"), 1);
  ASSERT_EQ(api().del(connection_path(source), owner().token).status, 204);
  auto after = impact(github_connection);
  EXPECT_EQ(after->getValue<std::int64_t>("backup_configs"), 0);
  EXPECT_EQ(after->getValue<std::int64_t>("backup_runs"), 0);
  EXPECT_EQ(after->getValue<std::int64_t>("repositories"), 1);
}

TEST_F(GitHubViews, TheBranchPickerListsARepositorysBranchesBeforeItIsAdded) {
  start();
  const auto github_connection = connect_github(classic_token());
  const auto source = connect_hubspot();
  add_member_and_outsider();
  const std::string path = connection_path(github_connection) + "/branches";

  auto listed = api().get(path + "?repository=acme/hubspot-config", owner().token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto body = listed.json();
  EXPECT_EQ(body->getValue<std::string>("repository"), kRepo);
  EXPECT_EQ(body->getValue<std::string>("default_branch"), "main");
  std::vector<std::string> branches;
  for (const auto& name : *body->getArray("branches")) branches.push_back(name.toString());
  EXPECT_THAT(branches, Contains("main"));
  EXPECT_THAT(branches, Contains("dev"));
  // By the provider's id too.
  auto by_id = api().get(path + "?repository=" + str(public_repo().id), owner().token);
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(by_id.json()->getValue<std::string>("repository"), kPublicRepo);
  // Asking stores nothing.
  EXPECT_EQ(get_array(connection_path(github_connection) + "/repos")->size(), 0u);

  auto missing = api().get(path, owner().token);
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.error_field(), "repository");
  auto malformed = api().get(path + "?repository=nonsense", owner().token);
  EXPECT_EQ(malformed.status, 422);
  EXPECT_EQ(malformed.error_field(), "repository");
  auto unknown = api().get(path + "?repository=acme/nope", owner().token);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_THAT(unknown.error_message(), HasSubstr("acme/nope"));
  EXPECT_EQ(api().get(connection_path(source) + "/branches?repository=acme/hubspot-config", owner().token).status, 422);

  EXPECT_EQ(api().get(path + "?repository=acme/hubspot-config", member_).status, 403);
  EXPECT_EQ(api().get(path + "?repository=acme/hubspot-config", outsider_).status, 404);
}

}  // namespace
}  // namespace hsd::testing
