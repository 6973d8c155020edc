// The example configurations under config/examples/ must load as shipped: an operator copies
// them, and a key the loader refuses would stop every engine started from one.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

TEST(ExampleConfig, PostgresEngineLoadsWithoutOverrides) {
  const auto file = std::filesystem::path(HSD_SOURCE_DIR) / "config" / "examples" / "engine.postgres.yaml";
  auto config = load_config(file, {});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.plugin, "postgres");
  EXPECT_NE(config->storage.dsn.find("sslmode=verify-full"), std::string::npos) << config->storage.dsn;
  EXPECT_EQ(config->storage.dsn.find("password"), std::string::npos) << "the example keeps the password out";
  EXPECT_GE(config->storage.pool_size, config->service.threads + config->service.workers + 4);
  EXPECT_EQ(config->storage.migrate, "manual");
  EXPECT_EQ(config->key_file, "/var/lib/hsdeploy/secret.key");
  EXPECT_EQ(config->service.public_url, "https://hsdeploy.example.com");
  EXPECT_EQ(config->service.workers, 4);
  EXPECT_EQ(config->plugins_dir, "/opt/hsdeploy/plugins");
  const auto storage = Poco::JSON::Parser().parse(config->storage_json()).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(storage->getValue<std::string>("migrate"), "manual");
  EXPECT_EQ(storage->getValue<int>("pool_size"), 32);
}

}  // namespace
}  // namespace hsd::engine::testing
