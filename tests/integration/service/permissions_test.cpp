// Who may call what, over real HTTP against the real `hsdeploy serve`: a table of every endpoint
// against an owner, an admin, a member, a user of another workspace, no token and a revoked
// token. Also: a workspace always keeps an owner, and a rename racing a delete of the same
// connection never fails the server.
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "service_harness.hpp"

namespace hsd::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string str(std::int64_t value) { return std::to_string(value); }

enum Caller { kOwner, kAdmin, kMember, kOutsider, kNoToken, kRevoked, kCallerCount };
constexpr std::array<const char*, kCallerCount> kCallerNames = {"owner",    "admin",    "member",
                                                                "outsider", "no token", "revoked token"};

struct Request {
  std::string method;
  std::string path;
  std::optional<std::string> body;
};

struct Endpoint {
  std::string name;
  std::function<Request()> make;  // may create what the request acts on (as the owner)
  std::array<int, kCallerCount> expected;  // by Caller
};

class PermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = svc_.bootstrap("acme", "owner@acme.test");
    ws_ = "/api/v1/workspaces/" + str(owner_.workspace_id);
    svc_.start();
    admin_id_ = add_member("admin@acme.test", "admin");
    member_id_ = add_member("member@acme.test", "member");
    tokens_[kOwner] = owner_.token;
    tokens_[kAdmin] = svc_.create_token("admin@acme.test");
    tokens_[kMember] = svc_.create_token("member@acme.test");
    outsider_ = svc_.bootstrap("globex", "boss@globex.test");
    tokens_[kOutsider] = outsider_.token;
    tokens_[kNoToken] = "";
    tokens_[kRevoked] = revoked_token("owner@acme.test");
    connection_ = connect(owner_.token, ws_, "acct1");
    expect_job_succeeds(connection_);
  }

  const ApiClient& api() const { return svc_.api(); }

  std::int64_t add_member(const std::string& email, const std::string& role) {
    auto added = api().post(ws_ + "/members", owner_.token, R"({"email":")" + email + R"(","role":")" + role + "\"}");
    EXPECT_EQ(added.status, 201) << added.body;
    return added.status == 201 ? added.json()->getValue<std::int64_t>("user_id") : 0;
  }

  // A token for the user that worked, then was revoked with the CLI.
  std::string revoked_token(const std::string& email) {
    auto created = svc_.cli().run({"tokens", "create", "--email", email, "--output", "json"});
    EXPECT_EQ(created.exit_code, 0) << created.err;
    auto issued = Poco::JSON::Parser().parse(created.out).extract<Poco::JSON::Object::Ptr>();
    const std::string token = issued->getValue<std::string>("token");
    const std::string id = issued->get("id").toString();
    EXPECT_EQ(api().get("/api/v1/me", token).status, 200);
    auto revoked = svc_.cli().run({"tokens", "revoke", id});
    EXPECT_EQ(revoked.exit_code, 0) << revoked.err;
    auto listed = svc_.cli().run({"tokens", "list", "--output", "json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    auto tokens = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
    bool marked = false;
    for (std::size_t i = 0; i < tokens->size(); ++i) {
      auto row = tokens->getObject(static_cast<unsigned>(i));
      if (row->get("id").toString() == id) marked = !row->isNull("revoked_at");
    }
    EXPECT_TRUE(marked) << listed.out;
    return token;
  }

  std::int64_t connect(const std::string& token, const std::string& ws, const std::string& account) {
    auto created = api().post(ws + "/connections", token, R"({"plugin":"echo_source","token":"echo-)" + account + "\"}");
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? created.json()->getValue<std::int64_t>("id") : 0;
  }

  void expect_job_succeeds(std::int64_t connection_id) {
    auto jobs = api().get("/api/v1/jobs?connection=" + str(connection_id), owner_.token);
    ASSERT_EQ(jobs.status, 200) << jobs.body;
    ASSERT_GT(jobs.array()->size(), 0u);
    const auto job = jobs.array()->getObject(0)->get("id").toString();
    const std::string line = svc_.wait_for_log("\"job\":\"" + job + "\"}");
    EXPECT_THAT(line, HasSubstr("\"job succeeded\"")) << line;
  }

  HttpReply send(Caller caller, const Request& request) const {
    return api().request(request.method, request.path, tokens_[caller], request.body);
  }

  // What the owner sees of the workspace: members, connections (id and label; statuses move
  // with background retrievals) and the audit log.
  std::string owner_view() const {
    std::string view = api().get(ws_ + "/members", owner_.token).body + "\n";
    auto connections = api().get(ws_ + "/connections", owner_.token).array();
    for (std::size_t i = 0; i < connections->size(); ++i) {
      auto row = connections->getObject(static_cast<unsigned>(i));
      view += row->get("id").toString() + "=" + row->getValue<std::string>("label") + ";";
    }
    return view + "\n" + api().get(ws_ + "/audit", owner_.token).body;
  }

  // A unique suffix for names made during a test.
  std::string next() { return str(++counter_); }

  ServiceUnderTest svc_{"permissions"};
  Bootstrapped owner_;
  Bootstrapped outsider_;
  std::string ws_;
  std::int64_t admin_id_ = 0;
  std::int64_t member_id_ = 0;
  std::int64_t connection_ = 0;
  std::array<std::string, kCallerCount> tokens_;
  int counter_ = 0;
};

