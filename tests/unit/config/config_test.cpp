#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_fixture.hpp"

namespace hsd::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST_F(ConfigTest, ReadsEveryKeyOfAGoodFile) {
  auto config = load(R"(storage:
  plugin: sqlite
  path: var/app.db
plugins: { dir: out/plugins }
pipelines: { dir: /etc/hsd/pipelines }
secrets: { key_file: var/key }
service:
  listen: "0.0.0.0:9090"
  workers: 12
  public_url: https://hsd.example.com
log: { level: debug, format: json }
connectors:
  hubspot:
    client_id: "123"
    api_base_url: https://api.example.test
    enabled: true
    page_size: 50
    ratio: 0.5
    scopes: [a, b]
    nested: { x: 1 }
    empty:
)");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->file, file_);
  EXPECT_EQ(config->root, root_);
  EXPECT_EQ(config->storage.plugin, "sqlite");
  EXPECT_EQ(config->storage.path, root_ / "var" / "app.db");
  EXPECT_EQ(config->plugins_dir, root_ / "out" / "plugins");
  EXPECT_EQ(config->pipelines_dir, std::filesystem::path("/etc/hsd/pipelines"));
  EXPECT_EQ(config->key_file, root_ / "var" / "key");
  EXPECT_EQ(config->service.listen, "0.0.0.0:9090");
  EXPECT_EQ(config->service.workers, 12);
  EXPECT_EQ(config->service.public_url, "https://hsd.example.com");
  EXPECT_EQ(config->log.level, log::Level::debug);
  EXPECT_EQ(config->log.format, log::Format::json);

  auto hubspot = parse_object(config->plugin_config_json("hubspot"));
  EXPECT_TRUE(hubspot->get("client_id").isString());
  EXPECT_EQ(hubspot->getValue<std::string>("client_id"), "123");
  EXPECT_EQ(hubspot->getValue<std::string>("api_base_url"), "https://api.example.test");
  EXPECT_TRUE(hubspot->get("enabled").isBoolean());
  EXPECT_TRUE(hubspot->getValue<bool>("enabled"));
  EXPECT_TRUE(hubspot->get("page_size").isInteger());
  EXPECT_EQ(hubspot->getValue<int>("page_size"), 50);
  EXPECT_DOUBLE_EQ(hubspot->getValue<double>("ratio"), 0.5);
  ASSERT_TRUE(hubspot->isArray("scopes"));
  EXPECT_EQ(hubspot->getArray("scopes")->size(), 2u);
  EXPECT_EQ(hubspot->getArray("scopes")->getElement<std::string>(1), "b");
  EXPECT_EQ(hubspot->getObject("nested")->getValue<int>("x"), 1);
  EXPECT_TRUE(hubspot->isNull("empty"));
}

TEST_F(ConfigTest, StorageJsonCarriesTheAbsolutePath) {
  auto config = load(kMinimal);
  ASSERT_TRUE(config.ok()) << config.error().message;
  auto storage = parse_object(config->plugin_config_json("sqlite"));
  EXPECT_EQ(storage->getValue<std::string>("plugin"), "sqlite");
  EXPECT_EQ(storage->getValue<std::string>("path"), (root_ / "var" / "db.sqlite").string());
  EXPECT_EQ(storage->getValue<std::string>("dsn"), "");
  EXPECT_EQ(config->storage_json(), config->plugin_config_json("sqlite"));
  EXPECT_EQ(config->plugin_config_json("unconfigured"), "{}");
}

TEST_F(ConfigTest, DefaultsApplyToOmittedSections) {
  auto config = load(kMinimal);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->plugins_dir, root_ / "build" / "plugins");
  EXPECT_EQ(config->pipelines_dir, root_ / "config" / "pipelines");
  EXPECT_EQ(config->key_file, root_ / "var" / "secret.key");
  EXPECT_EQ(config->service.workers, ServiceConfig{}.workers);
  EXPECT_EQ(config->service.listen, ServiceConfig{}.listen);
}

