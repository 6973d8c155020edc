// Browser sign-in through the real service: a bootstrap link sets the first password; right and
// wrong passwords (a wrong e-mail answers exactly the same); failures slowed by the throttles;
// sessions that expire after inactivity and end at sign-out; bad bodies; no password in the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "web_auth_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class WebSignInTest : public WebAuthTest {
 protected:
  // The block as the service stored it (its length), started again now: a loaded machine may
  // take longer than a 1 s block between two requests, and the test must not depend on that.
  void restart_block(const std::string& where) {
    sql_exec("UPDATE login_throttles SET blocked_until = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
             " + (blocked_until - updated_at) WHERE " + where);
  }

  // The owner sets their password through the bootstrap link.
  void SetUp() override {
    WebAuthTest::SetUp();
    if (HasFatalFailure()) return;
    auto set = set_password(link_token(owner_link_), kOwnerPassword);
    ASSERT_EQ(set.status, 200) << set.body;
  }
};

TEST_F(WebSignInTest, TheRightPasswordSignsInWithAnHttpOnlyLaxCookie) {
  auto reply = sign_in("Owner@ACME.test", kOwnerPassword);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto body = reply.json();
  EXPECT_EQ(body->getObject("user")->getValue<std::int64_t>("id"), owner_id_);
  EXPECT_EQ(body->getObject("user")->getValue<std::string>("email"), kOwnerEmail);
  const std::string cookie = reply.headers["set-cookie"];
  EXPECT_THAT(cookie, ::testing::MatchesRegex("hsd_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // public_url is http
  EXPECT_THAT(cookie, Not(HasSubstr("Max-Age")));  // a browser-session cookie
  const BrowserSession session = session_of(reply);
  // Only the token's SHA-256 is stored.
  const std::string token = session.cookie.substr(std::string("hsd_session=").size());
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM web_sessions WHERE token_hash = '" + token + "'"), "0");
  EXPECT_EQ(sql_value("SELECT length(token_hash) FROM web_sessions ORDER BY id DESC LIMIT 1"), "64");

  auto current = browser("GET", "/api/v1/auth/session", session);
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(current.json()->getValue<std::string>("csrf_token"), session.csrf);
  EXPECT_EQ(current.json()->getObject("user")->getValue<std::string>("email"), kOwnerEmail);
  EXPECT_GT(parse_iso8601(current.json()->getValue<std::string>("expires_at")), 0);
  auto me = browser("GET", "/api/v1/me", session);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()->getArray("workspaces")->size(), 1u);
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in' AND user_id = " + std::to_string(owner_id_)), "1");
}

TEST_F(WebSignInTest, AWrongPasswordAndAnUnknownEmailGetTheSameAnswer) {
  auto wrong_password = sign_in(kOwnerEmail, "not the password");
  auto wrong_email = sign_in("nobody@acme.test", "not the password");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_password.error_message(), "wrong e-mail or password");
  EXPECT_EQ(wrong_email.status, wrong_password.status);
  EXPECT_EQ(wrong_email.body, wrong_password.body);
  EXPECT_EQ(wrong_password.headers.count("set-cookie"), 0u);
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in_failed'"), "2");
  // A session GET without a cookie is 401 too.
  EXPECT_EQ(api().get("/api/v1/auth/session").status, 401);
}

TEST_F(WebSignInTest, AWrongPasswordLeavesNoTraceInTheServiceLog) {
  // At debug level, the most the service ever logs.
  service().terminate();
  service().start({{"HSD_LOG_LEVEL", "debug"}});
  const std::string secret = "Zebra-Umbrella-91735";
  EXPECT_EQ(sign_in(kOwnerEmail, secret).status, 401);
  EXPECT_EQ(sign_in("nobody@acme.test", secret + "x").status, 401);
  auto ended = service().terminate();
  EXPECT_THAT(ended.err, HasSubstr("/api/v1/auth/sign-in"));  // the requests were logged ...
  EXPECT_THAT(ended.err, Not(HasSubstr("Zebra")));             // ... never the password
  EXPECT_THAT(ended.err, Not(HasSubstr(kOwnerPassword)));
}

// The block as the service stored it (its length), started again now: a loaded machine may take
// longer than a 1 s block between two requests, and the test must not depend on that.
TEST_F(WebSignInTest, RepeatedFailuresAreSlowedThenASuccessClearsTheAccount) {
  // Five failures are free; the fifth starts a 1 s block.
  for (int i = 0; i < 5; ++i) ASSERT_EQ(sign_in(kOwnerEmail, "wrong password " + std::to_string(i)).status, 401);
  const std::string account = "key = 'account:owner@acme.test'";
  EXPECT_EQ(sql_value("SELECT blocked_until - updated_at FROM login_throttles WHERE " + account), "1000");
  restart_block(account);
  auto blocked = sign_in(kOwnerEmail, kOwnerPassword);  // even the right one: not checked
  ASSERT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.error_code(), "rate_limited");
  EXPECT_EQ(blocked.headers["retry-after"], "1");
  EXPECT_EQ(blocked.json()->getObject("error")->getObject("details")->getValue<int>("retry_after"), 1);
  EXPECT_EQ(sql_value("SELECT failures FROM login_throttles WHERE key = 'account:owner@acme.test'"), "5");
  // Another e-mail from the same address is not blocked yet (20 per address).
  EXPECT_EQ(sign_in("other@acme.test", "whatever it is").status, 401);

  // The block runs out (moved into the past instead of waiting it out): the right password works
  // and clears the account's count; the address keeps its own.
  sql_exec("UPDATE login_throttles SET blocked_until = 0 WHERE key = 'account:owner@acme.test'");
  auto allowed = sign_in(kOwnerEmail, kOwnerPassword);
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM login_throttles WHERE key = 'account:owner@acme.test'"), "0");
  EXPECT_EQ(sql_value("SELECT failures FROM login_throttles WHERE key = 'address:127.0.0.1'"), "6");

  // Failing again after a block doubles the wait: 5 more failures, each blocked in turn.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(sign_in(kOwnerEmail, "wrong again " + std::to_string(i)).status, 401);
  }
  sql_exec("UPDATE login_throttles SET blocked_until = 0 WHERE key = 'account:owner@acme.test'");
  ASSERT_EQ(sign_in(kOwnerEmail, "wrong once more").status, 401);
  EXPECT_EQ(sql_value("SELECT blocked_until - updated_at FROM login_throttles WHERE " + account), "2000");
  restart_block(account);
  auto longer = sign_in(kOwnerEmail, kOwnerPassword);
  ASSERT_EQ(longer.status, 429);
  EXPECT_EQ(longer.headers["retry-after"], "2");
}