TEST_F(PermissionsTest, EveryEndpointAnswersEachCallerAsTheirRoleAllows) {
  auto fixed = [](std::string method, std::string path, std::optional<std::string> body = std::nullopt) {
    return [=] { return Request{method, path, body}; };
  };
  const std::string conn = connection_path(connection_);
  auto fresh_member = [this] { return add_member("person" + next() + "@acme.test", "member"); };
  auto fresh_connection = [this] { return connect(owner_.token, ws_, "fresh" + next()); };

  //                                                                   owner admin member outsider none revoked
  const std::vector<Endpoint> endpoints = {
      {"GET /me", fixed("GET", "/api/v1/me"), {200, 200, 200, 200, 401, 401}},
      {"GET /workspaces", fixed("GET", "/api/v1/workspaces"), {200, 200, 200, 200, 401, 401}},
      {"POST /workspaces", [&] { return Request{"POST", "/api/v1/workspaces", R"({"name":"ws)" + next() + "\"}"}; },
       {201, 201, 201, 201, 401, 401}},
      {"GET members", fixed("GET", ws_ + "/members"), {200, 200, 200, 404, 401, 401}},
      {"POST members",
       [&] { return Request{"POST", ws_ + "/members", R"({"email":"new)" + next() + R"(@acme.test","role":"member"})"}; },
       {201, 403, 403, 404, 401, 401}},
      {"PATCH member",
       [&] { return Request{"PATCH", ws_ + "/members/" + str(fresh_member()), std::string(R"({"role":"admin"})")}; },
       {200, 403, 403, 404, 401, 401}},
      {"DELETE member", [&] { return Request{"DELETE", ws_ + "/members/" + str(fresh_member()), std::nullopt}; },
       {204, 403, 403, 404, 401, 401}},
      {"GET audit", fixed("GET", ws_ + "/audit"), {200, 200, 403, 404, 401, 401}},
      {"GET connections", fixed("GET", ws_ + "/connections"), {200, 200, 200, 404, 401, 401}},
      {"POST connections",
       [&] {
         return Request{"POST", ws_ + "/connections", R"({"plugin":"echo_source","token":"echo-made)" + next() + "\"}"};
       },
       {201, 201, 403, 404, 401, 401}},
      {"GET connection", fixed("GET", conn), {200, 200, 200, 404, 401, 401}},
      {"PATCH connection", [&] { return Request{"PATCH", conn, R"({"label":"renamed)" + next() + "\"}"}; },
       {200, 200, 403, 404, 401, 401}},
      {"DELETE connection", [&] { return Request{"DELETE", connection_path(fresh_connection()), std::nullopt}; },
       {204, 204, 403, 404, 401, 401}},
      {"POST retrieve", fixed("POST", conn + "/retrieve", "{}"), {202, 202, 403, 404, 401, 401}},
      {"GET runs", fixed("GET", conn + "/runs?limit=5"), {200, 200, 200, 404, 401, 401}},
      {"GET deletion-impact", fixed("GET", conn + "/deletion-impact"), {200, 200, 403, 404, 401, 401}},
      {"GET metadata", fixed("GET", conn + "/metadata?type=widgets&limit=5"), {200, 200, 200, 404, 401, 401}},
      {"GET metadata object", fixed("GET", conn + "/metadata/widgets/widgets-1"), {200, 200, 200, 404, 401, 401}},
      {"GET metadata types", fixed("GET", conn + "/metadata/types"), {200, 200, 200, 404, 401, 401}},
      {"GET snapshots", fixed("GET", conn + "/snapshots"), {200, 200, 200, 404, 401, 401}},
      {"GET metadata object raw", fixed("GET", conn + "/metadata/widgets/widgets-1/raw"), {200, 200, 200, 404, 401, 401}},
      {"GET jobs of connection", fixed("GET", "/api/v1/jobs?connection=" + str(connection_)),
       {200, 200, 200, 404, 401, 401}},
      {"GET jobs of workspace", fixed("GET", "/api/v1/jobs?workspace=" + str(owner_.workspace_id)),
       {200, 200, 200, 404, 401, 401}},
      {"GET /healthz", fixed("GET", "/healthz"), {200, 200, 200, 200, 200, 200}},
      {"GET /readyz", fixed("GET", "/readyz"), {200, 200, 200, 200, 200, 200}},
      {"GET /metrics", fixed("GET", "/metrics"), {200, 200, 200, 200, 200, 200}},
  };

  for (const auto& endpoint : endpoints) {
    for (int c = 0; c < kCallerCount; ++c) {
      const auto caller = static_cast<Caller>(c);
      const int expected = endpoint.expected[c];
      SCOPED_TRACE(endpoint.name + " as " + kCallerNames[c]);
      const Request request = endpoint.make();
      const bool refused = expected >= 400;
      const std::string before = refused ? owner_view() : "";
      auto reply = send(caller, request);
      EXPECT_EQ(reply.status, expected) << request.method << " " << request.path << ": " << reply.body;
      if (!refused) continue;
      switch (expected) {
        case 401:
          EXPECT_EQ(reply.error_code(), "unauthenticated") << reply.body;
          EXPECT_EQ(reply.headers["www-authenticate"], "Bearer");
          if (caller == kRevoked) {
            EXPECT_THAT(reply.error_message(), HasSubstr("revoked"));
          }
          break;
        case 403:
          EXPECT_EQ(reply.error_code(), "permission_denied") << reply.body;
          // The message says whose role falls short.
          EXPECT_THAT(reply.error_message(), HasSubstr(std::string("your role is ") + kCallerNames[c])) << reply.body;
          break;
        case 404:
          EXPECT_EQ(reply.error_code(), "not_found") << reply.body;
          break;
        default: break;
      }
      // A refused call changes nothing.
      EXPECT_EQ(owner_view(), before);
    }
  }
}

