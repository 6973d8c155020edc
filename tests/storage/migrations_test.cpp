// Schema migrations: reopening is idempotent and keeps data; a newer store is refused.
#include "storage_fixture.hpp"

namespace hsd::test {

TEST_P(StorageTest, ReopeningAppliesNothingTwiceAndKeepsData) {
  const auto ws = workspace("survives");
  for (int round = 0; round < 2; ++round) {
    engine::PluginHost host;
    auto plugin = load_again(host);
    ASSERT_TRUE(plugin.ok()) << plugin.error().message;
    engine::Storage again((*plugin)->storage(), (*plugin)->instance());
    auto session = again.open_session();
    ASSERT_TRUE(session.ok()) << session.error().message;
    auto row = session->get("workspaces", ws);
    ASSERT_TRUE(row.ok()) << row.error().message;
    EXPECT_EQ((*row)->getValue<std::string>("name"), "survives");
    // The schema still works after the reopen.
    EXPECT_TRUE(session->insert("workspaces", *obj(R"({"name":"round)" + std::to_string(round) + R"("})")).ok());
  }
  EXPECT_EQ(db().find("workspaces")->size(), 3u);
}

TEST_P(StorageTest, AStoreFromANewerVersionIsRefused) {
  GetParam().mark_newer_schema(config_);
  engine::PluginHost host;
  auto plugin = load_again(host);
  ASSERT_FALSE(plugin.ok());
  EXPECT_NE(plugin.error().message.find("9999"), std::string::npos) << plugin.error().message;
  EXPECT_NE(plugin.error().message.find("newer"), std::string::npos) << plugin.error().message;
}

}  // namespace hsd::test
