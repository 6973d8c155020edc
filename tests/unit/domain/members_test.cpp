// Memberships and permission checks: a workspace always keeps an owner, every change leaves an
// audit line naming who made it and from where, and another workspace's objects do not exist
// for a caller (NOT_FOUND, never PERMISSION_DENIED).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/access.hpp"
#include "domain/members.hpp"
#include "domain_fixture.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class MembersTest : public DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    if (HasFatalFailure()) return;
    auto made = bootstrap(session(), "acme", "owner@example.com", Actor{});
    ASSERT_TRUE(made.ok()) << made.error().message;
    workspace_ = made->workspace->getValue<std::int64_t>("id");
    owner_ = made->user->getValue<std::int64_t>("id");
    actor_ = Actor{owner_, "10.0.0.7"};
  }

  std::int64_t add(const std::string& email, Role role) {
    auto added = add_member(session(), workspace_, email, role, actor_);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() ? (*added)->getValue<std::int64_t>("user_id") : 0;
  }

  std::string role_of(std::int64_t user_id) {
    auto members = list_members(session(), workspace_);
    EXPECT_TRUE(members.ok());
    if (!members.ok()) return "";
    for (const auto& member : *members) {
      if (member->getValue<std::int64_t>("user_id") == user_id) return member->getValue<std::string>("role");
    }
    return "<not a member>";
  }

  std::vector<JsonObject> audit_lines(const std::string& action) {
    Query query;
    query.where.set("action", action);
    auto rows = session().find("audit_log", query);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<JsonObject>();
  }

  static Caller caller(std::int64_t user_id) {
    Caller caller;
    caller.user_id = user_id;
    return caller;
  }

  std::int64_t workspace_ = 0;
  std::int64_t owner_ = 0;
  Actor actor_;
};

TEST_F(MembersTest, AddListChangeAndRemoveAMember) {
  auto added = add_member(session(), workspace_, "bob@example.com", Role::member, actor_);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ((*added)->getValue<std::string>("email"), "bob@example.com");
  EXPECT_EQ((*added)->getValue<std::string>("role"), "member");
  const auto bob = (*added)->getValue<std::int64_t>("user_id");

  auto members = list_members(session(), workspace_);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ(role_of(owner_), "owner");
  EXPECT_EQ(role_of(bob), "member");

  auto promoted = change_member_role(session(), workspace_, bob, Role::admin, actor_);
  ASSERT_TRUE(promoted.ok()) << promoted.error().message;
  EXPECT_EQ((*promoted)->getValue<std::string>("role"), "admin");
  EXPECT_EQ(role_of(bob), "admin");

  ASSERT_TRUE(remove_member(session(), workspace_, bob, actor_).ok());
  EXPECT_EQ(role_of(bob), "<not a member>");
  members = list_members(session(), workspace_);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 1u);
}

TEST_F(MembersTest, AddingAnExistingMemberIsAConflict) {
  add("bob@example.com", Role::member);
  auto again = add_member(session(), workspace_, "bob@example.com", Role::admin, actor_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_THAT(again.error().message, HasSubstr("already a member"));
  auto owner_again = add_member(session(), workspace_, "owner@example.com", Role::member, actor_);
  ASSERT_FALSE(owner_again.ok());
  EXPECT_EQ(owner_again.error().code, ErrorCode::conflict);
  EXPECT_EQ(role_of(owner_), "owner");
  auto members = list_members(session(), workspace_);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 2u);
  EXPECT_EQ(audit_lines("member.add").size(), 1u);
}

TEST_F(MembersTest, AddingABadEmailChangesNothing) {
  auto refused = add_member(session(), workspace_, "bob", Role::member, actor_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
  auto members = list_members(session(), workspace_);
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 1u);
  EXPECT_TRUE(audit_lines("member.add").empty());
}

