// Every REST endpoint that exists today, over real HTTP against the real `hsdeploy serve`:
// status codes and bodies, what the audit log records for each change (who, what, from where),
// paging through a connection's metadata, and what deleting a connection takes with it.
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string str(std::int64_t value) { return std::to_string(value); }

// The audit entries (newest first) whose action and target match.
std::vector<Poco::JSON::Object::Ptr> audit_entries(const HttpReply& audit, const std::string& action,
                                                   const std::string& target_id) {
  std::vector<Poco::JSON::Object::Ptr> found;
  auto entries = audit.array();
  for (std::size_t i = 0; i < entries->size(); ++i) {
    auto entry = entries->getObject(static_cast<unsigned>(i));
    if (entry->getValue<std::string>("action") == action && entry->get("target_id").toString() == target_id) {
      found.push_back(entry);
    }
  }
  return found;
}

std::vector<std::int64_t> ids_of(const Poco::JSON::Array::Ptr& array, const std::string& key = "id") {
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < array->size(); ++i) {
    ids.push_back(array->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>(key));
  }
  return ids;
}

class ApiEndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = svc_.bootstrap("acme", "owner@acme.test");
    ws_ = "/api/v1/workspaces/" + str(owner_.workspace_id);
    svc_.start();
  }

  const ApiClient& api() const { return svc_.api(); }

  // Waits until the job's run ends (the worker logs one line ending with the job id) and
  // expects it to have succeeded.
  void expect_job_succeeds(std::int64_t job_id) {
    const std::string line = svc_.wait_for_log("\"job\":\"" + str(job_id) + "\"}");
    ASSERT_NE(line, "") << "the service ended while job " << job_id << " ran";
    EXPECT_THAT(line, HasSubstr("\"job succeeded\"")) << line;
  }

  // The connection's newest job, from the API.
  std::int64_t newest_job(std::int64_t connection_id) {
    auto jobs = api().get("/api/v1/jobs?connection=" + str(connection_id), owner_.token);
    EXPECT_EQ(jobs.status, 200) << jobs.body;
    if (jobs.status != 200 || jobs.array()->size() == 0) return 0;
    return jobs.array()->getObject(0)->getValue<std::int64_t>("id");
  }

  // Connects an echo account as the owner and waits for the retrieval that connecting queues.
  std::int64_t connect(const std::string& account, const std::string& label = "") {
    std::string body = R"({"plugin":"echo_source","token":"echo-)" + account + "\"";
    if (!label.empty()) body += R"(,"label":")" + label + "\"";
    auto created = api().post(ws_ + "/connections", owner_.token, body + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return 0;
    const auto id = created.json()->getValue<std::int64_t>("id");
    expect_job_succeeds(newest_job(id));
    return id;
  }

  HttpReply audit() const {
    auto reply = api().get(ws_ + "/audit", owner_.token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply;
  }

  // The entry must say who (the owner), what and from where (the test's loopback address).
  void expect_audited(const std::string& action, const std::string& target_id) {
    auto entries = audit_entries(audit(), action, target_id);
    ASSERT_EQ(entries.size(), 1u) << action << " " << target_id << " in " << audit().body;
    EXPECT_EQ(entries[0]->getValue<std::int64_t>("user_id"), owner_.user_id);
    EXPECT_EQ(entries[0]->getValue<std::string>("remote_addr"), "127.0.0.1");
    EXPECT_FALSE(entries[0]->isNull("at"));
  }

  ServiceUnderTest svc_{"api_endpoints"};
  Bootstrapped owner_;
  std::string ws_;
};

TEST_F(ApiEndpointsTest, MeDescribesTheCallerAndTheirWorkspaces) {
  auto me = api().get("/api/v1/me", owner_.token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()->getValue<std::int64_t>("id"), owner_.user_id);
  EXPECT_EQ(me.json()->getValue<std::string>("email"), "owner@acme.test");
  auto workspaces = me.json()->getArray("workspaces");
  ASSERT_EQ(workspaces->size(), 1u);
  EXPECT_EQ(workspaces->getObject(0)->getValue<std::int64_t>("id"), owner_.workspace_id);
  EXPECT_EQ(workspaces->getObject(0)->getValue<std::string>("name"), "acme");
  EXPECT_EQ(workspaces->getObject(0)->getValue<std::string>("role"), "owner");
  EXPECT_EQ(me.body.find("token_hash"), std::string::npos) << me.body;
}

