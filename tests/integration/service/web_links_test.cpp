// The CSRF defence of cookie requests (another port of the same host, a text/plain form post,
// no Origin, no token) with the stored state checked unchanged; bearer tokens untouched by it;
// one-time links used twice, expired and unknown; owners' links only for members who never set a
// password; and the operator's reset from the CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "web_auth_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class WebLinksTest : public WebAuthTest {
 protected:
  void SetUp() override {
    WebAuthTest::SetUp();
    if (HasFatalFailure()) return;
    auto set = set_password(link_token(owner_link_), kOwnerPassword);
    ASSERT_EQ(set.status, 200) << set.body;
    owner_ = session_of(set);
  }

  std::string members_path() const { return "/api/v1/workspaces/" + std::to_string(workspace_id_) + "/members"; }

  // Adds a member with the owner's API token; the answer.
  HttpReply add_member(const std::string& email, const std::string& role = "member") {
    return api().post(members_path(), owner_token_, R"({"email":")" + email + R"(","role":")" + role + R"("})");
  }

  static std::string reason_of(const HttpReply& reply) {
    try {
      return reply.json()->getObject("error")->getObject("details")->getValue<std::string>("reason");
    } catch (const std::exception&) {
      return "";
    }
  }

  BrowserSession owner_;
};

