// One-time password links: 24 hours, once, only their hash stored; the password rules; an
// owner's link only for a member who never set a password; the operator's reset.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/identity.hpp"
#include "domain/members.hpp"
#include "domain/password_hash.hpp"
#include "domain/password_links.hpp"
#include "domain/secret_tokens.hpp"
#include "domain/web_sessions.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kPublicUrl = "https://deploy.example.test/";
const std::string kCheapHash = hash_password("a good long password", ScryptParams{10, 8, 1});

class PasswordLinksTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    ws_ = workspace("acme");
    user_ = (*ensure_user(session(), "ann@example.test"))->getValue<std::int64_t>("id");
  }

  IssuedLink issue(std::int64_t now) {
    auto link = issue_password_link(session(), LinkRequest{user_, ws_, "member"}, kPublicUrl, Actor{}, now);
    EXPECT_TRUE(link.ok()) << link.error().message;
    return *link;
  }

  static std::string token_of(const IssuedLink& link) { return link.url.substr(link.url.find("#token=") + 7); }

  std::int64_t ws_ = 0;
  std::int64_t user_ = 0;
};

TEST_F(PasswordLinksTest, ALinkIsAFragmentUrlWhoseTokenIsStoredOnlyAsAHash) {
  const auto now = now_ms();
  const IssuedLink link = issue(now);
  EXPECT_THAT(link.url, StartsWith("https://deploy.example.test/set-password#token="));
  const std::string token = token_of(link);
  EXPECT_EQ(token.size(), 43u);  // 256 bits, base64url
  EXPECT_EQ(link.expires_at, now + 24LL * 3'600'000);
  EXPECT_EQ(link.row->getValue<std::string>("token_hash"), sha256_hex(token));
  EXPECT_EQ(link.row->getValue<std::string>("purpose"), "member");
  auto usable = usable_password_link(session(), token, now);
  ASSERT_TRUE(usable.ok()) << usable.error().message;
  auto unknown = usable_password_link(session(), token + "x", now);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

TEST_F(PasswordLinksTest, ALinkWorksOnceAndSpendsTheUsersOtherLinks) {
  const auto now = now_ms();
  const IssuedLink first = issue(now);
  const IssuedLink second = issue(now);
  auto user = redeem_password_link(session(), token_of(first), kCheapHash, Actor{}, now);
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ((*user)->getValue<std::string>("password_hash"), kCheapHash);
  EXPECT_EQ((*user)->getValue<std::int64_t>("password_set_at"), now);
  for (const auto& link : {first, second}) {
    auto again = redeem_password_link(session(), token_of(link), kCheapHash, Actor{}, now);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, kLinkGone);
    EXPECT_EQ(again.error().message, "this link has already been used");
    EXPECT_THAT(again.error().details_json, HasSubstr(R"("reason":"link_used")"));
  }
}

TEST_F(PasswordLinksTest, AnExpiredLinkIsRefusedAndChangesNothing) {
  const auto issued_at = now_ms() - 25LL * 3'600'000;
  const IssuedLink link = issue(issued_at);
  auto late = redeem_password_link(session(), token_of(link), kCheapHash, Actor{}, now_ms());
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().message, "this link has expired");
  EXPECT_THAT(late.error().details_json, HasSubstr(R"("reason":"link_expired")"));
  EXPECT_EQ(row("users", user_)->getValue<std::string>("password_hash"), "");
  EXPECT_TRUE(row("password_links", link.row->getValue<std::int64_t>("id"))->isNull("used_at"));
}

TEST_F(PasswordLinksTest, PasswordRulesNameTheField) {
  EXPECT_TRUE(check_new_password("ten chars!", "ann@example.test").ok());
  EXPECT_TRUE(check_new_password(std::string(256, 'x'), "ann@example.test").ok());
  // Characters, not bytes: nine two-byte letters are too short.
  for (const std::string& bad : {std::string("short"), std::string("ääääääääää").substr(0, 18), std::string(257, 'x'),
                                std::string("ANN@example.test")}) {
    auto refused = check_new_password(bad, "ann@example.test");
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(refused.error().details_json, R"({"field":"password"})");
  }
}