TEST_F(ApiEndpointsTest, WorkspacesAreListedAndCreatedWithTheCallerAsOwner) {
  auto listed = api().get("/api/v1/workspaces", owner_.token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.array()->size(), 1u);
  EXPECT_EQ(listed.array()->getObject(0)->getValue<std::string>("name"), "acme");

  auto created = api().post("/api/v1/workspaces", owner_.token, R"({"name":"second"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto second = created.json()->getValue<std::int64_t>("id");
  EXPECT_NE(second, owner_.workspace_id);
  EXPECT_EQ(created.json()->getValue<std::string>("name"), "second");
  EXPECT_EQ(created.json()->getValue<std::string>("role"), "owner");

  listed = api().get("/api/v1/workspaces", owner_.token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_THAT(ids_of(listed.array()), ::testing::UnorderedElementsAre(owner_.workspace_id, second));
  auto me = api().get("/api/v1/me", owner_.token);
  EXPECT_EQ(me.json()->getArray("workspaces")->size(), 2u);

  auto members = api().get("/api/v1/workspaces/" + str(second) + "/members", owner_.token);
  ASSERT_EQ(members.status, 200) << members.body;
  ASSERT_EQ(members.array()->size(), 1u);
  EXPECT_EQ(members.array()->getObject(0)->getValue<std::int64_t>("user_id"), owner_.user_id);
  EXPECT_EQ(members.array()->getObject(0)->getValue<std::string>("role"), "owner");

  auto taken = api().post("/api/v1/workspaces", owner_.token, R"({"name":"second"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(taken.error_code(), "conflict");
  EXPECT_EQ(api().get("/api/v1/workspaces", owner_.token).array()->size(), 2u);

  // The new workspace's own audit log has its creation; the first one's does not.
  auto second_audit = api().get("/api/v1/workspaces/" + str(second) + "/audit", owner_.token);
  ASSERT_EQ(second_audit.status, 200) << second_audit.body;
  auto entries = audit_entries(second_audit, "workspace.create", str(second));
  ASSERT_EQ(entries.size(), 1u) << second_audit.body;
  EXPECT_EQ(entries[0]->getValue<std::int64_t>("user_id"), owner_.user_id);
  EXPECT_EQ(entries[0]->getValue<std::string>("remote_addr"), "127.0.0.1");
  EXPECT_TRUE(audit_entries(audit(), "workspace.create", str(second)).empty());
}

TEST_F(ApiEndpointsTest, OwnerAddsChangesAndRemovesMembersAndEachChangeIsAudited) {
  auto members = api().get(ws_ + "/members", owner_.token);
  ASSERT_EQ(members.status, 200) << members.body;
  ASSERT_EQ(members.array()->size(), 1u);
  EXPECT_EQ(members.array()->getObject(0)->getValue<std::string>("email"), "owner@acme.test");

  auto added = api().post(ws_ + "/members", owner_.token, R"({"email":"ann@acme.test","role":"member"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const auto ann = added.json()->getValue<std::int64_t>("user_id");
  EXPECT_EQ(added.json()->getValue<std::string>("email"), "ann@acme.test");
  EXPECT_EQ(added.json()->getValue<std::string>("role"), "member");
  EXPECT_FALSE(added.json()->getValue<bool>("password_set")) << added.body;
  expect_audited("member.add", str(ann));
  // The audit entry names who did it by e-mail, as well as by id.
  EXPECT_EQ(audit_entries(audit(), "member.add", str(ann))[0]->getValue<std::string>("user_email"), "owner@acme.test");
  // ...and its target by what people know it by: a user by e-mail.
  EXPECT_EQ(audit_entries(audit(), "member.add", str(ann))[0]->getValue<std::string>("target_name"), "ann@acme.test");
  EXPECT_EQ(audit_entries(audit(), "member.add", str(ann))[0]->getObject("details")->getValue<std::string>("role"),
            "member");

  // The new member can use the API with a token of their own.
  const std::string ann_token = svc_.create_token("ann@acme.test");
  auto ann_me = api().get("/api/v1/me", ann_token);
  ASSERT_EQ(ann_me.status, 200) << ann_me.body;
  EXPECT_EQ(ann_me.json()->getValue<std::int64_t>("id"), ann);
  EXPECT_EQ(ann_me.json()->getArray("workspaces")->getObject(0)->getValue<std::string>("role"), "member");

  auto again = api().post(ws_ + "/members", owner_.token, R"({"email":"ann@acme.test","role":"admin"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.error_code(), "conflict");
  EXPECT_EQ(again.error_field(), "email");

  auto promoted = api().patch(ws_ + "/members/" + str(ann), owner_.token, R"({"role":"admin"})");
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(promoted.json()->getValue<std::int64_t>("user_id"), ann);
  EXPECT_EQ(promoted.json()->getValue<std::string>("role"), "admin");
  expect_audited("member.role", str(ann));
  members = api().get(ws_ + "/members", owner_.token);
  ASSERT_EQ(members.array()->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    auto member = members.array()->getObject(static_cast<unsigned>(i));
    const bool is_ann = member->getValue<std::int64_t>("user_id") == ann;
    EXPECT_EQ(member->getValue<std::string>("role"), is_ann ? "admin" : "owner");
    EXPECT_TRUE(member->has("name")) << members.body;
    // Neither has set a password: the bootstrap owner has only been sent a link.
    EXPECT_FALSE(member->getValue<bool>("password_set")) << members.body;
  }

  auto removed = api().del(ws_ + "/members/" + str(ann), owner_.token);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(removed.body, "");
  expect_audited("member.remove", str(ann));
  members = api().get(ws_ + "/members", owner_.token);
  EXPECT_EQ(ids_of(members.array(), "user_id"), std::vector<std::int64_t>{owner_.user_id});
  // The removed member no longer sees the workspace.
  EXPECT_EQ(api().get(ws_ + "/members", ann_token).status, 404);

  EXPECT_EQ(api().del(ws_ + "/members/" + str(ann), owner_.token).status, 404);
  EXPECT_EQ(api().patch(ws_ + "/members/" + str(ann), owner_.token, R"({"role":"admin"})").status, 404);
}

TEST_F(ApiEndpointsTest, AuditLogIsNewestFirstAndPages) {
  ASSERT_EQ(api().post(ws_ + "/members", owner_.token, R"({"email":"a@acme.test","role":"member"})").status, 201);
  ASSERT_EQ(api().post(ws_ + "/members", owner_.token, R"({"email":"b@acme.test","role":"member"})").status, 201);
  auto all = audit();
  auto ids = ids_of(all.array());
  ASSERT_GE(ids.size(), 3u) << all.body;  // the bootstrap and two additions
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend())) << all.body;
  // Each new member, who has no password yet, got a one-time link to set one after being added.
  EXPECT_EQ(all.array()->getObject(0)->getValue<std::string>("action"), "auth.password_link");
  EXPECT_EQ(all.array()->getObject(1)->getValue<std::string>("action"), "member.add");
  EXPECT_EQ(all.array()->getObject(static_cast<unsigned>(ids.size() - 1))->getValue<std::string>("action"),
            "workspace.bootstrap");

  auto first = api().get(ws_ + "/audit?limit=1", owner_.token);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(ids_of(first.array()), std::vector<std::int64_t>{ids[0]});
  auto rest = api().get(ws_ + "/audit?before=" + str(ids[0]), owner_.token);
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(ids_of(rest.array()), std::vector<std::int64_t>(ids.begin() + 1, ids.end()));
}

TEST_F(ApiEndpointsTest, ConnectionIsCreatedListedAndShown) {
  auto created = api().post(ws_ + "/connections", owner_.token, R"({"plugin":"echo_source","token":"echo-acct1"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto view = created.json();
  const auto id = view->getValue<std::int64_t>("id");
  EXPECT_EQ(view->getValue<std::int64_t>("workspace"), owner_.workspace_id);
  EXPECT_EQ(view->getValue<std::string>("plugin"), "echo_source");
  EXPECT_EQ(view->getValue<std::string>("kind"), "source");
  EXPECT_EQ(view->getValue<std::string>("account_id"), "acct1");
  EXPECT_EQ(view->getValue<std::string>("account_name"), "acct1.echo.test");
  EXPECT_EQ(view->getValue<std::string>("label"), "acct1.echo.test");  // the account name by default
  EXPECT_EQ(view->getValue<std::string>("auth_type"), "private_app");
  EXPECT_THAT(view->getValue<std::string>("status"), AnyOf("pending", "in_progress", "completed"));
  EXPECT_EQ(created.body.find("echo-acct1"), std::string::npos) << "the token leaked: " << created.body;
  expect_audited("connection.create", str(id));
  auto queued = audit_entries(audit(), "job.queue", str(id));
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0]->getValue<std::int64_t>("user_id"), owner_.user_id);

  expect_job_succeeds(newest_job(id));

  auto listed = api().get(ws_ + "/connections", owner_.token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(ids_of(listed.array()), std::vector<std::int64_t>{id});

  auto shown = api().get(connection_path(id), owner_.token);
  ASSERT_EQ(shown.status, 200) << shown.body;
  view = shown.json();
  EXPECT_EQ(view->getValue<std::int64_t>("id"), id);
  EXPECT_EQ(view->getValue<std::string>("status"), "completed");
  EXPECT_FALSE(view->isNull("retrieved_at"));
  EXPECT_FALSE(view->isNull("created_at"));
  EXPECT_FALSE(view->has("queue"));  // nothing waits once the retrieval is done
  auto granted = view->getArray("scopes_granted");
  ASSERT_TRUE(granted);
  EXPECT_EQ(granted->size(), 2u);
  ASSERT_TRUE(view->getObject("progress"));

  EXPECT_EQ(api().get(connection_path(id + 1000), owner_.token).status, 404);
}

TEST_F(ApiEndpointsTest, ConnectionIsRenamedAndItsRetrieveIntervalSet) {
  const auto id = connect("acct1");
  auto renamed = api().patch(connection_path(id), owner_.token, R"({"label":"Production"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()->getValue<std::string>("label"), "Production");
  EXPECT_EQ(api().get(connection_path(id), owner_.token).json()->getValue<std::string>("label"), "Production");
  expect_audited("connection.rename", str(id));
  EXPECT_EQ(audit_entries(audit(), "connection.rename", str(id))[0]->getObject("details")->getValue<std::string>("label"),
            "Production");

  for (const std::string interval : {"12h", "off"}) {
    auto set = api().patch(connection_path(id), owner_.token, R"({"retrieve_interval":")" + interval + "\"}");
    ASSERT_EQ(set.status, 200) << interval << ": " << set.body;
    EXPECT_EQ(set.json()->getValue<std::int64_t>("id"), id);
    EXPECT_EQ(set.json()->getValue<std::string>("label"), "Production");
    auto entries = audit_entries(audit(), "connection.settings", str(id));
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries[0]->getObject("details")->getValue<std::string>("retrieve_interval"), interval);
    EXPECT_EQ(entries[0]->getValue<std::int64_t>("user_id"), owner_.user_id);
    EXPECT_EQ(entries[0]->getValue<std::string>("remote_addr"), "127.0.0.1");
  }

  const std::string before = audit().body;
  auto bad = api().patch(connection_path(id), owner_.token, R"({"retrieve_interval":"every tuesday"})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_code(), "invalid_argument");
  EXPECT_EQ(bad.error_field(), "retrieve_interval");
  // A bad interval next to a good label changes neither.
  auto mixed = api().patch(connection_path(id), owner_.token, R"({"label":"Other","retrieve_interval":"-3h"})");
  EXPECT_EQ(mixed.status, 422) << mixed.body;
  EXPECT_EQ(mixed.error_field(), "retrieve_interval");
  EXPECT_EQ(api().get(connection_path(id), owner_.token).json()->getValue<std::string>("label"), "Production");
  EXPECT_EQ(audit().body, before);
}

TEST_F(ApiEndpointsTest, RenameToATakenLabelIsAConflictAndChangesNothing) {
  const auto first = connect("first", "Alpha");
  const auto second = connect("second", "Beta");
  const std::string connections_before = api().get(ws_ + "/connections", owner_.token).body;
  const std::string audit_before = audit().body;

  auto taken = api().patch(connection_path(second), owner_.token, R"({"label":"Alpha"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(taken.error_code(), "conflict");
  EXPECT_THAT(taken.error_message(), HasSubstr("Alpha"));
  // With a valid interval in the same body: the interval must not be saved either.
  auto both = api().patch(connection_path(second), owner_.token, R"({"label":"Alpha","retrieve_interval":"1h"})");
  EXPECT_EQ(both.status, 409) << both.body;

  EXPECT_EQ(api().get(connection_path(second), owner_.token).json()->getValue<std::string>("label"), "Beta");
  EXPECT_EQ(api().get(connection_path(first), owner_.token).json()->getValue<std::string>("label"), "Alpha");
  EXPECT_EQ(api().get(ws_ + "/connections", owner_.token).body, connections_before);
  EXPECT_EQ(audit().body, audit_before);
}

TEST_F(ApiEndpointsTest, CreatingWithATakenLabelIsAConflictAndStoresNothing) {
  const auto first = connect("first", "Alpha");
  const std::string connections_before = api().get(ws_ + "/connections", owner_.token).body;
  const std::string jobs_before = api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id), owner_.token).body;
  const std::string audit_before = audit().body;

  auto taken = api().post(ws_ + "/connections", owner_.token, R"({"plugin":"echo_source","token":"echo-second","label":"Alpha"})");
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(taken.error_code(), "conflict");
  EXPECT_THAT(taken.error_message(), HasSubstr("Alpha"));

  EXPECT_EQ(api().get(ws_ + "/connections", owner_.token).body, connections_before);
  EXPECT_EQ(api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id), owner_.token).body, jobs_before);
  EXPECT_EQ(audit().body, audit_before);
  EXPECT_EQ(api().get(connection_path(first), owner_.token).json()->getValue<std::string>("account_id"), "first");
}

