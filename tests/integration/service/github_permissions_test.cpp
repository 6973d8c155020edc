// Who may do what with repositories and backups, through the real `hsdeploy serve`: a member
// reads them but changes nothing, a user of another workspace sees none of them (404), no
// token is 401; and every change an owner makes is in the audit log with who made it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "github_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string str(std::int64_t value) { return std::to_string(value); }

struct Call {
  std::string method;
  std::string path;
  std::optional<std::string> body;
};

class GitHubPermissions : public GitHubServiceTest {
 protected:
  void SetUp() override {
    start();
    github_connection_ = connect_github(classic_token());
    repository_ = add_repo(github_connection_, kRepo);
    source_ = connect_hubspot();
    backup_ = add_backup(source_, R"({"repository":"acme/hubspot-config","path":"backups","schedule":"weekly"})");

    auto added = api().post(ws_path() + "/members", owner().token, R"({"email":"member@acme.test","role":"member"})");
    ASSERT_EQ(added.status, 201) << added.body;
    member_ = service().create_token("member@acme.test");
    outsider_ = service().bootstrap("globex", "boss@globex.test");
  }

  // What the owner sees of repositories, backups, jobs and the audit log: a refused call
  // must change none of it.
  std::string owner_view() {
    std::string view;
    const std::vector<std::string> paths = {
        connection_path(github_connection_) + "/repos", connection_path(source_) + "/backups",
        "/api/v1/backups/" + str(backup_) + "/runs", "/api/v1/jobs?workspace=" + str(owner().workspace_id),
        ws_path() + "/audit"};
    for (const auto& path : paths) {
      auto reply = api().get(path, owner().token);
      EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
      view += path + " " + reply.body + "\n";
    }
    return view;
  }

  // The calls that change something, each a member must not make.
  std::vector<Call> changes() const {
    return {
        {"POST", connection_path(github_connection_) + "/repos", R"({"repository":"octocat/notes"})"},
        {"POST", "/api/v1/repos/" + str(repository_) + "/check", "{}"},
        {"DELETE", "/api/v1/repos/" + str(repository_), std::nullopt},
        {"POST", connection_path(source_) + "/backups", R"({"repository":"acme/hubspot-config","path":"other"})"},
        {"POST", "/api/v1/backups/" + str(backup_) + "/run", "{}"},
        {"DELETE", "/api/v1/backups/" + str(backup_), std::nullopt},
    };
  }

  // The calls that read.
  std::vector<Call> reads() const {
    return {
        {"GET", connection_path(github_connection_) + "/repos", std::nullopt},
        {"GET", connection_path(github_connection_) + "/available-repos", std::nullopt},
        {"GET", "/api/v1/repos/" + str(repository_), std::nullopt},
        {"GET", connection_path(source_) + "/backups", std::nullopt},
        {"GET", connection_path(github_connection_) + "/backups", std::nullopt},
        {"GET", "/api/v1/backups/" + str(backup_), std::nullopt},
        {"GET", "/api/v1/backups/" + str(backup_) + "/runs", std::nullopt},
    };
  }

  HttpReply send(const std::string& token, const Call& call) {
    return api().request(call.method, call.path, token, call.body);
  }

  std::int64_t github_connection_ = 0;
  std::int64_t repository_ = 0;
  std::int64_t source_ = 0;
  std::int64_t backup_ = 0;
  std::string member_;
  Bootstrapped outsider_;
};

TEST_F(GitHubPermissions, AMemberReadsRepositoriesAndBackupsButChangesNothing) {
  const std::string before = owner_view();
  for (const auto& call : reads()) {
    auto reply = send(member_, call);
    EXPECT_EQ(reply.status, 200) << call.method << " " << call.path << ": " << reply.body;
  }
  auto repository = api().get("/api/v1/repos/" + str(repository_), member_);
  ASSERT_EQ(repository.status, 200);
  EXPECT_EQ(repository.json()->getValue<std::string>("full_name"), kRepo);
  auto backups = api().get(connection_path(source_) + "/backups", member_);
  ASSERT_EQ(backups.status, 200);
  ASSERT_EQ(backups.array()->size(), 1u);
  EXPECT_EQ(backups.array()->getObject(0)->getValue<std::int64_t>("id"), backup_);

  for (const auto& call : changes()) {
    auto reply = send(member_, call);
    EXPECT_EQ(reply.status, 403) << call.method << " " << call.path << ": " << reply.body;
    EXPECT_EQ(reply.error_code(), "permission_denied") << reply.body;
  }
  // Starting an OAuth connection is an admin's too.
  EXPECT_EQ(api().get("/api/v1/oauth/github/start?workspace=" + str(owner().workspace_id), member_).status, 403);
  EXPECT_EQ(owner_view(), before) << "a refused call changed something";
  EXPECT_EQ(api().get("/api/v1/jobs?connection=" + str(github_connection_), owner().token).array()->size(), 0u)
      << "no backup run was queued";
}