TEST_F(WebSignInTest, AnUnknownEmailIsThrottledLikeAKnownOne) {
  for (int i = 0; i < 5; ++i) ASSERT_EQ(sign_in("Ghost@acme.test", "guess " + std::to_string(i)).status, 401);
  restart_block("key = 'account:ghost@acme.test'");
  auto blocked = sign_in("ghost@ACME.test", "guess 6");
  EXPECT_EQ(blocked.status, 429);
  EXPECT_EQ(blocked.headers.count("retry-after"), 1u);
}

TEST_F(WebSignInTest, ASessionExpiresAfterInactivity) {
  const BrowserSession session = session_of(sign_in(kOwnerEmail, kOwnerPassword));
  ASSERT_EQ(browser("GET", "/api/v1/auth/session", session).status, 200);
  // Thirteen hours without a request (service.session_idle_timeout is 12h by default).
  sql_exec("UPDATE web_sessions SET last_seen_at = last_seen_at - 13 * 3600 * 1000");
  for (const char* path : {"/api/v1/auth/session", "/api/v1/me"}) {
    auto expired = browser("GET", path, session);
    EXPECT_EQ(expired.status, 401) << path;
    EXPECT_EQ(expired.error_code(), "unauthenticated");
    EXPECT_THAT(expired.error_message(), HasSubstr("expired; sign in again")) << path;
  }
}

TEST_F(WebSignInTest, ASessionEndsAtItsLifetimeEvenWhenBusy) {
  const BrowserSession session = session_of(sign_in(kOwnerEmail, kOwnerPassword));
  sql_exec("UPDATE web_sessions SET expires_at = 1");
  EXPECT_EQ(browser("GET", "/api/v1/me", session).status, 401);
}

TEST_F(WebSignInTest, SignOutEndsTheSessionAndClearsTheCookie) {
  const BrowserSession session = session_of(sign_in(kOwnerEmail, kOwnerPassword));
  const BrowserSession other = session_of(sign_in(kOwnerEmail, kOwnerPassword));  // another browser
  auto out = browser("POST", "/api/v1/auth/sign-out", session);
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(out.headers["set-cookie"], "hsd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  auto after = browser("GET", "/api/v1/auth/session", session);
  EXPECT_EQ(after.status, 401);
  EXPECT_THAT(after.error_message(), HasSubstr("sign in again"));
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM web_sessions WHERE revoked_at IS NOT NULL"), "1");
  // Only that session ended.
  EXPECT_EQ(browser("GET", "/api/v1/auth/session", other).status, 200);
  // Signing out needs the CSRF token like any change: no token, nothing ends.
  auto forged = api().request("POST", "/api/v1/auth/sign-out", "", std::nullopt,
                              {{"Cookie", other.cookie}, {"Origin", kServiceOrigin}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(browser("GET", "/api/v1/auth/session", other).status, 200);
}

TEST_F(WebSignInTest, BadBodiesAnswer422NamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{}", "email"},
      {R"({"email":"owner@acme.test"})", "password"},
      {R"({"email":5,"password":"x"})", "email"},
      {R"({"email":"owner@acme.test","password":true})", "password"},
      {R"({"email":"owner@acme.test","password":"x","remember":true})", "remember"},
  };
  for (const auto& [body, field] : cases) {
    auto reply = post_json("/api/v1/auth/sign-in", body);
    EXPECT_EQ(reply.status, 422) << body << " -> " << reply.body;
    EXPECT_EQ(reply.error_field(), field) << body;
  }
  EXPECT_EQ(post_json("/api/v1/auth/sign-in", "not json").status, 400);
  EXPECT_EQ(post_json("/api/v1/auth/set-password", R"({"password":"long enough pass"})").error_field(), "token");
  EXPECT_EQ(post_json("/api/v1/auth/password-link", R"({"token":7})").error_field(), "token");
  // Nothing counted against the throttles: bad bodies never reached a password check.
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM login_throttles"), "0");
}

TEST_F(WebSignInTest, ASignInFromAnotherOriginIsRefused) {
  auto reply = sign_in(kOwnerEmail, kOwnerPassword, {{"Origin", "http://127.0.0.1:8081"}});
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.json()->getObject("error")->getObject("details")->getValue<std::string>("reason"), "csrf");
  EXPECT_EQ(reply.headers.count("set-cookie"), 0u);
  EXPECT_EQ(sql_value("SELECT COUNT(*) FROM web_sessions"), "1");  // only set-password's
  EXPECT_EQ(sign_in(kOwnerEmail, kOwnerPassword, {{"Origin", kServiceOrigin}}).status, 200);
}

}  // namespace
}  // namespace hsd::testing