TEST_F(ApiEndpointsTest, RetrieveQueuesAJobAndJoinsAnIdenticalQueuedOne) {
  const auto id = connect("acct1");
  // A connection runs one job at a time, so while one retrieval runs the next waits queued and
  // an identical request joins it. Whether a request finds a queued job depends on the worker's
  // timing, so each round checks what each answer says and rounds repeat until one joined.
  bool saw_join = false;
  std::set<std::int64_t> all_jobs;
  for (int round = 0; round < 20 && !saw_join; ++round) {
    std::vector<std::int64_t> round_jobs;
    for (int i = 0; i < 3; ++i) {
      auto queued = api().post(connection_path(id) + "/retrieve", owner_.token, "{}");
      ASSERT_EQ(queued.status, 202) << queued.body;
      auto job = queued.json();
      const auto job_id = job->getValue<std::int64_t>("id");
      EXPECT_EQ(job->getValue<std::int64_t>("connection"), id);
      EXPECT_EQ(job->getValue<std::int64_t>("workspace"), owner_.workspace_id);
      EXPECT_EQ(job->getValue<std::string>("pipeline"), "retrieve");
      EXPECT_EQ(job->getValue<std::string>("state"), "queued");
      const bool joined = job->getValue<bool>("joined");
      const bool known = std::find(round_jobs.begin(), round_jobs.end(), job_id) != round_jobs.end();
      EXPECT_EQ(joined, known) << "job " << job_id << ": " << queued.body;
      if (!known) round_jobs.push_back(job_id);
      saw_join = saw_join || joined;
    }
    for (const auto job_id : round_jobs) {
      expect_job_succeeds(job_id);
      all_jobs.insert(job_id);
    }
  }
  EXPECT_TRUE(saw_join) << "no retrieve request joined a queued one in 20 rounds";

  auto jobs = api().get("/api/v1/jobs?connection=" + str(id), owner_.token);
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  std::set<std::int64_t> listed;
  for (std::size_t i = 0; i < jobs.array()->size(); ++i) {
    auto job = jobs.array()->getObject(static_cast<unsigned>(i));
    listed.insert(job->getValue<std::int64_t>("id"));
    EXPECT_EQ(job->getValue<std::string>("state"), "succeeded") << jobs.body;
  }
  EXPECT_TRUE(std::includes(listed.begin(), listed.end(), all_jobs.begin(), all_jobs.end())) << jobs.body;
  EXPECT_EQ(listed.size(), all_jobs.size() + 1);  // and the retrieval that connecting queued

  // A retrieval of some types only carries them as the job's params.
  auto some = api().post(connection_path(id) + "/retrieve", owner_.token, R"({"types":["widgets"]})");
  ASSERT_EQ(some.status, 202) << some.body;
  auto types = some.json()->getObject("params")->getArray("types");
  ASSERT_TRUE(types);
  ASSERT_EQ(types->size(), 1u);
  EXPECT_EQ(types->getElement<std::string>(0), "widgets");
  expect_job_succeeds(some.json()->getValue<std::int64_t>("id"));
}

