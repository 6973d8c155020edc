// storage.migrate: auto (the default) or manual, passed to the storage plugin as "migrate";
// anything else, "inspect" (the engine's own, for hsdeploy storage status) included, is an
// error naming the file, line, column and key path. HSD_STORAGE_MIGRATE overrides it.
#include <gmock/gmock.h>
#include <Poco/JSON/Parser.h>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string migrate_passed(const EngineConfig& config) {
  auto storage = Poco::JSON::Parser().parse(config.plugin_config_json("sqlite")).extract<Poco::JSON::Object::Ptr>();
  return storage->optValue<std::string>("migrate", "<absent>");
}

TEST_F(ConfigTest, MigrateIsAutoUnlessToldAndReachesTheStoragePlugin) {
  auto config = load(kMinimal);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.migrate, "auto");
  EXPECT_EQ(migrate_passed(*config), "auto");
  auto manual = load("storage:\n  plugin: sqlite\n  path: var/db.sqlite\n  migrate: manual\n");
  ASSERT_TRUE(manual.ok()) << manual.error().message;
  EXPECT_EQ(manual->storage.migrate, "manual");
  EXPECT_EQ(migrate_passed(*manual), "manual");
}

TEST_F(ConfigTest, TheEnvironmentOverridesMigrate) {
  auto config = load(kMinimal, Environment{{"HSD_STORAGE_MIGRATE", "manual"}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.migrate, "manual");
}

TEST_F(ConfigTest, ABadMigrateNamesItsPlaceAndKey) {
  for (const std::string bad : {"inspect", "yes", "Auto", "\"\""}) {
    auto config = load("storage:\n  plugin: sqlite\n  path: var/db.sqlite\n  migrate: " + bad + "\n");
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_EQ(config.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(config.error().message, StartsWith(at(4, 12) + "key path 'storage.migrate': ")) << bad;
    EXPECT_THAT(config.error().message, HasSubstr("expected auto or manual")) << bad;
  }
}

}  // namespace
}  // namespace hsd::engine::testing
