// API tokens are "hsd_" + 256 random bits in hex, stored only as their SHA-256; bootstrap
// makes the first owner of a workspace in one transaction and never a second one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "domain/connections.hpp"
#include "domain/identity.hpp"
#include "domain/secret_tokens.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

bool is_lower_hex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::size_t count_rows(Session& session, const std::string& entity) {
  auto rows = session.find(entity);
  EXPECT_TRUE(rows.ok()) << rows.error().message;
  return rows.ok() ? rows->size() : 0;
}

class IdentityTest : public DomainFixture {
 protected:
  std::int64_t user(const std::string& email) {
    auto row = ensure_user(session(), email);
    EXPECT_TRUE(row.ok()) << row.error().message;
    return row.ok() ? (*row)->getValue<std::int64_t>("id") : 0;
  }
};

TEST_F(IdentityTest, AnIssuedTokenIsPrefixedHexAndStoredOnlyAsItsHash) {
  const auto id = user("ann@example.com");
  auto issued = issue_token(session(), id, "laptop");
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  const std::string& token = issued->token;
  ASSERT_EQ(token.size(), 4u + 64u);
  EXPECT_EQ(token.substr(0, 4), "hsd_");
  EXPECT_TRUE(is_lower_hex(token.substr(4))) << token;

  const auto stored = row("api_tokens", issued->row->getValue<std::int64_t>("id"));
  const auto hash = stored->getValue<std::string>("token_hash");
  EXPECT_NE(hash, token);
  EXPECT_EQ(hash, sha256_hex(token));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(stored->getValue<std::int64_t>("user_id"), id);
  EXPECT_EQ(stored->getValue<std::string>("name"), "laptop");
  // No column of the row holds the token itself.
  for (const auto& [column, value] : *stored) {
    if (value.isString()) {
      EXPECT_THAT(value.toString(), ::testing::Not(HasSubstr(token.substr(4)))) << column;
    }
  }
  // The public view has no hash either.
  const auto view = token_view(stored, "ann@example.com");
  EXPECT_FALSE(view->has("token_hash"));
  EXPECT_EQ(view->getValue<std::string>("user"), "ann@example.com");
}

TEST_F(IdentityTest, TwoTokensOfOneUserDiffer) {
  const auto id = user("ann@example.com");
  auto first = issue_token(session(), id, "a");
  auto second = issue_token(session(), id, "b");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->token, second->token);
  EXPECT_NE(first->row->getValue<std::string>("token_hash"), second->row->getValue<std::string>("token_hash"));
}

TEST_F(IdentityTest, AuthenticateAcceptsAnIssuedTokenAndNamesTheCaller) {
  const auto id = user("ann@example.com");
  auto issued = issue_token(session(), id, "cli");
  ASSERT_TRUE(issued.ok());
  auto caller = authenticate(session(), issued->token);
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->user_id, id);
  EXPECT_EQ(caller->token_id, issued->row->getValue<std::int64_t>("id"));
  // The first use is recorded.
  EXPECT_FALSE(row("api_tokens", caller->token_id)->isNull("last_used_at"));
}

TEST_F(IdentityTest, AuthenticateRefusesUnknownRevokedAndEmptyTokens) {
  const auto id = user("ann@example.com");
  auto issued = issue_token(session(), id, "cli");
  ASSERT_TRUE(issued.ok());

  auto unknown = authenticate(session(), "hsd_" + std::string(64, '0'));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::unauthenticated);
  EXPECT_THAT(unknown.error().message, HasSubstr("not valid"));

  // A token differing in its last character is just as unknown.
  std::string near = issued->token;
  near.back() = near.back() == '0' ? '1' : '0';
  auto near_miss = authenticate(session(), near);
  ASSERT_FALSE(near_miss.ok());
  EXPECT_EQ(near_miss.error().code, ErrorCode::unauthenticated);

  auto empty = authenticate(session(), "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::unauthenticated);
  EXPECT_THAT(empty.error().message, HasSubstr("Bearer"));

  auto revoked = revoke_token(session(), issued->row->getValue<std::int64_t>("id"));
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_FALSE((*revoked)->isNull("revoked_at"));
  auto refused = authenticate(session(), issued->token);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::unauthenticated);
  EXPECT_THAT(refused.error().message, HasSubstr("revoked"));
}