// The API takes `types` to retrieve only some types; the objects of the other types are not
// what the caller asked to change, so they must still be there afterwards.
TEST_F(ApiEndpointsTest, RetrievingSomeTypesKeepsTheOtherTypesObjects) {
  const auto id = connect("acct1");
  auto count = [&](const std::string& type) {
    auto page = api().get(connection_path(id) + "/metadata?limit=1000&type=" + type, owner_.token);
    EXPECT_EQ(page.status, 200) << page.body;
    return page.status == 200 ? page.json()->getArray("items")->size() : 0u;
  };
  ASSERT_EQ(count("widgets"), 10u);
  ASSERT_EQ(count("gadgets"), 10u);
  auto some = api().post(connection_path(id) + "/retrieve", owner_.token, R"({"types":["widgets"]})");
  ASSERT_EQ(some.status, 202) << some.body;
  expect_job_succeeds(some.json()->getValue<std::int64_t>("id"));
  EXPECT_EQ(count("widgets"), 10u);
  EXPECT_EQ(count("gadgets"), 10u) << "retrieving widgets deleted the gadgets";
}

TEST_F(ApiEndpointsTest, MetadataPagesThroughEveryObject) {
  const auto id = connect("acct1");
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  for (; pages < 10; ++pages) {
    std::string path = connection_path(id) + "/metadata?limit=7";
    if (!cursor.empty()) {
      std::string encoded;
      Poco::URI::encode(cursor, "+/=&?#", encoded);
      path += "&cursor=" + encoded;
    }
    auto page = api().get(path, owner_.token);
    ASSERT_EQ(page.status, 200) << page.body;
    auto items = page.json()->getArray("items");
    ASSERT_TRUE(items);
    ASSERT_LE(items->size(), 7u);
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto item = items->getObject(static_cast<unsigned>(i));
      const auto type = item->getValue<std::string>("type");
      const auto object_id = item->getValue<std::string>("id");
      EXPECT_THAT(type, AnyOf("widgets", "gadgets"));
      EXPECT_EQ(object_id.rfind(type + "-", 0), 0u) << object_id;
      EXPECT_FALSE(item->getValue<std::string>("hash").empty());
      EXPECT_GT(item->getValue<std::int64_t>("snapshot"), 0);
      EXPECT_FALSE(item->has("data"));  // listings leave the raw data out
      seen.push_back(type + "/" + object_id);
    }
    if (page.json()->isNull("next_cursor")) break;
    cursor = page.json()->getValue<std::string>("next_cursor");
    ASSERT_EQ(items->size(), 7u) << "only the last page may be short";
  }
  EXPECT_EQ(pages, 2);  // 7 + 7 + 6
  ASSERT_EQ(seen.size(), 20u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 20u);
  for (int i = 1; i <= 10; ++i) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), "widgets/widgets-" + str(i)), seen.end());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "gadgets/gadgets-" + str(i)), seen.end());
  }

  // A type filter, paged the same way.
  auto widgets = api().get(connection_path(id) + "/metadata?type=widgets&limit=4", owner_.token);
  ASSERT_EQ(widgets.status, 200) << widgets.body;
  std::size_t widget_count = 0;
  for (int guard = 0; guard < 10; ++guard) {
    auto items = widgets.json()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) {
      EXPECT_EQ(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("type"), "widgets");
      ++widget_count;
    }
    if (widgets.json()->isNull("next_cursor")) break;
    widgets = api().get(connection_path(id) + "/metadata?type=widgets&limit=4&cursor=" +
                            widgets.json()->getValue<std::string>("next_cursor"),
                        owner_.token);
    ASSERT_EQ(widgets.status, 200) << widgets.body;
  }
  EXPECT_EQ(widget_count, 10u);

  // q matches ids and names, without regard to ASCII case.
  auto by_id = api().get(connection_path(id) + "/metadata?q=WIDGETS-1", owner_.token);
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  std::set<std::string> matched;
  for (std::size_t i = 0; i < by_id.json()->getArray("items")->size(); ++i) {
    matched.insert(by_id.json()->getArray("items")->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
  }
  EXPECT_EQ(matched, (std::set<std::string>{"widgets-1", "widgets-10"}));
  auto by_name = api().get(connection_path(id) + "/metadata?q=gadget%203&type=gadgets", owner_.token);
  ASSERT_EQ(by_name.status, 200) << by_name.body;
  ASSERT_EQ(by_name.json()->getArray("items")->size(), 1u) << by_name.body;
  EXPECT_EQ(by_name.json()->getArray("items")->getObject(0)->getValue<std::string>("id"), "gadgets-3");
  auto none = api().get(connection_path(id) + "/metadata?q=nothing-matches-this", owner_.token);
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.json()->getArray("items")->size(), 0u);
  EXPECT_TRUE(none.json()->isNull("next_cursor"));
}