TEST_F(MembersTest, TheLastOwnerCanBeNeitherDemotedNorRemoved) {
  add("bob@example.com", Role::admin);
  for (Role lower : {Role::admin, Role::member}) {
    auto demoted = change_member_role(session(), workspace_, owner_, lower, actor_);
    ASSERT_FALSE(demoted.ok());
    EXPECT_EQ(demoted.error().code, ErrorCode::conflict);
    EXPECT_THAT(demoted.error().message, HasSubstr("last owner"));
  }
  auto removed = remove_member(session(), workspace_, owner_, actor_);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::conflict);
  EXPECT_THAT(removed.error().message, HasSubstr("last owner"));

  EXPECT_EQ(role_of(owner_), "owner");
  EXPECT_TRUE(audit_lines("member.role").empty());
  EXPECT_TRUE(audit_lines("member.remove").empty());
  // Making the owner owner again is no demotion.
  auto same = change_member_role(session(), workspace_, owner_, Role::owner, actor_);
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ(role_of(owner_), "owner");
}

TEST_F(MembersTest, WithTwoOwnersOneMayGoButNotTheOther) {
  const auto bob = add("bob@example.com", Role::owner);
  ASSERT_TRUE(remove_member(session(), workspace_, owner_, actor_).ok());
  EXPECT_EQ(role_of(owner_), "<not a member>");
  EXPECT_EQ(role_of(bob), "owner");
  auto demoted = change_member_role(session(), workspace_, bob, Role::member, actor_);
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().code, ErrorCode::conflict);
  EXPECT_FALSE(remove_member(session(), workspace_, bob, actor_).ok());
  EXPECT_EQ(role_of(bob), "owner");
}

TEST_F(MembersTest, WithTwoOwnersOneMayBeDemoted) {
  const auto bob = add("bob@example.com", Role::owner);
  auto demoted = change_member_role(session(), workspace_, owner_, Role::admin, actor_);
  ASSERT_TRUE(demoted.ok()) << demoted.error().message;
  EXPECT_EQ(role_of(owner_), "admin");
  EXPECT_EQ(role_of(bob), "owner");
}

TEST_F(MembersTest, TwoOwnersDemotingEachOtherAtOnceLeaveOneOwner) {
  const auto bob = add("bob@example.com", Role::owner);
  auto second = engine().storage().open_session();
  ASSERT_TRUE(second.ok()) << second.error().message;
  std::atomic<int> succeeded{0};
  std::thread other([&] {
    if (change_member_role(*second, workspace_, owner_, Role::member, Actor{bob, "10.0.0.8"}).ok()) ++succeeded;
  });
  if (change_member_role(session(), workspace_, bob, Role::member, actor_).ok()) ++succeeded;
  other.join();
  EXPECT_EQ(succeeded.load(), 1);
  const int owners = (role_of(owner_) == "owner") + (role_of(bob) == "owner");
  EXPECT_EQ(owners, 1);
}

TEST_F(MembersTest, ChangesToANonMemberAreNotFound) {
  auto stranger = ensure_user(session(), "stranger@example.com");
  ASSERT_TRUE(stranger.ok());
  const auto id = (*stranger)->getValue<std::int64_t>("id");
  auto changed = change_member_role(session(), workspace_, id, Role::admin, actor_);
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().code, ErrorCode::not_found);
  auto removed = remove_member(session(), workspace_, id, actor_);
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.error().code, ErrorCode::not_found);
}

TEST_F(MembersTest, EveryChangeIsAuditedWithTheActorAndAddress) {
  const auto bob = add("bob@example.com", Role::member);
  ASSERT_TRUE(change_member_role(session(), workspace_, bob, Role::admin, actor_).ok());
  ASSERT_TRUE(remove_member(session(), workspace_, bob, actor_).ok());
  for (const std::string action : {"member.add", "member.role", "member.remove"}) {
    const auto lines = audit_lines(action);
    ASSERT_EQ(lines.size(), 1u) << action;
    const auto& line = lines.front();
    EXPECT_EQ(line->getValue<std::int64_t>("user_id"), owner_) << action;
    EXPECT_EQ(line->getValue<std::string>("remote_addr"), "10.0.0.7") << action;
    EXPECT_EQ(line->getValue<std::int64_t>("workspace_id"), workspace_) << action;
    EXPECT_EQ(line->getValue<std::string>("target_type"), "user") << action;
    EXPECT_EQ(line->getValue<std::string>("target_id"), std::to_string(bob)) << action;
  }
  EXPECT_EQ(audit_lines("member.role").front()->getObject("details")->getValue<std::string>("role"), "admin");
  EXPECT_EQ(audit_lines("member.add").front()->getObject("details")->getValue<std::string>("role"), "member");
}