TEST_F(IdentityTest, RevokingTwiceKeepsTheFirstTimeAndAnUnknownIdIsNotFound) {
  const auto id = user("ann@example.com");
  auto issued = issue_token(session(), id, "cli");
  ASSERT_TRUE(issued.ok());
  const auto token_id = issued->row->getValue<std::int64_t>("id");
  auto first = revoke_token(session(), token_id);
  ASSERT_TRUE(first.ok());
  auto second = revoke_token(session(), token_id);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ((*second)->getValue<std::int64_t>("revoked_at"), (*first)->getValue<std::int64_t>("revoked_at"));
  auto missing = revoke_token(session(), token_id + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(IdentityTest, BootstrapMakesWorkspaceUserOwnerAndTokenAtOnce) {
  auto made = bootstrap(session(), "acme", "owner@example.com", Actor{std::nullopt, "cli"});
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->workspace->getValue<std::string>("name"), "acme");
  EXPECT_EQ(made->user->getValue<std::string>("email"), "owner@example.com");
  const auto workspace_id = made->workspace->getValue<std::int64_t>("id");
  const auto user_id = made->user->getValue<std::int64_t>("id");

  Query query;
  query.where.set("workspace_id", workspace_id);
  auto memberships = session().find("memberships", query);
  ASSERT_TRUE(memberships.ok());
  ASSERT_EQ(memberships->size(), 1u);
  EXPECT_EQ(memberships->front()->getValue<std::int64_t>("user_id"), user_id);
  EXPECT_EQ(memberships->front()->getValue<std::string>("role"), "owner");

  auto caller = authenticate(session(), made->token.token);
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->user_id, user_id);
  EXPECT_EQ(made->token.row->getValue<std::string>("token_hash"), sha256_hex(made->token.token));

  Query audit;
  audit.where.set("action", std::string("workspace.bootstrap"));
  auto lines = session().find("audit_log", audit);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front()->getValue<std::int64_t>("workspace_id"), workspace_id);
  EXPECT_EQ(lines->front()->getValue<std::string>("remote_addr"), "cli");
}

TEST_F(IdentityTest, ASecondBootstrapOfTheWorkspaceIsAConflictAndChangesNothing) {
  ASSERT_TRUE(bootstrap(session(), "acme", "owner@example.com", Actor{}).ok());
  const auto users = count_rows(session(), "users");
  const auto memberships = count_rows(session(), "memberships");
  const auto tokens = count_rows(session(), "api_tokens");
  const auto audit_lines = count_rows(session(), "audit_log");
  const auto workspaces = count_rows(session(), "workspaces");

  for (const std::string email : {"intruder@example.com", "owner@example.com"}) {
    auto again = bootstrap(session(), "acme", email, Actor{});
    ASSERT_FALSE(again.ok()) << email;
    EXPECT_EQ(again.error().code, ErrorCode::conflict);
    EXPECT_THAT(again.error().message, HasSubstr("already has an owner"));
  }
  EXPECT_EQ(count_rows(session(), "users"), users);
  EXPECT_EQ(count_rows(session(), "memberships"), memberships);
  EXPECT_EQ(count_rows(session(), "api_tokens"), tokens);
  EXPECT_EQ(count_rows(session(), "audit_log"), audit_lines);
  EXPECT_EQ(count_rows(session(), "workspaces"), workspaces);
  EXPECT_FALSE(find_user(session(), "intruder@example.com").ok());
}