TEST_F(ApiEndpointsTest, MetadataShowReturnsTheProvidersExactData) {
  const auto id = connect("acct1");
  auto shown = api().get(connection_path(id) + "/metadata/widgets/widgets-3", owner_.token);
  ASSERT_EQ(shown.status, 200) << shown.body;
  auto object = shown.json();
  EXPECT_EQ(object->getValue<std::string>("type"), "widgets");
  EXPECT_EQ(object->getValue<std::string>("id"), "widgets-3");
  EXPECT_FALSE(object->getValue<std::string>("hash").empty());
  auto data = object->getObject("data");
  ASSERT_TRUE(data) << shown.body;
  EXPECT_EQ(data->getValue<std::string>("id"), "widgets-3");
  EXPECT_EQ(data->getValue<int>("revision"), 1);
  // The label survives quotes, a slash, a newline and non-ASCII text; the name is the label.
  const std::string label = data->getValue<std::string>("label");
  EXPECT_EQ(label, "Widget 3 \"\xC3\xBC/\xE2\x9C\x93\"\n\xF0\x9F\x9A\x80");
  EXPECT_EQ(object->getValue<std::string>("name"), label);
  // The plugin's bytes, as it wrote them: a re-serialisation would print 2.50 as 2.5.
  EXPECT_THAT(shown.body, HasSubstr(R"("options":[1, 2.50, true, null])"));

  // The listing agrees on the object's hash and snapshot.
  auto listed = api().get(connection_path(id) + "/metadata?q=widgets-3", owner_.token);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json()->getArray("items")->size(), 1u);
  auto item = listed.json()->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("hash"), object->getValue<std::string>("hash"));
  EXPECT_EQ(item->getValue<std::int64_t>("snapshot"), object->getValue<std::int64_t>("snapshot"));

  auto missing = api().get(connection_path(id) + "/metadata/widgets/widgets-99", owner_.token);
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(missing.error_code(), "not_found");
  auto other_type = api().get(connection_path(id) + "/metadata/sprockets/widgets-3", owner_.token);
  EXPECT_EQ(other_type.status, 404) << other_type.body;
}