TEST_F(PermissionsTest, AnotherWorkspacesObjectsAreIndistinguishableFromMissingOnes) {
  // The outsider's own connection is as invisible to acme's owner as acme's is to the outsider.
  const std::string globex = "/api/v1/workspaces/" + str(outsider_.workspace_id);
  const auto theirs = connect(outsider_.token, globex, "theirs");
  ASSERT_NE(theirs, 0);
  const std::int64_t missing = theirs + connection_ + 1000;

  struct Probe {
    std::string method;
    std::string suffix;
    std::optional<std::string> body;
  };
  const std::vector<Probe> probes = {{"GET", "", std::nullopt},
                                     {"PATCH", "", std::string(R"({"label":"mine now"})")},
                                     {"DELETE", "", std::nullopt},
                                     {"POST", "/retrieve", std::string("{}")},
                                     {"GET", "/runs", std::nullopt},
                                     {"GET", "/deletion-impact", std::nullopt},
                                     {"GET", "/metadata", std::nullopt},
                                     {"GET", "/metadata/widgets/widgets-1", std::nullopt},
                                     {"GET", "/metadata/types", std::nullopt},
                                     {"GET", "/snapshots", std::nullopt},
                                     {"GET", "/metadata/widgets/widgets-1/raw", std::nullopt}};
  for (const auto& [method, suffix, body] : probes) {
    SCOPED_TRACE(method + " /connections/{id}" + suffix);
    for (const auto& [token, other] : {std::pair{owner_.token, theirs}, std::pair{outsider_.token, connection_}}) {
      auto foreign = api().request(method, connection_path(other) + suffix, token, body);
      auto absent = api().request(method, connection_path(missing) + suffix, token, body);
      EXPECT_EQ(foreign.status, 404) << foreign.body;
      EXPECT_EQ(absent.status, 404) << absent.body;
      EXPECT_EQ(foreign.error_code(), absent.error_code());
      // The same words, but for the id.
      std::string expected = absent.error_message();
      const auto at = expected.find(str(missing));
      ASSERT_NE(at, std::string::npos) << expected;
      expected.replace(at, str(missing).size(), str(other));
      EXPECT_EQ(foreign.error_message(), expected);
    }
  }
  auto jobs = api().get("/api/v1/jobs?connection=" + str(theirs), owner_.token);
  EXPECT_EQ(jobs.status, 404) << jobs.body;
  auto ws_jobs = api().get("/api/v1/jobs?workspace=" + str(outsider_.workspace_id), owner_.token);
  EXPECT_EQ(ws_jobs.status, 404) << ws_jobs.body;
  // A workspace that does not exist answers as one the caller is not in.
  auto foreign_ws = api().get(globex + "/members", owner_.token);
  auto absent_ws = api().get("/api/v1/workspaces/" + str(outsider_.workspace_id + 1000) + "/members", owner_.token);
  EXPECT_EQ(foreign_ws.status, 404);
  EXPECT_EQ(absent_ws.status, 404);
  EXPECT_EQ(foreign_ws.error_code(), absent_ws.error_code());

  // Both connections are untouched.
  auto mine = api().get(connection_path(connection_), owner_.token);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()->getValue<std::string>("label"), "acct1.echo.test");
  auto kept = api().get(connection_path(theirs), outsider_.token);
  ASSERT_EQ(kept.status, 200);
  EXPECT_EQ(kept.json()->getValue<std::string>("label"), "theirs.echo.test");
}