TEST_F(ConfigTest, RelativePathsResolveAgainstTheFilesFoldersParent) {
  auto config = load(
      "storage: { plugin: sqlite, path: ../elsewhere/./db.sqlite }\n"
      "plugins: { dir: plugins }\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.path, root_.parent_path() / "elsewhere" / "db.sqlite");
  EXPECT_EQ(config->plugins_dir, root_ / "plugins");
}

TEST_F(ConfigTest, PostgresTakesADsn) {
  auto config = load("storage: { plugin: postgres, dsn: \"host=db dbname=hsd\" }\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.dsn, "host=db dbname=hsd");
  auto storage = parse_object(config->plugin_config_json("postgres"));
  EXPECT_EQ(storage->getValue<std::string>("dsn"), "host=db dbname=hsd");
  EXPECT_FALSE(storage->has("pool_size"));
}

TEST_F(ConfigTest, PostgresPoolSizeReachesThePlugin) {
  auto config = load("storage: { plugin: postgres, dsn: \"host=db\", pool_size: 12 }\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->storage.pool_size, 12);
  auto storage = parse_object(config->plugin_config_json("postgres"));
  EXPECT_EQ(storage->getValue<int>("pool_size"), 12);
}

struct BadCase {
  const char* name;
  const char* yaml;
  int line;
  int column;
  const char* key_path;
  const char* what;
};

class BadConfigTest : public ConfigTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(BadConfigTest, NamesFileLineColumnAndKeyPath) {
  const BadCase& bad = GetParam();
  auto config = load(bad.yaml);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(config.error().message,
              StartsWith(at(bad.line, bad.column) + "key path '" + bad.key_path + "': "));
  EXPECT_THAT(config.error().message, HasSubstr(bad.what));
}

INSTANTIATE_TEST_SUITE_P(
    Config, BadConfigTest,
    ::testing::Values(
        BadCase{
            "UnknownTopLevelKey", "storage: { plugin: sqlite, path: x }\nstorag: {}\n", 2, 1,
            "storag",
            "unknown key; allowed: storage, plugins, pipelines, secrets, service, log, compare, retention, connectors"},
        BadCase{"UnknownNestedKey", "storage: { plugin: sqlite, path: x }\nservice:\n  listn: x\n",
                3, 3, "service.listn", "unknown key; allowed: listen, workers, public_url"},
        BadCase{"DuplicateKey", "storage: { plugin: sqlite, path: x, path: y }\n", 1, 37,
                "storage.path", "duplicate key"},
        BadCase{"SectionOfWrongType", "storage: [sqlite]\n", 1, 10, "storage",
                "expected a mapping, got a list"},
        BadCase{"ValueOfWrongType", "storage: { plugin: sqlite, path: [a, b] }\n", 1, 34,
                "storage.path", "expected a scalar, got a list"},
        BadCase{"ConnectorOfWrongType",
                "storage: { plugin: sqlite, path: x }\nconnectors:\n  hubspot: 3\n", 3, 12,
                "connectors.hubspot", "expected a mapping, got a scalar"},
        BadCase{"WorkersZero", "storage: { plugin: sqlite, path: x }\nservice: { workers: 0 }\n", 2,
                21, "service.workers", "expected an integer from 1 to 256, got '0'"},
        BadCase{"WorkersTooMany",
                "storage: { plugin: sqlite, path: x }\nservice: { workers: 257 }\n", 2, 21,
                "service.workers", "got '257'"},
        BadCase{"WorkersNotANumber",
                "storage: { plugin: sqlite, path: x }\nservice: { workers: four }\n", 2, 21,
                "service.workers", "got 'four'"},
        BadCase{"ListenWithoutPort",
                "storage: { plugin: sqlite, path: x }\nservice: { listen: localhost }\n", 2, 20,
                "service.listen", "expected host:port"},
        BadCase{"ListenPortTooLarge",
                "storage: { plugin: sqlite, path: x }\nservice: { listen: \"127.0.0.1:70000\" }\n",
                2, 20, "service.listen", "expected host:port"},
        BadCase{"PublicUrlNotHttp",
                "storage: { plugin: sqlite, path: x }\nservice: { public_url: ftp://x }\n", 2, 24,
                "service.public_url", "expected an http:// or https:// URL"},
        BadCase{"SqliteWithoutPath", "plugins: { dir: p }\nstorage:\n  plugin: sqlite\n", 3, 3,
                "storage.path", "required when storage.plugin is sqlite"},
        BadCase{"PoolSizeZero", "storage: { plugin: postgres, dsn: x, pool_size: 0 }\n", 1, 49,
                "storage.pool_size", "expected an integer from 1 to 1000"},
        BadCase{"PostgresWithoutDsn", "storage:\n  plugin: postgres\n", 2, 3, "storage.dsn",
                "required when storage.plugin is postgres"},
        BadCase{"BadLogLevel", "storage: { plugin: sqlite, path: x }\nlog: { level: loud }\n", 2,
                15, "log.level", "got 'loud'"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST_F(ConfigTest, SyntaxErrorNamesFileLineAndColumn) {
  auto config = load("storage:\n  plugin: [sqlite\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::invalid_argument);
  EXPECT_THAT(config.error().message, StartsWith(file_.string() + ":"));
}

TEST_F(ConfigTest, MissingFileIsNotFound) {
  auto config = load_config(root_ / "config" / "absent.yaml", {});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::not_found);
  EXPECT_THAT(config.error().message, HasSubstr("absent.yaml"));
}

TEST(ShippedConfig, LoadsWithoutOverrides) {
  const std::filesystem::path file =
      std::filesystem::path(HSD_SOURCE_DIR) / "config" / "engine.yaml";
  auto config = load_config(file, {});
  ASSERT_TRUE(config.ok()) << config.error().message;
  const std::filesystem::path root = std::filesystem::path(HSD_SOURCE_DIR).lexically_normal();
  EXPECT_EQ(config->storage.plugin, "sqlite");
  EXPECT_EQ(config->storage.path, root / "var" / "hsdeploy.db");
  EXPECT_EQ(config->plugins_dir, root / "build" / "release" / "plugins");
  EXPECT_EQ(config->pipelines_dir, root / "config" / "pipelines");
  EXPECT_EQ(config->key_file, root / "var" / "secret.key");
  EXPECT_EQ(config->service.listen, "127.0.0.1:8080");
  EXPECT_EQ(config->service.workers, 4);
  auto hubspot = parse_object(config->plugin_config_json("hubspot"));
  EXPECT_EQ(hubspot->getValue<std::string>("api_base_url"), "https://api.hubapi.com");
  EXPECT_EQ(hubspot->getValue<std::string>("auth_base_url"), "https://app.hubspot.com");
  EXPECT_EQ(hubspot->getValue<std::string>("client_id"), "");
  EXPECT_TRUE(hubspot->isArray("scopes"));
  EXPECT_TRUE(hubspot->isArray("optional_scopes"));
  auto github = parse_object(config->plugin_config_json("github"));
  EXPECT_EQ(github->getValue<std::string>("api_base_url"), "https://api.github.com");
  EXPECT_EQ(github->getValue<std::string>("web_base_url"), "https://github.com");
  EXPECT_EQ(github->getValue<std::string>("client_secret"), "");
}

}  // namespace
}  // namespace hsd::engine::testing