TEST_F(ApiEndpointsTest, JobsAreListedByConnectionAndByWorkspace) {
  const auto first = connect("first");
  const auto second = connect("second");
  auto of_first = api().get("/api/v1/jobs?connection=" + str(first), owner_.token);
  ASSERT_EQ(of_first.status, 200) << of_first.body;
  ASSERT_EQ(of_first.array()->size(), 1u);
  auto job = of_first.array()->getObject(0);
  EXPECT_EQ(job->getValue<std::int64_t>("connection"), first);
  EXPECT_EQ(job->getValue<std::int64_t>("workspace"), owner_.workspace_id);
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "retrieve");
  EXPECT_EQ(job->getValue<std::string>("state"), "succeeded");
  EXPECT_EQ(job->getValue<int>("attempts"), 1);
  EXPECT_FALSE(job->isNull("started_at"));
  EXPECT_FALSE(job->isNull("finished_at"));

  auto of_workspace = api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id), owner_.token);
  ASSERT_EQ(of_workspace.status, 200) << of_workspace.body;
  std::vector<std::int64_t> connections = ids_of(of_workspace.array(), "connection");
  EXPECT_EQ(connections, (std::vector<std::int64_t>{second, first}));  // newest first
  auto limited = api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id) + "&limit=1", owner_.token);
  ASSERT_EQ(limited.status, 200);
  EXPECT_EQ(ids_of(limited.array(), "connection"), std::vector<std::int64_t>{second});

  auto neither = api().get("/api/v1/jobs", owner_.token);
  EXPECT_EQ(neither.status, 422) << neither.body;
  EXPECT_EQ(neither.error_field(), "connection");
}

