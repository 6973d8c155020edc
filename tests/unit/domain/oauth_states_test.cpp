// OAuth states are single use, expire after 10 minutes, and only work for the workspace,
// user and plugin that started the flow; only their hash is stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "domain/connections.hpp"
#include "domain/oauth_states.hpp"
#include "hsd/engine/plugin_host.hpp"

namespace hsd::engine {
namespace {

using ::testing::HasSubstr;

class OAuthStatesTest : public ::testing::Test {
 protected:
  OAuthStatesTest() {
    dir_ = std::filesystem::temp_directory_path() / ("hsd_oauth_states_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    const std::string config = R"({"plugin":"sqlite","path":")" + (dir_ / "db.sqlite").string() + "\"}";
    auto plugin = host_.load(std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so", config);
    EXPECT_TRUE(plugin.ok()) << plugin.error().message;
    storage_ = std::make_unique<Storage>((*plugin)->storage(), (*plugin)->instance());
    auto session = storage_->open_session();
    EXPECT_TRUE(session.ok());
    session_.emplace(std::move(*session));
    workspace_ = (*ensure_workspace(*session_, "acme"))->getValue<std::int64_t>("id");
    other_workspace_ = (*ensure_workspace(*session_, "other"))->getValue<std::int64_t>("id");
  }
  ~OAuthStatesTest() override {
    session_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string create(const OAuthStateBinding& binding, std::int64_t now = kNow) {
    JsonObject data = new Poco::JSON::Object;
    data->set("redirect_uri", std::string("http://127.0.0.1:9/cb"));
    auto state = create_oauth_state(*session_, binding, data, now);
    EXPECT_TRUE(state.ok()) << state.error().message;
    return state.ok() ? *state : "";
  }

  static constexpr std::int64_t kNow = 1'800'000'000'000;
  std::filesystem::path dir_;
  PluginHost host_;
  std::unique_ptr<Storage> storage_;
  std::optional<Session> session_;
  std::int64_t workspace_ = 0;
  std::int64_t other_workspace_ = 0;
};

TEST_F(OAuthStatesTest, AStateWorksOnceAndReturnsItsData) {
  const OAuthStateBinding binding{workspace_, std::nullopt, "hubspot"};
  const auto state = create(binding);
  EXPECT_EQ(state.size(), 64u);
  auto data = consume_oauth_state(*session_, state, binding, kNow + 1000);
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ((*data)->getValue<std::string>("redirect_uri"), "http://127.0.0.1:9/cb");
  auto again = consume_oauth_state(*session_, state, binding, kNow + 2000);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(again.error().message, HasSubstr("already used"));
}

TEST_F(OAuthStatesTest, StatesAreRandomAndOnlyTheirHashIsStored) {
  const OAuthStateBinding binding{workspace_, std::nullopt, "hubspot"};
  const auto first = create(binding);
  const auto second = create(binding);
  EXPECT_NE(first, second);
  auto rows = session_->find("oauth_states");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) {
    EXPECT_NE(row->getValue<std::string>("state_hash"), first);
    EXPECT_NE(row->getValue<std::string>("state_hash"), second);
  }
}

TEST_F(OAuthStatesTest, AnUnknownOrEmptyStateIsRefused) {
  const OAuthStateBinding binding{workspace_, std::nullopt, "hubspot"};
  create(binding);
  auto unknown = consume_oauth_state(*session_, std::string(64, 'a'), binding, kNow);
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message, HasSubstr("unknown"));
  auto empty = consume_oauth_state(*session_, "", binding, kNow);
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.error().message, HasSubstr("no state"));
}

TEST_F(OAuthStatesTest, AStateExpiresAfterTenMinutes) {
  const OAuthStateBinding binding{workspace_, std::nullopt, "hubspot"};
  const auto fresh = create(binding);
  EXPECT_TRUE(consume_oauth_state(*session_, fresh, binding, kNow + kOAuthStateLifetimeMs - 1).ok());
  const auto stale = create(binding);
  auto expired = consume_oauth_state(*session_, stale, binding, kNow + kOAuthStateLifetimeMs);
  ASSERT_FALSE(expired.ok());
  EXPECT_THAT(expired.error().message, HasSubstr("expired"));
}

TEST_F(OAuthStatesTest, AForeignStateIsRefusedAndStaysUsable) {
  const OAuthStateBinding binding{workspace_, std::int64_t{7}, "hubspot"};
  const auto state = create(binding);
  for (const OAuthStateBinding& foreign : {OAuthStateBinding{other_workspace_, std::int64_t{7}, "hubspot"},
                                           OAuthStateBinding{workspace_, std::int64_t{8}, "hubspot"},
                                           OAuthStateBinding{workspace_, std::nullopt, "hubspot"},
                                           OAuthStateBinding{workspace_, std::int64_t{7}, "github"}}) {
    auto refused = consume_oauth_state(*session_, state, foreign, kNow);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.error().message, HasSubstr("another workspace, user or plugin"));
  }
  EXPECT_TRUE(consume_oauth_state(*session_, state, binding, kNow).ok());
}

TEST_F(OAuthStatesTest, TwoSessionsCannotBothUseOneState) {
  const OAuthStateBinding binding{workspace_, std::nullopt, "hubspot"};
  const auto state = create(binding);
  auto second_session = storage_->open_session();
  ASSERT_TRUE(second_session.ok());
  std::atomic<int> accepted{0};
  std::thread other([&] {
    if (consume_oauth_state(*second_session, state, binding, kNow).ok()) ++accepted;
  });
  if (consume_oauth_state(*session_, state, binding, kNow).ok()) ++accepted;
  other.join();
  EXPECT_EQ(accepted.load(), 1);
}

}  // namespace
}  // namespace hsd::engine