TEST_F(PermissionsTest, OnlyOwnersManageMembers) {
  const std::string before = owner_view();
  // An admin may not raise themselves, nor lower or remove an owner.
  auto raise = api().patch(ws_ + "/members/" + str(admin_id_), tokens_[kAdmin], R"({"role":"owner"})");
  EXPECT_EQ(raise.status, 403) << raise.body;
  EXPECT_THAT(raise.error_message(), HasSubstr("owners"));
  EXPECT_EQ(api().patch(ws_ + "/members/" + str(owner_.user_id), tokens_[kAdmin], R"({"role":"member"})").status, 403);
  EXPECT_EQ(api().del(ws_ + "/members/" + str(owner_.user_id), tokens_[kAdmin]).status, 403);
  EXPECT_EQ(api().del(ws_ + "/members/" + str(member_id_), tokens_[kAdmin]).status, 403);
  // A member may not even remove themselves.
  EXPECT_EQ(api().del(ws_ + "/members/" + str(member_id_), tokens_[kMember]).status, 403);
  EXPECT_EQ(owner_view(), before);
}

TEST_F(PermissionsTest, TheLastOwnerCanBeNeitherRemovedNorDemoted) {
  const std::string before = owner_view();
  auto removed = api().del(ws_ + "/members/" + str(owner_.user_id), owner_.token);
  EXPECT_EQ(removed.status, 409) << removed.body;
  EXPECT_EQ(removed.error_code(), "conflict");
  EXPECT_THAT(removed.error_message(), HasSubstr("last owner"));
  for (const std::string role : {"admin", "member"}) {
    auto demoted = api().patch(ws_ + "/members/" + str(owner_.user_id), owner_.token, R"({"role":")" + role + "\"}");
    EXPECT_EQ(demoted.status, 409) << role << ": " << demoted.body;
    EXPECT_EQ(demoted.error_code(), "conflict");
  }
  EXPECT_EQ(owner_view(), before);
  // Staying owner is no change to refuse.
  auto same = api().patch(ws_ + "/members/" + str(owner_.user_id), owner_.token, R"({"role":"owner"})");
  EXPECT_EQ(same.status, 200) << same.body;

  // With a second owner the first may step down; then the second is the last one.
  ASSERT_EQ(api().patch(ws_ + "/members/" + str(admin_id_), owner_.token, R"({"role":"owner"})").status, 200);
  auto stepped_down = api().patch(ws_ + "/members/" + str(owner_.user_id), owner_.token, R"({"role":"member"})");
  EXPECT_EQ(stepped_down.status, 200) << stepped_down.body;
  EXPECT_EQ(api().del(ws_ + "/members/" + str(owner_.user_id), owner_.token).status, 403);  // now a member
  const std::string after_handover = owner_view();
  auto last = api().del(ws_ + "/members/" + str(admin_id_), tokens_[kAdmin]);
  EXPECT_EQ(last.status, 409) << last.body;
  EXPECT_EQ(api().patch(ws_ + "/members/" + str(admin_id_), tokens_[kAdmin], R"({"role":"admin"})").status, 409);
  EXPECT_EQ(owner_view(), after_handover);
  auto members = api().get(ws_ + "/members", tokens_[kAdmin]);
  ASSERT_EQ(members.status, 200);
  int owners = 0;
  for (std::size_t i = 0; i < members.array()->size(); ++i) {
    owners += members.array()->getObject(static_cast<unsigned>(i))->getValue<std::string>("role") == "owner";
  }
  EXPECT_EQ(owners, 1) << members.body;
}