TEST_F(ApiEndpointsTest, DeletingAConnectionRemovesItsMetadataAndJobs) {
  const auto kept = connect("kept");
  const auto doomed = connect("doomed");
  ASSERT_EQ(api().get(connection_path(doomed) + "/metadata/widgets/widgets-1", owner_.token).status, 200);

  auto deleted = api().del(connection_path(doomed), owner_.token);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(deleted.body, "");
  expect_audited("connection.delete", str(doomed));
  // A deleted target has no name left; the entry keeps its id.
  EXPECT_TRUE(audit_entries(audit(), "connection.delete", str(doomed))[0]->isNull("target_name"));

  EXPECT_EQ(api().get(connection_path(doomed), owner_.token).status, 404);
  auto metadata = api().get(connection_path(doomed) + "/metadata", owner_.token);
  EXPECT_EQ(metadata.status, 404) << metadata.body;
  EXPECT_EQ(api().get(connection_path(doomed) + "/metadata/widgets/widgets-1", owner_.token).status, 404);
  EXPECT_EQ(api().get("/api/v1/jobs?connection=" + str(doomed), owner_.token).status, 404);
  auto jobs = api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id), owner_.token);
  ASSERT_EQ(jobs.status, 200);
  EXPECT_EQ(ids_of(jobs.array(), "connection"), std::vector<std::int64_t>{kept});
  EXPECT_EQ(ids_of(api().get(ws_ + "/connections", owner_.token).array()), std::vector<std::int64_t>{kept});
  EXPECT_EQ(api().del(connection_path(doomed), owner_.token).status, 404);

  // The other connection keeps everything.
  auto kept_metadata = api().get(connection_path(kept) + "/metadata", owner_.token);
  ASSERT_EQ(kept_metadata.status, 200);
  EXPECT_EQ(kept_metadata.json()->getArray("items")->size(), 20u);
}