TEST_F(GitHubPermissions, AnotherWorkspaceSeesNoneOfIt) {
  const std::string before = owner_view();
  std::vector<Call> calls = reads();
  for (const auto& call : changes()) calls.push_back(call);
  for (const auto& call : calls) {
    auto reply = send(outsider_.token, call);
    EXPECT_EQ(reply.status, 404) << call.method << " " << call.path << ": " << reply.body;
    EXPECT_THAT(reply.body, Not(HasSubstr(kRepo))) << "another workspace's names leak: " << reply.body;
  }
  // Naming this workspace's repository from the other workspace's source does not find it.
  EXPECT_EQ(owner_view(), before) << "a refused call changed something";
  auto theirs = api().get("/api/v1/workspaces/" + str(outsider_.workspace_id) + "/connections", outsider_.token);
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.array()->size(), 0u);
}

TEST_F(GitHubPermissions, WithoutATokenEveryCallIs401) {
  const std::string before = owner_view();
  std::vector<Call> calls = reads();
  for (const auto& call : changes()) calls.push_back(call);
  for (const auto& call : calls) {
    auto reply = send("", call);
    EXPECT_EQ(reply.status, 401) << call.method << " " << call.path << ": " << reply.body;
    auto bad = send("not-a-real-api-token", call);
    EXPECT_EQ(bad.status, 401) << call.method << " " << call.path << ": " << bad.body;
  }
  EXPECT_EQ(owner_view(), before);
}

TEST_F(GitHubPermissions, EveryChangeIsAuditedWithItsUser) {
  auto queued = api().post("/api/v1/backups/" + str(backup_) + "/run", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  const auto job = queued.json()->getValue<std::int64_t>("id");
  // Whatever the run's outcome, it is over before its backup goes.
  ASSERT_TRUE(wait_job(github_connection_, job));
  ASSERT_EQ(api().del("/api/v1/backups/" + str(backup_), owner().token).status, 204);
  ASSERT_EQ(api().del("/api/v1/repos/" + str(repository_), owner().token).status, 204);

  struct Expected {
    std::string action;
    std::string target_type;
    std::string target_id;
  };
  for (const auto& expected : std::vector<Expected>{
           {"repository.add", "repository", str(repository_)},
           {"backup.add", "backup", str(backup_)},
           {"backup.remove", "backup", str(backup_)},
           {"repository.remove", "repository", str(repository_)},
       }) {
    auto entries = audit_entries(expected.action);
    ASSERT_EQ(entries.size(), 1u) << expected.action;
    EXPECT_EQ(entries[0]->getValue<std::int64_t>("user_id"), owner().user_id) << expected.action;
    EXPECT_EQ(entries[0]->getValue<std::string>("target_type"), expected.target_type) << expected.action;
    EXPECT_EQ(entries[0]->getValue<std::string>("target_id"), expected.target_id) << expected.action;
    EXPECT_EQ(entries[0]->getValue<std::string>("remote_addr"), "127.0.0.1") << expected.action;
    EXPECT_FALSE(entries[0]->isNull("at")) << expected.action;
  }
  auto added = audit_entries("repository.add");
  EXPECT_EQ(added[0]->getObject("details")->getValue<std::string>("full_name"), kRepo);

  std::vector<Poco::JSON::Object::Ptr> backup_jobs;
  for (const auto& entry : audit_entries("job.queue")) {
    if (entry->getObject("details")->getValue<std::string>("pipeline") == "backup") backup_jobs.push_back(entry);
  }
  ASSERT_EQ(backup_jobs.size(), 1u);
  EXPECT_EQ(backup_jobs[0]->getValue<std::int64_t>("user_id"), owner().user_id);
  EXPECT_EQ(backup_jobs[0]->getValue<std::string>("target_id"), str(github_connection_));
  EXPECT_EQ(backup_jobs[0]->getObject("details")->getValue<std::int64_t>("job"), job);
  // The order they happened in: newest first.
  auto log = audit();
  std::vector<std::string> order;
  for (std::size_t i = 0; i < log->size(); ++i) {
    const auto action = log->getObject(static_cast<unsigned>(i))->getValue<std::string>("action");
    if (action == "repository.add" || action == "backup.add" || action == "backup.remove" ||
        action == "repository.remove") {
      order.push_back(action);
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"repository.remove", "backup.remove", "backup.add", "repository.add"}));
}

}  // namespace
}  // namespace hsd::testing