// Fires the requests at once from threads of their own; the replies in order.
std::vector<HttpReply> concurrently(const ApiClient& api, const std::string& token, const std::vector<Request>& requests) {
  std::vector<HttpReply> replies(requests.size());
  std::latch start(static_cast<std::ptrdiff_t>(requests.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        replies[i] = api.request(requests[i].method, requests[i].path, token, requests[i].body);
      } catch (const std::exception& e) {
        replies[i].body = std::string("no answer: ") + e.what();  // status stays 0
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return replies;
}

TEST_F(PermissionsTest, RenameRacingDeleteNeverFailsAndTheConnectionIsGone) {
  for (int round = 0; round < 12; ++round) {
    SCOPED_TRACE("round " + str(round));
    // The retrieval that connecting queues may be waiting, running or done: all three race too.
    const auto id = connect(owner_.token, ws_, "race" + str(round));
    ASSERT_NE(id, 0);
    auto replies = concurrently(api(), owner_.token,
                                {Request{"PATCH", connection_path(id), R"({"label":"renamed )" + str(round) + "\"}"},
                                 Request{"DELETE", connection_path(id), std::nullopt}});
    EXPECT_THAT(replies[0].status, AnyOf(200, 404)) << replies[0].body;
    EXPECT_THAT(replies[1].status, AnyOf(204, 404)) << replies[1].body;
    EXPECT_EQ(replies[1].status, 204) << "nothing else deletes it: " << replies[1].body;
    EXPECT_EQ(api().get(connection_path(id), owner_.token).status, 404);
    EXPECT_EQ(api().get(connection_path(id) + "/metadata", owner_.token).status, 404);
  }
  auto listed = api().get(ws_ + "/connections", owner_.token);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.array()->size(), 1u) << listed.body;
  EXPECT_EQ(listed.array()->getObject(0)->getValue<std::int64_t>("id"), connection_);
  auto jobs = api().get("/api/v1/jobs?workspace=" + str(owner_.workspace_id) + "&limit=500", owner_.token);
  ASSERT_EQ(jobs.status, 200);
  for (std::size_t i = 0; i < jobs.array()->size(); ++i) {
    EXPECT_EQ(jobs.array()->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("connection"), connection_)
        << "a deleted connection's job is left: " << jobs.body;
  }
}

TEST_F(PermissionsTest, TwoDeletesOfOneConnectionNeverFail) {
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + str(round));
    const auto id = connect(owner_.token, ws_, "twice" + str(round));
    ASSERT_NE(id, 0);
    auto replies = concurrently(api(), owner_.token,
                                {Request{"DELETE", connection_path(id), std::nullopt},
                                 Request{"DELETE", connection_path(id), std::nullopt}});
    int deleted = 0;
    for (const auto& reply : replies) {
      EXPECT_THAT(reply.status, AnyOf(204, 404)) << reply.body;
      deleted += reply.status == 204;
    }
    EXPECT_GE(deleted, 1);
    EXPECT_EQ(api().get(connection_path(id), owner_.token).status, 404);
  }
  auto listed = api().get(ws_ + "/connections", owner_.token);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.array()->size(), 1u) << listed.body;
}