TEST_F(ApiEndpointsTest, TheOpenApiDocumentIsServedAsBuiltWithoutAToken) {
  auto served = api().get("/api/v1/openapi.json");
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_THAT(served.headers["content-type"], HasSubstr("application/json"));
  std::ifstream file(HSD_OPENAPI_DOCUMENT, std::ios::binary);
  ASSERT_TRUE(file) << HSD_OPENAPI_DOCUMENT;
  std::ostringstream source;
  source << file.rdbuf();
  EXPECT_EQ(served.body, source.str()) << "the binary serves another document than " << HSD_OPENAPI_DOCUMENT;
  EXPECT_EQ(served.json()->getValue<std::string>("openapi"), "3.1.0");
}

TEST_F(ApiEndpointsTest, PluginsListWhatAFormNeedsToConnectEachPlugin) {
  auto refused = api().get("/api/v1/plugins");
  EXPECT_EQ(refused.status, 401) << refused.body;
  auto listed = api().get("/api/v1/plugins", owner_.token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  Poco::JSON::Object::Ptr echo;
  for (std::size_t i = 0; i < listed.array()->size(); ++i) {
    auto plugin = listed.array()->getObject(static_cast<unsigned>(i));
    if (plugin->getValue<std::string>("id") == "echo_source") echo = plugin;
  }
  ASSERT_TRUE(echo) << listed.body;
  EXPECT_EQ(echo->getValue<std::string>("kind"), "source");
  std::set<std::string> params;
  auto connect_params = echo->getArray("connect_params");
  ASSERT_TRUE(connect_params) << listed.body;
  for (std::size_t i = 0; i < connect_params->size(); ++i) {
    params.insert(connect_params->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
  }
  // The body of a direct connect takes `token` for this plugin; `label` is the engine's own field.
  EXPECT_TRUE(params.count("token")) << listed.body;
  EXPECT_FALSE(params.count("label")) << listed.body;
}

TEST_F(ApiEndpointsTest, HealthReadinessAndMetricsNeedNoToken) {
  auto health = api().get("/healthz");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json()->getValue<std::string>("status"), "ok");

  auto ready = api().get("/readyz");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json()->getValue<std::string>("status"), "ready");
  EXPECT_EQ(ready.json()->getValue<std::string>("storage"), "ok");
  auto plugins = ready.json()->getArray("plugins");
  ASSERT_TRUE(plugins);
  bool has_echo = false;
  for (std::size_t i = 0; i < plugins->size(); ++i) has_echo = has_echo || plugins->getElement<std::string>(static_cast<unsigned>(i)) == "echo_source";
  EXPECT_TRUE(has_echo) << ready.body;

  for (int i = 0; i < 2; ++i) ASSERT_EQ(api().get("/healthz").status, 200);
  // The counter is bumped after each answer goes out, so scrape until it has caught up.
  const std::string series = "hsd_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} ";
  HttpReply metrics;
  double healthz_count = 0;
  for (int scrape = 0; scrape < 100 && healthz_count < 3; ++scrape) {
    metrics = api().get("/metrics");
    ASSERT_EQ(metrics.status, 200) << metrics.body;
    const auto at = metrics.body.find(series);
    if (at != std::string::npos) healthz_count = std::stod(metrics.body.substr(at + series.size()));
  }
  EXPECT_EQ(healthz_count, 3) << metrics.body;
  EXPECT_THAT(metrics.headers["content-type"], HasSubstr("text/plain"));
  EXPECT_THAT(metrics.body, HasSubstr("# TYPE hsd_http_requests_total counter"));
  EXPECT_THAT(metrics.body, HasSubstr("hsd_jobs{state=\"queued\"} "));
  EXPECT_THAT(metrics.body, HasSubstr("hsd_jobs{state=\"running\"} "));

  // Paths no route has are counted under one name, so that probing cannot grow the series.
  ASSERT_EQ(api().get("/api/v1/probe-8c41e", owner_.token).status, 404);
  ASSERT_EQ(api().get("/api/v1/connections/77/probe-8c41e", owner_.token).status, 404);
  bool counted = false;
  for (int scrape = 0; scrape < 100 && !counted; ++scrape) {
    metrics = api().get("/metrics");
    counted = metrics.body.find("route=\"unmatched\",status=\"404\"") != std::string::npos;
  }
  EXPECT_TRUE(counted) << metrics.body;
  EXPECT_EQ(metrics.body.find("probe-8c41e"), std::string::npos) << metrics.body;
  // Routes are named by their pattern, never by the ids in a path.
  EXPECT_EQ(metrics.body.find("route=\"/api/v1/workspaces/" + str(owner_.workspace_id)), std::string::npos);
}

}  // namespace
}  // namespace hsd::testing