TEST_F(IdentityTest, TwoBootstrapsOfOneWorkspaceAtOnceMakeOneOwner) {
  auto second = engine().storage().open_session();
  ASSERT_TRUE(second.ok()) << second.error().message;
  std::atomic<int> succeeded{0};
  std::atomic<int> conflicts{0};
  auto count = [&](const Result<Bootstrapped>& made) {
    if (made.ok()) ++succeeded;
    else if (made.error().code == ErrorCode::conflict) ++conflicts;
  };
  std::thread other([&] { count(bootstrap(*second, "acme", "bob@example.com", Actor{})); });
  count(bootstrap(session(), "acme", "ann@example.com", Actor{}));
  other.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
  Query owners;
  owners.where.set("role", std::string("owner"));
  auto rows = session().find("memberships", owners);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
  EXPECT_EQ(count_rows(session(), "workspaces"), 1u);
  EXPECT_EQ(count_rows(session(), "api_tokens"), 1u);
}

TEST_F(IdentityTest, BootstrapWithABadEmailCreatesNothing) {
  auto refused = bootstrap(session(), "acme", "not-an-email", Actor{});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(count_rows(session(), "workspaces"), 0u);
  EXPECT_EQ(count_rows(session(), "users"), 0u);
}

TEST_F(IdentityTest, ABootstrapOfAnotherWorkspaceReusesTheUser) {
  auto first = bootstrap(session(), "acme", "owner@example.com", Actor{});
  auto second = bootstrap(session(), "globex", "owner@example.com", Actor{});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->user->getValue<std::int64_t>("id"), second->user->getValue<std::int64_t>("id"));
  EXPECT_NE(first->workspace->getValue<std::int64_t>("id"), second->workspace->getValue<std::int64_t>("id"));
  EXPECT_NE(first->token.token, second->token.token);
}

TEST(CheckEmail, AcceptsAddressesAndRefusesEverythingElse) {
  for (const std::string& good : std::vector<std::string>{"a@b", "ann.lee+tag@example.co.uk", "x@localhost"}) {
    EXPECT_TRUE(check_email(good).ok()) << good;
  }
  for (const std::string& bad : std::vector<std::string>{"", "plain", "@example.com", "ann@", "a@b@c", "ann lee@example.com",
                                "ann@exa\tmple.com", "ann@example.com\n", std::string(250, 'a') + "@b.com"}) {
    auto status = check_email(bad);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(status.error().message, HasSubstr("is not an e-mail address"));
  }
}

TEST_F(IdentityTest, EnsureUserRefusesABadEmailAndReturnsAnExistingUser) {
  auto bad = ensure_user(session(), "nobody");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  const auto first = user("ann@example.com");
  EXPECT_EQ(user("ann@example.com"), first);
  EXPECT_EQ(count_rows(session(), "users"), 1u);
  auto missing = find_user(session(), "bob@example.com");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST(Roles, ParseAndNameRoundTripAndAreOrdered) {
  for (Role role : {Role::member, Role::admin, Role::owner}) {
    auto parsed = parse_role(role_name(role));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_FALSE(parse_role("Owner").has_value());
  EXPECT_FALSE(parse_role("").has_value());
  EXPECT_LT(Role::member, Role::admin);
  EXPECT_LT(Role::admin, Role::owner);
}

TEST(SecretTokens, ConstantTimeEqualComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "xbc"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(SecretTokens, RandomHexHasTwoDigitsPerByteAndDoesNotRepeat) {
  for (std::size_t bytes : {0u, 1u, 16u, 32u, 33u}) {
    const auto text = random_hex(bytes);
    EXPECT_EQ(text.size(), bytes * 2);
    EXPECT_TRUE(is_lower_hex(text)) << text;
  }
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(random_hex(32));
  EXPECT_EQ(seen.size(), 200u);
}

TEST(SecretTokens, Sha256HexMatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace hsd::engine