TEST_F(PasswordLinksTest, AnOwnersLinkIsOnlyForAMemberWhoNeverSetAPassword) {
  const auto now = now_ms();
  ASSERT_TRUE(add_member(session(), ws_, "ann@example.test", Role::member, Actor{}).ok());
  auto link = issue_member_link(session(), ws_, user_, kPublicUrl, Actor{}, now);
  ASSERT_TRUE(link.ok()) << link.error().message;
  EXPECT_EQ(link->row->getValue<std::string>("purpose"), "owner");
  // Not a member of that workspace: 404.
  auto elsewhere = issue_member_link(session(), workspace("other"), user_, kPublicUrl, Actor{}, now);
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, ErrorCode::not_found);
  ASSERT_TRUE(redeem_password_link(session(), token_of(*link), kCheapHash, Actor{}, now).ok());
  auto refused = issue_member_link(session(), ws_, user_, kPublicUrl, Actor{}, now);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
}

TEST_F(PasswordLinksTest, AResetClearsThePasswordEndsSessionsAndStillCountsAsSet) {
  const auto now = now_ms();
  ASSERT_TRUE(redeem_password_link(session(), token_of(issue(now)), kCheapHash, Actor{}, now).ok());
  const IssuedLink pending = issue(now);
  auto web = create_web_session(session(), user_, "127.0.0.1", SessionTimes{}, now);
  ASSERT_TRUE(web.ok());
  auto link = reset_password(session(), user_, kPublicUrl, Actor{}, now);
  ASSERT_TRUE(link.ok()) << link.error().message;
  const auto user = row("users", user_);
  EXPECT_EQ(user->getValue<std::string>("password_hash"), "");
  EXPECT_TRUE(has_set_password(user));  // another workspace's owner still cannot issue links
  auto ended = authenticate_web_session(session(), web->token, SessionTimes{}, now);
  ASSERT_FALSE(ended.ok());
  EXPECT_EQ(ended.error().code, ErrorCode::unauthenticated);
  EXPECT_FALSE(usable_password_link(session(), token_of(pending), now).ok());
  EXPECT_TRUE(usable_password_link(session(), token_of(*link), now).ok());
  EXPECT_EQ(link->row->getValue<std::string>("purpose"), "reset");
}

TEST_F(PasswordLinksTest, SessionsEndAfterIdleTimeOrLifetimeAndRecordUseOnceAMinute) {
  const auto now = now_ms();
  const SessionTimes times{60'000 * 10, 60'000 * 60};
  auto web = create_web_session(session(), user_, "127.0.0.1", times, now);
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(web->token.size(), 43u);
  EXPECT_EQ(web->row->getValue<std::string>("token_hash"), sha256_hex(web->token));
  const auto id = web->row->getValue<std::int64_t>("id");
  // Within a minute nothing is written; after it last_seen_at moves.
  ASSERT_TRUE(authenticate_web_session(session(), web->token, times, now + 30'000).ok());
  EXPECT_EQ(row("web_sessions", id)->getValue<std::int64_t>("last_seen_at"), now);
  ASSERT_TRUE(authenticate_web_session(session(), web->token, times, now + 9 * 60'000).ok());
  EXPECT_EQ(row("web_sessions", id)->getValue<std::int64_t>("last_seen_at"), now + 9 * 60'000);
  // Idle for ten minutes since then: expired.
  auto idle = authenticate_web_session(session(), web->token, times, now + 19 * 60'000);
  ASSERT_FALSE(idle.ok());
  EXPECT_THAT(idle.error().message, HasSubstr("sign in again"));
  // Kept busy, it still ends at its lifetime.
  for (std::int64_t t = now + 18 * 60'000; t < now + 60 * 60'000; t += 8 * 60'000) {
    ASSERT_TRUE(authenticate_web_session(session(), web->token, times, t).ok()) << t - now;
  }
  EXPECT_FALSE(authenticate_web_session(session(), web->token, times, now + 60 * 60'000).ok());
}

}  // namespace
}  // namespace hsd::engine