TEST_F(WebLinksTest, ACookieRequestWithoutTheRightOriginAndTokenIsRefusedAndChangesNothing) {
  const std::string body = R"({"email":"mallory@evil.test","role":"owner"})";
  struct Forgery {
    std::string what;
    std::map<std::string, std::string> headers;
  };
  const std::vector<Forgery> forgeries = {
      {"no Origin", {{"X-CSRF-Token", owner_.csrf}}},
      {"another port of the same host", {{"Origin", "http://127.0.0.1:8081"}, {"X-CSRF-Token", owner_.csrf}}},
      {"a text/plain form post without the token", {{"Origin", kServiceOrigin}, {"Content-Type", "text/plain"}}},
      {"a wrong token", {{"Origin", kServiceOrigin}, {"X-CSRF-Token", owner_.csrf + "x"}}},
      {"the null origin", {{"Origin", "null"}, {"X-CSRF-Token", owner_.csrf}}},
  };
  for (const auto& forgery : forgeries) {
    auto headers = forgery.headers;
    headers["Cookie"] = owner_.cookie;
    auto reply = api().request("POST", members_path(), "", body, headers);
    EXPECT_EQ(reply.status, 403) << forgery.what << ": " << reply.body;
    EXPECT_EQ(reply.error_code(), "permission_denied") << forgery.what;
    EXPECT_EQ(reason_of(reply), "csrf") << forgery.what;
  }
  // Nothing changed: no such user, no membership, nothing in the audit log.
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM users WHERE email = 'mallory@evil.test'"), "0");
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM memberships"), "1");
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'member.add'"), "0");
  // The right Origin and token pass (a text/plain body too: the token is the defence).
  auto made = api().request("POST", members_path(), "", R"({"email":"ann@acme.test","role":"member"})",
                            {{"Cookie", owner_.cookie}, {"Origin", kServiceOrigin}, {"X-CSRF-Token", owner_.csrf},
                             {"Content-Type", "text/plain"}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM memberships"), "2");
  // Reads need neither.
  EXPECT_EQ(api().request("GET", members_path(), "", std::nullopt, {{"Cookie", owner_.cookie}}).status, 200);
}

TEST_F(WebLinksTest, BearerTokensNeedNoOriginOrCsrfToken) {
  auto made = add_member("bob@acme.test");
  ASSERT_EQ(made.status, 201) << made.body;
  // With a foreign Origin and the cookie too: the bearer token decides, as for any script.
  auto renamed = api().request("PATCH", members_path() + "/" + std::to_string(made.json()->getValue<std::int64_t>("user_id")),
                               owner_token_, R"({"role":"admin"})", {{"Origin", "http://127.0.0.1:8081"}, {"Cookie", owner_.cookie}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  // A bearer request has no browser session to describe.
  EXPECT_EQ(api().get("/api/v1/auth/session", owner_token_).status, 401);
}

TEST_F(WebLinksTest, AddingAMemberWithoutAPasswordGivesALinkThatWorksOnce) {
  auto made = add_member("Carol@acme.test");
  ASSERT_EQ(made.status, 201) << made.body;
  auto link = made.json()->getObject("password_link");
  ASSERT_TRUE(link) << made.body;
  const std::string url = link->getValue<std::string>("url");
  EXPECT_THAT(url, StartsWith(std::string(kServiceOrigin) + "/set-password#token="));
  const std::string token = link_token(url);

  auto described = post_json("/api/v1/auth/password-link", R"({"token":")" + token + R"("})");
  ASSERT_EQ(described.status, 200) << described.body;
  EXPECT_EQ(described.json()->getValue<std::string>("email"), "carol@acme.test");
  EXPECT_EQ(described.json()->getValue<std::string>("expires_at"), link->getValue<std::string>("expires_at"));

  // Password rules first: the link survives a refused password.
  auto short_one = set_password(token, "too short");
  EXPECT_EQ(short_one.status, 422);
  EXPECT_EQ(short_one.error_field(), "password");
  auto own_email = set_password(token, "carol@acme.test");
  EXPECT_EQ(own_email.status, 422);
  EXPECT_EQ(own_email.error_field(), "password");

  auto first = set_password(token, "carols own good password");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()->getObject("user")->getValue<std::string>("email"), "carol@acme.test");
  EXPECT_EQ(browser("GET", "/api/v1/auth/session", session_of(first)).status, 200);
  // The members list now says Carol has a password (so no owner's link is offered for her).
  auto members = api().get(members_path(), owner_token_);
  ASSERT_EQ(members.status, 200) << members.body;
  for (std::size_t i = 0; i < members.array()->size(); ++i) {
    auto member = members.array()->getObject(static_cast<unsigned>(i));
    if (member->getValue<std::string>("email") == "carol@acme.test") {
      EXPECT_TRUE(member->getValue<bool>("password_set")) << members.body;
    }
  }

  auto second = set_password(token, "someone elses password");
  EXPECT_EQ(second.status, 410);
  EXPECT_EQ(second.error_message(), "this link has already been used");
  EXPECT_EQ(second.error_field(), "token");
  EXPECT_EQ(reason_of(second), "link_used");
  EXPECT_EQ(post_json("/api/v1/auth/password-link", R"({"token":")" + token + R"("})").status, 410);
  // The first password still holds; the second never took.
  EXPECT_EQ(sign_in("carol@acme.test", "carols own good password").status, 200);
  EXPECT_EQ(sign_in("carol@acme.test", "someone elses password").status, 401);
  // Only the link's hash is stored.
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM password_links WHERE token_hash = '" + token + "'"), "0");
}

// Two uses of one link at the same moment: the redeem is one compare-and-set, so exactly one
// wins and the other is told the link was used.
TEST_F(WebLinksTest, OfTwoConcurrentUsesOfALinkOnlyOneWins) {
  auto made = add_member("gina@acme.test");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token = link_token(made.json()->getObject("password_link")->getValue<std::string>("url"));
  std::vector<int> statuses(2);
  {
    std::vector<std::thread> racers;
    for (int i = 0; i < 2; ++i) {
      racers.emplace_back([&, i] { statuses[i] = set_password(token, "racer number " + std::to_string(i) + " wins").status; });
    }
    for (auto& racer : racers) racer.join();
  }
  std::sort(statuses.begin(), statuses.end());
  EXPECT_EQ(statuses, (std::vector<int>{200, 410}));
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_set' AND target_id = '" +
                      std::to_string(made.json()->getValue<std::int64_t>("user_id")) + "'"),
            "1");
}

TEST_F(WebLinksTest, AnExpiredOrUnknownLinkIsRefused) {
  auto made = add_member("dave@acme.test");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token = link_token(made.json()->getObject("password_link")->getValue<std::string>("url"));
  sql_exec("UPDATE password_links SET expires_at = 1 WHERE purpose = 'member'");
  auto expired = set_password(token, "daves good password");
  EXPECT_EQ(expired.status, 410);
  EXPECT_EQ(expired.error_message(), "this link has expired");
  EXPECT_EQ(reason_of(expired), "link_expired");
  EXPECT_EQ(sql_value("SELECT password_hash FROM users WHERE email = 'dave@acme.test'"), "");
  auto unknown = post_json("/api/v1/auth/password-link", R"({"token":"no-such-token"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(set_password("no-such-token", "a good long password").status, 404);
}

TEST_F(WebLinksTest, OwnersIssueLinksOnlyForMembersWhoNeverSetAPassword) {
  auto made = add_member("erin@acme.test");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto erin = made.json()->getValue<std::int64_t>("user_id");
  const std::string erin_link = members_path() + "/" + std::to_string(erin) + "/password-link";

  // Members and admins (anyone but an owner) may not issue links.
  for (const std::string role : {"member", "admin"}) {
    const std::string email = role + "-frank@acme.test";
    ASSERT_EQ(add_member(email, role).status, 201);
    auto refused = api().post(erin_link, service().create_token(email));
    EXPECT_EQ(refused.status, 403) << role;
    EXPECT_EQ(refused.error_code(), "permission_denied") << role;
  }
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM password_links WHERE purpose = 'owner'"), "0");

  // The owner may, through the web UI too, while Erin has no password.
  auto issued = browser("POST", erin_link, owner_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string token = link_token(issued.json()->getValue<std::string>("url"));
  ASSERT_EQ(set_password(token, "erins good password").status, 200);

  // Once Erin set one, no owner may issue another (another workspace's owner could take over).
  auto conflict = browser("POST", erin_link, owner_);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_THAT(conflict.error_message(), HasSubstr("already set a password"));
  // Not a member here: 404.
  EXPECT_EQ(api().post(members_path() + "/999/password-link", owner_token_).status, 404);
  // Adding Erin to another workspace gives no link either.
  auto other = api().post("/api/v1/workspaces", owner_token_, R"({"name":"beta"})");
  ASSERT_EQ(other.status, 201);
  auto again = api().post("/api/v1/workspaces/" + std::to_string(other.json()->getValue<std::int64_t>("id")) + "/members",
                          owner_token_, R"({"email":"erin@acme.test","role":"member"})");
  ASSERT_EQ(again.status, 201);
  EXPECT_FALSE(again.json()->has("password_link"));
}

TEST_F(WebLinksTest, AnOperatorResetsAPasswordFromTheCli) {
  const BrowserSession before = session_of(sign_in(kOwnerEmail, kOwnerPassword));
  auto reset = service().cli().run({"admin", "reset-password", "--email", "OWNER@acme.test"});
  ASSERT_EQ(reset.exit_code, 0) << reset.err;
  EXPECT_THAT(reset.out, HasSubstr(std::string(kServiceOrigin) + "/set-password#token="));
  const std::string url = reset.out.substr(reset.out.find("http://"), reset.out.find('\n', reset.out.find("http://")) - reset.out.find("http://"));

  // The old password and every session are gone.
  EXPECT_EQ(sign_in(kOwnerEmail, kOwnerPassword).status, 401);
  EXPECT_EQ(browser("GET", "/api/v1/me", before).status, 401);
  EXPECT_EQ(browser("GET", "/api/v1/me", owner_).status, 401);
  // The bearer token is not a password: it keeps working.
  EXPECT_EQ(api().get("/api/v1/me", owner_token_).status, 200);

  ASSERT_EQ(set_password(link_token(url), "a brand new password").status, 200);
  EXPECT_EQ(sign_in(kOwnerEmail, "a brand new password").status, 200);
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_reset'"), "1");

  auto json = service().cli().run({"admin", "reset-password", "--email", kOwnerEmail, "--output", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto out = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Object::Ptr>();
  EXPECT_THAT(out->getObject("password_link")->getValue<std::string>("url"), HasSubstr("#token="));
  auto unknown = service().cli().run({"admin", "reset-password", "--email", "nobody@acme.test"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("nobody@acme.test"));
}

}  // namespace
}  // namespace hsd::testing