TEST_F(MembersTest, CreateWorkspaceMakesTheCallerOwnerAndRefusesATakenName) {
  auto created = create_workspace(session(), "globex", owner_, actor_);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ((*created)->getValue<std::string>("role"), "owner");
  auto taken = create_workspace(session(), "globex", owner_, actor_);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::conflict);
  auto empty = create_workspace(session(), "", owner_, actor_);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
  auto mine = workspaces_of(session(), owner_);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 2u);
  for (const auto& ws : *mine) EXPECT_EQ(ws->getValue<std::string>("role"), "owner");
}

TEST_F(MembersTest, RequireRoleRefusesALowerRoleNamingWhoMay) {
  const auto bob = add("bob@example.com", Role::member);
  const auto carol = add("carol@example.com", Role::admin);

  auto denied = require_role(session(), caller(bob), workspace_, Role::admin, "delete connections");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::permission_denied);
  EXPECT_THAT(denied.error().message, HasSubstr("only admins and owners may delete connections"));
  EXPECT_THAT(denied.error().message, HasSubstr("'acme'"));
  EXPECT_THAT(denied.error().message, HasSubstr("your role is member"));

  auto owners_only = require_role(session(), caller(carol), workspace_, Role::owner, "add members");
  ASSERT_FALSE(owners_only.ok());
  EXPECT_EQ(owners_only.error().code, ErrorCode::permission_denied);
  EXPECT_THAT(owners_only.error().message, HasSubstr("only owners may add members"));
  EXPECT_THAT(owners_only.error().message, HasSubstr("your role is admin"));

  auto allowed = require_role(session(), caller(carol), workspace_, Role::admin, "delete connections");
  ASSERT_TRUE(allowed.ok()) << allowed.error().message;
  EXPECT_EQ(allowed->role, Role::admin);
  auto reader = require_role(session(), caller(bob), workspace_, Role::member, "read connections");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(reader->role, Role::member);
  auto owner = require_role(session(), caller(owner_), workspace_, Role::owner, "add members");
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->workspace_id, workspace_);
}

TEST_F(MembersTest, ANonMemberFindsNoWorkspace) {
  auto stranger = ensure_user(session(), "stranger@example.com");
  ASSERT_TRUE(stranger.ok());
  const auto id = (*stranger)->getValue<std::int64_t>("id");
  for (Role needed : {Role::member, Role::owner}) {
    auto refused = require_role(session(), caller(id), workspace_, needed, "read connections");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::not_found);
    EXPECT_THAT(refused.error().message, HasSubstr("workspace " + std::to_string(workspace_) + " not found"));
  }
  auto missing = workspace_access(session(), caller(owner_), workspace_ + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST_F(MembersTest, AnotherWorkspacesConnectionIsNotFound) {
  const auto bob = add("bob@example.com", Role::member);
  auto other = bootstrap(session(), "globex", "globex@example.com", Actor{});
  ASSERT_TRUE(other.ok()) << other.error().message;
  const auto theirs = connect_echo(other->workspace->getValue<std::int64_t>("id"), "globex");
  const auto ours = connect_echo(workspace_, "acme");
  ASSERT_FALSE(theirs.isNull() || ours.isNull());
  const auto their_id = theirs->getValue<std::int64_t>("id");
  const auto our_id = ours->getValue<std::int64_t>("id");

  for (Role needed : {Role::member, Role::admin}) {
    auto hidden = connection_for(session(), caller(owner_), their_id, needed, "read connections");
    ASSERT_FALSE(hidden.ok());
    EXPECT_EQ(hidden.error().code, ErrorCode::not_found);
    EXPECT_EQ(hidden.error().message, "connection " + std::to_string(their_id) + " not found");
  }
  auto missing = connection_for(session(), caller(owner_), their_id + our_id + 100, Role::member, "read");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);

  auto mine = connection_for(session(), caller(owner_), our_id, Role::admin, "delete connections");
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_EQ((*mine)->getValue<std::int64_t>("id"), our_id);
  auto too_low = connection_for(session(), caller(bob), our_id, Role::admin, "delete connections");
  ASSERT_FALSE(too_low.ok());
  EXPECT_EQ(too_low.error().code, ErrorCode::permission_denied);
  EXPECT_TRUE(connection_for(session(), caller(bob), our_id, Role::member, "read connections").ok());
}

}  // namespace
}  // namespace hsd::engine
