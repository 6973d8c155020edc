// sqlite only: a writer that waits beyond busy_timeout_ms gets UNAVAILABLE, marked retryable,
// and succeeds once the lock holder is done. (Not part of the conformance suite: how long a
// store waits is each plugin's own configuration.)
#include <stdlib.h>

#include "storage_fixture.hpp"

namespace hsd::test {

TEST(SqliteStorage, BusyBeyondTheTimeoutIsUnavailableAndRetryable) {
  std::string pattern = (std::filesystem::temp_directory_path() / "hsd_busy_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  const std::string config =
      R"({"plugin":"sqlite","busy_timeout_ms":50,"path":")" + (dir / "busy.db").string() + R"("})";
  {
    engine::PluginHost host;
    auto plugin = host.load(std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so", config);
    ASSERT_TRUE(plugin.ok()) << plugin.error().message;
    engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
    auto holder = storage.open_session();
    auto waiter = storage.open_session();
    ASSERT_TRUE(holder.ok() && waiter.ok());
    {
      auto tx = engine::Transaction::begin(*holder);
      ASSERT_TRUE(tx.ok()) << tx.error().message;
      auto blocked = waiter->insert("workspaces", *obj(R"({"name":"late"})"));
      ASSERT_FALSE(blocked.ok());
      EXPECT_EQ(blocked.error().code, engine::ErrorCode::unavailable) << blocked.error().message;
      EXPECT_TRUE(blocked.error().retryable);
      ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_TRUE(waiter->insert("workspaces", *obj(R"({"name":"late"})")).ok());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace hsd::test
