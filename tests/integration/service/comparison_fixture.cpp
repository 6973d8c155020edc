#include "comparison_fixture.hpp"

#include <stdexcept>

namespace hsd::testing {

void ComparisonServiceTest::SetUp() {
  start();
  source_ = connect_hubspot();
  github_connection_ = connect_github(classic_token());
  repository_ = add_repo(github_connection_, kRepo);
  backup_ = add_backup(source_, R"({"repository":"acme/hubspot-config","path":"portals"})");
  run_backup();
}

void ComparisonServiceTest::add_people() {
  for (const auto& [email, role] : {std::pair{"member@acme.test", "member"}, std::pair{"admin@acme.test", "admin"}}) {
    auto added = api().post(ws_path() + "/members", owner().token,
                            std::string(R"({"email":")") + email + R"(","role":")" + role + "\"}");
    ASSERT_EQ(added.status, 201) << added.body;
  }
  member_ = service().create_token("member@acme.test");
  admin_ = service().create_token("admin@acme.test");
  outsider_ = service().bootstrap("globex", "boss@globex.test");
}

Poco::JSON::Object::Ptr ComparisonServiceTest::create(const std::string& body, const std::string& token) {
  auto reply = api().post(ws_path() + "/comparisons", token.empty() ? owner().token : token, body);
  EXPECT_EQ(reply.status, 202) << body << " -> " << reply.body;
  if (reply.status != 202) throw std::runtime_error("creating a comparison failed: " + reply.body);
  auto answer = reply.json();
  auto comparison = answer->getObject("comparison");
  auto job = answer->getObject("job");
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "compare");
  EXPECT_TRUE(job->isNull("connection")) << "a comparison's job belongs to no connection";
  EXPECT_EQ(job->getObject("params")->getValue<std::int64_t>("comparison_id"), comparison->getValue<std::int64_t>("id"));
  EXPECT_EQ(comparison->getValue<std::int64_t>("job"), job->getValue<std::int64_t>("id"));
  EXPECT_EQ(comparison->getValue<std::int64_t>("workspace"), owner().workspace_id);
  return comparison;
}

Poco::JSON::Object::Ptr ComparisonServiceTest::wait_comparison(std::int64_t id) {
  Poco::JSON::Object::Ptr view;
  poll_until(
      [&] {
        auto reply = api().get(comparison_path(id), owner().token);
        if (reply.status != 200) return false;
        view = reply.json();
        const auto status = view->getValue<std::string>("status");
        return status == "completed" || status == "error";
      },
      "comparison " + str(id) + " to end", kBackupWait);
  if (!view) throw std::runtime_error("comparison " + str(id) + " could not be read");
  return view;
}

Poco::JSON::Object::Ptr ComparisonServiceTest::compare(const std::string& body) {
  auto created = create(body);
  auto done = wait_comparison(created->getValue<std::int64_t>("id"));
  EXPECT_EQ(done->getValue<std::string>("status"), "completed") << done->getValue<std::string>("status_detail");
  return done;
}

Poco::JSON::Array::Ptr ComparisonServiceTest::all_changes(std::int64_t id, const std::string& query, int limit) {
  Poco::JSON::Array::Ptr all = new Poco::JSON::Array;
  std::string after = "0";
  for (int page = 0; page < 10000; ++page) {
    auto reply = api().get(comparison_path(id) + "/changes?limit=" + std::to_string(limit) + "&after=" + after + query,
                           owner().token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) break;
    auto body = reply.json();
    auto changes = body->getArray("changes");
    for (std::size_t i = 0; i < changes->size(); ++i) all->add(changes->getObject(static_cast<unsigned>(i)));
    EXPECT_LE(changes->size(), static_cast<std::size_t>(limit));
    if (body->isNull("next")) break;
    EXPECT_EQ(changes->size(), static_cast<std::size_t>(limit)) << "only a full page has a next one";
    after = body->get("next").toString();
  }
  return all;
}

void ComparisonServiceTest::retrieve() {
  auto queued = api().post(connection_path(source_) + "/retrieve", owner().token, "{}");
  ASSERT_EQ(queued.status, 202) << queued.body;
  auto done = wait_job(source_, queued.json()->getValue<std::int64_t>("id"));
  ASSERT_TRUE(done);
  ASSERT_EQ(done->getValue<std::string>("state"), "succeeded") << done->getValue<std::string>("error");
}

void ComparisonServiceTest::run_backup() {
  auto queued = api().post("/api/v1/backups/" + str(backup_) + "/run", owner().token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  auto done = wait_job(github_connection_, queued.json()->getValue<std::int64_t>("id"));
  ASSERT_TRUE(done);
  ASSERT_EQ(done->getValue<std::string>("state"), "succeeded") << done->getValue<std::string>("error");
}

}  // namespace hsd::testing
