// retention.snapshots: how many earlier snapshots each connection keeps (default 10, 0 keeps
// none), and bad values named with their place and key path.
#include <gmock/gmock.h>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST_F(ConfigTest, RetentionKeepsTenSnapshotsUnlessTold) {
  auto config = load(kMinimal);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->retention_snapshots, 10);
  auto three = load(std::string(kMinimal) + "retention:\n  snapshots: 3\n");
  ASSERT_TRUE(three.ok()) << three.error().message;
  EXPECT_EQ(three->retention_snapshots, 3);
  auto none = load(std::string(kMinimal) + "retention:\n  snapshots: 0\n");
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->retention_snapshots, 0);
}

TEST_F(ConfigTest, ABadRetentionNamesItsPlaceAndKey) {
  for (const std::string bad : {"-1", "ten", "2.5", "1001"}) {
    auto config = load(std::string(kMinimal) + "retention:\n  snapshots: " + bad + "\n");
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_THAT(config.error().message, StartsWith(at(3, 14) + "key path 'retention.snapshots': ")) << bad;
    EXPECT_THAT(config.error().message, HasSubstr("got '" + bad + "'"));
  }
  auto unknown = load(std::string(kMinimal) + "retention:\n  backups: 3\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message, HasSubstr("retention.backups"));
}

}  // namespace
}  // namespace hsd::engine::testing