TEST_F(PermissionsTest, OwnersDemotingEachOtherAtOnceLeaveOneOwner) {
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + str(round));
    // Two owners: the bootstrap one and a fresh one; each demotes the other at the same moment.
    const std::string email = "second" + str(round) + "@acme.test";
    auto added = api().post(ws_ + "/members", owner_.token, R"({"email":")" + email + R"(","role":"owner"})");
    ASSERT_EQ(added.status, 201) << added.body;
    const auto second = added.json()->getValue<std::int64_t>("user_id");
    const std::string second_token = svc_.create_token(email);
    const bool remove = round % 2 == 1;
    std::vector<HttpReply> replies(2);
    std::latch start(2);
    std::thread a([&] {
      start.arrive_and_wait();
      replies[0] = remove ? api().del(ws_ + "/members/" + str(second), owner_.token)
                          : api().patch(ws_ + "/members/" + str(second), owner_.token, R"({"role":"admin"})");
    });
    std::thread b([&] {
      start.arrive_and_wait();
      replies[1] = remove ? api().del(ws_ + "/members/" + str(owner_.user_id), second_token)
                          : api().patch(ws_ + "/members/" + str(owner_.user_id), second_token, R"({"role":"admin"})");
    });
    a.join();
    b.join();
    int done = 0;
    for (const auto& reply : replies) {
      // The loser finds itself no longer an owner (403) or no longer a member (404), or the
      // other one the last owner (409).
      EXPECT_THAT(reply.status, AnyOf(200, 204, 403, 404, 409)) << reply.body;
      done += reply.status == 200 || reply.status == 204;
    }
    EXPECT_EQ(done, 1) << replies[0].body << " / " << replies[1].body;

    auto members = api().get(ws_ + "/members", replies[0].status < 300 ? owner_.token : second_token);
    ASSERT_EQ(members.status, 200) << members.body;
    std::int64_t owner = 0;
    int owners = 0;
    for (std::size_t i = 0; i < members.array()->size(); ++i) {
      auto member = members.array()->getObject(static_cast<unsigned>(i));
      if (member->getValue<std::string>("role") != "owner") continue;
      ++owners;
      owner = member->getValue<std::int64_t>("user_id");
    }
    ASSERT_EQ(owners, 1) << members.body;
    // The next round starts from the bootstrap owner again.
    if (owner != owner_.user_id) {
      const std::string restore = R"({"role":"owner"})";
      auto back = remove ? api().post(ws_ + "/members", second_token, R"({"email":"owner@acme.test","role":"owner"})")
                         : api().patch(ws_ + "/members/" + str(owner_.user_id), second_token, restore);
      ASSERT_THAT(back.status, AnyOf(200, 201)) << back.body;
      ASSERT_EQ(api().del(ws_ + "/members/" + str(second), owner_.token).status, 204);
    } else if (!remove) {
      ASSERT_EQ(api().del(ws_ + "/members/" + str(second), owner_.token).status, 204);
    }
  }
}

TEST_F(PermissionsTest, AddingOnePersonTwiceAtOnceConflicts) {
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE("round " + str(round));
    const std::string body = R"({"email":"twin)" + str(round) + R"(@acme.test","role":"member"})";
    auto replies = concurrently(api(), owner_.token,
                                {Request{"POST", ws_ + "/members", body}, Request{"POST", ws_ + "/members", body}});
    EXPECT_THAT(replies[0].status, AnyOf(201, 409)) << replies[0].body;
    EXPECT_THAT(replies[1].status, AnyOf(201, 409)) << replies[1].body;
    EXPECT_EQ(replies[0].status + replies[1].status, 201 + 409) << replies[0].body << " / " << replies[1].body;
  }
  auto members = api().get(ws_ + "/members", owner_.token);
  ASSERT_EQ(members.status, 200);
  EXPECT_EQ(members.array()->size(), 3u + 8u) << members.body;  // owner, admin, member and the eight
}

}  // namespace
}  // namespace hsd::testing
