// A plugin the engine has never seen, with an unusual connect (an API key declared secret, a
// subdomain, an integer region), connects over REST and the CLI and retrieves through the stock
// pipelines with no engine change; every bad form of its connect names the field and stores
// nothing; and its secret never appears in a log line at any level, an error, an audit record
// or an answer, though the plugin itself logs it and quotes it in its refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "service_harness.hpp"
#include "service_waits.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kKey = "oddk_s3cr3t-Value-0123456789";
constexpr const char* kRefusedKey = "nope_r3fused-Value-0123456789";

// plugins.dir for these tests: SQLite, the test plugin, and HubSpot (whose flow parameters
// REST must refuse), linked from where the build put them.
std::filesystem::path plugin_dir(const std::filesystem::path& scratch) {
  const auto dir = scratch / "odd-plugins";
  std::filesystem::create_directories(dir);
  for (const auto& file : {std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_sqlite.so",
                           std::filesystem::path(HSD_PLUGIN_DIR) / "libhsd_hubspot.so",
                           std::filesystem::path(HSD_TEST_PLUGIN_DIR) / "libhsd_odd_source.so"}) {
    std::filesystem::remove(dir / file.filename());
    std::filesystem::create_symlink(file, dir / file.filename());
  }
  return dir;
}

class OddPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = {{"HSD_PLUGINS_DIR", plugin_dir(service_.cli().dir()).string()}, {"HSD_LOG_LEVEL", "trace"}};
    owner_ = service_.bootstrap("odd", "owner@odd.test");
    service_.start(env_);
    ws_ = "/api/v1/workspaces/" + std::to_string(owner_.workspace_id);
  }

  // Every answer goes through here, so that the secret check sees all of them.
  HttpReply call(const std::string& method, const std::string& path, const std::string& body = "{}") {
    auto reply = service_.api().request(method, path, owner_.token, method == "GET" ? std::nullopt
                                                                                    : std::optional<std::string>(body));
    answers_ += reply.body + "\n";
    return reply;
  }

  std::size_t connection_count() { return call("GET", ws_ + "/connections").array()->size(); }

  ServiceUnderTest service_{"odd_plugin"};
  std::map<std::string, std::string> env_;
  Bootstrapped owner_;
  std::string ws_;
  std::string answers_;
};

TEST_F(OddPluginTest, PluginsDescribesItsConnectFormFromItsDeclaration) {
  auto reply = call("GET", "/api/v1/plugins");
  ASSERT_EQ(reply.status, 200) << reply.body;
  Poco::JSON::Object::Ptr odd;
  for (std::size_t i = 0; i < reply.array()->size(); ++i) {
    auto plugin = reply.array()->getObject(static_cast<unsigned>(i));
    EXPECT_NE(plugin->getValue<std::string>("kind"), "storage");
    if (plugin->getValue<std::string>("id") == "odd_source") odd = plugin;
  }
  ASSERT_TRUE(odd) << reply.body;
  EXPECT_EQ(odd->getValue<std::string>("display_name"), "Odd Sites");
  EXPECT_EQ(odd->getValue<std::string>("noun"), "odd site");
  EXPECT_EQ(odd->getArray("flows")->size(), 0u);
  auto params = odd->getArray("connect_params");
  ASSERT_EQ(params->size(), 3u);
  auto key = params->getObject(0), subdomain = params->getObject(1), region = params->getObject(2);
  EXPECT_EQ(key->getValue<std::string>("name"), "api_key");
  EXPECT_TRUE(key->getValue<bool>("secret"));
  EXPECT_TRUE(key->getValue<bool>("required"));
  EXPECT_EQ(subdomain->getValue<std::string>("name"), "subdomain");
  EXPECT_FALSE(subdomain->getValue<bool>("secret"));
  EXPECT_TRUE(subdomain->getValue<bool>("required"));
  EXPECT_EQ(region->getValue<std::string>("type"), "integer");
  EXPECT_FALSE(region->getValue<bool>("required"));
  EXPECT_EQ(region->getValue<int>("default"), 1);
  EXPECT_EQ(odd->getArray("auth_types")->getObject(0)->getValue<std::string>("label"), "API key");
  EXPECT_EQ(odd->getArray("object_types")->size(), 2u);
  // Its object types as its manifest describes them, in its declared order.
  auto types = odd->getArray("metadata_types");
  ASSERT_EQ(types->size(), 2u);
  auto gizmos = types->getObject(0);
  EXPECT_EQ(gizmos->getValue<std::string>("type"), "gizmos");
  EXPECT_EQ(gizmos->getValue<std::string>("label"), "Gizmos");
  auto summary = gizmos->getArray("summary");
  ASSERT_EQ(summary->size(), 4u);
  EXPECT_EQ(summary->getObject(1)->getValue<std::string>("pointer"), "/dimensions/w~1h");
  EXPECT_EQ(summary->getObject(2)->getValue<std::string>("item"), "/part_name");
  EXPECT_FALSE(summary->getObject(0)->has("item"));
  EXPECT_EQ(types->getObject(1)->getValue<std::string>("label"), "Doohickeys");

  // HubSpot's OAuth flow shows as a flow; its code and redirect URI are not form fields.
  for (std::size_t i = 0; i < reply.array()->size(); ++i) {
    auto plugin = reply.array()->getObject(static_cast<unsigned>(i));
    if (plugin->getValue<std::string>("id") != "hubspot") continue;
    EXPECT_EQ(plugin->getArray("flows")->getElement<std::string>(0), "oauth");
    ASSERT_EQ(plugin->getArray("connect_params")->size(), 1u);
    EXPECT_EQ(plugin->getArray("connect_params")->getObject(0)->getValue<std::string>("name"), "private_app_token");
  }
}

TEST_F(OddPluginTest, ConnectsOverRestAndRetrievesThroughTheStockPipelines) {
  auto created = call("POST", ws_ + "/connections",
                      std::string(R"({"plugin":"odd_source","api_key":")") + kKey + R"(","subdomain":"acme","region":3})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = created.json()->getValue<std::int64_t>("id");
  EXPECT_EQ(created.json()->getValue<std::string>("label"), "acme.odd.test");
  EXPECT_EQ(created.json()->getValue<std::string>("account_id"), "acme-3");
  EXPECT_EQ(created.json()->getValue<std::string>("auth_type"), "api_key");
  ASSERT_TRUE(poll_until([&] { return call("GET", connection_path(id)).json()->getValue<std::string>("status") == "completed"; },
                         "the first retrieval of the odd site", std::chrono::seconds(30)));
  auto page = call("GET", connection_path(id) + "/metadata?type=gizmos");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json()->getArray("items")->size(), 3u);
  auto object = call("GET", connection_path(id) + "/metadata/doohickeys/doohickeys-2");
  ASSERT_EQ(object.status, 200) << object.body;
  EXPECT_EQ(object.json()->getObject("data")->getValue<std::string>("name"), "Odd doohickeys-2");
  // The fields its summaries point at are in what it emitted, exactly as emitted.
  auto raw = call("GET", connection_path(id) + "/metadata/gizmos/gizmos-1/raw");
  ASSERT_EQ(raw.status, 200) << raw.body;
  EXPECT_EQ(raw.body, R"({"id":"gizmos-1","name":"Odd gizmos-1","colour":"teal","dimensions":{"w/h":"1x2"},)"
                      R"("parts":[{"part_name":"sprocket-1","qty":2},{"part_name":"flange-1","qty":1}],"working":true})");
  auto types = call("GET", connection_path(id) + "/metadata/types");
  ASSERT_EQ(types.status, 200) << types.body;
  auto listed = types.json()->getArray("types");
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->getObject(0)->getValue<std::string>("label"), "Gizmos");
  EXPECT_EQ(listed->getObject(0)->getValue<int>("count"), 3);
  EXPECT_EQ(listed->getObject(1)->getValue<std::string>("type"), "doohickeys");
  EXPECT_EQ(listed->getObject(1)->getValue<int>("count"), 3);

  // The CLI connects the same plugin from its declared parameters, at every log level.
  for (const char* level : {"trace", "debug", "info", "warn", "error"}) {
    auto env = env_;
    env["HSD_LOG_LEVEL"] = level;
    const std::string subdomain = std::string("cli-") + level;
    auto connected = service_.cli().run({"connect", "odd_source", "--api-key", kKey, "--subdomain", subdomain,
                                         "--region", "2", "--workspace", "odd", "--output", "json"}, env);
    ASSERT_EQ(connected.exit_code, 0) << connected.err;
    EXPECT_THAT(connected.out + connected.err, Not(HasSubstr(kKey))) << level;
    auto run = service_.cli().run({"run", "retrieve", "--connection", subdomain + ".odd.test"}, env);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_THAT(run.out + run.err, Not(HasSubstr(kKey))) << level;
    auto refused = service_.cli().run({"connect", "odd_source", "--api-key", kRefusedKey, "--subdomain", subdomain}, env);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("was refused by " + subdomain + ".odd.test"));
    EXPECT_THAT(refused.out + refused.err, Not(HasSubstr(kRefusedKey))) << level;
  }
  auto audit = call("GET", ws_ + "/audit?limit=200");
  ASSERT_EQ(audit.status, 200) << audit.body;
  auto stopped = service_.terminate();
  EXPECT_THAT(stopped.err, HasSubstr("with key [redacted]"));  // the plugin's own careless line, at trace
  EXPECT_THAT(stopped.err + answers_, Not(HasSubstr(kKey)));
}

TEST_F(OddPluginTest, BadFormsOfItsConnectNameTheFieldAndStoreNothing) {
  struct Case {
    std::string body, field, message;
  };
  const std::string key = std::string(R"("api_key":")") + kKey + "\"";
  const std::vector<Case> cases = {
      {R"({"plugin":"odd_source",)" + key + R"(,"subdomain":"a","apikey":"x"})", "apikey",
       "unknown field for plugin 'odd_source'; allowed: plugin, label, api_key, subdomain, region"},
      {R"({"plugin":"odd_source",)" + key + "}", "subdomain", "is required to connect Odd Sites"},
      {R"({"plugin":"odd_source","subdomain":"a"})", "api_key", "is required to connect Odd Sites"},
      {R"({"plugin":"odd_source",)" + key + R"(,"subdomain":"a","region":"3"})", "region", "must be an integer"},
      {R"({"plugin":"odd_source",)" + key + R"(,"subdomain":"a","region":true})", "region", "must be an integer"},
      {R"({"plugin":"odd_source",)" + key + R"(,"subdomain":7})", "subdomain", "must be a string"},
      {R"({"plugin":"odd_source","api_key":"","subdomain":"a"})", "api_key", "must not be empty"},
      {R"({"plugin":"odd_source",)" + key + R"(,"subdomain":"a","label":" "})", "label", "must not be blank"},
      {R"({"plugin":"odd_sauce"})", "plugin", "no plugin 'odd_sauce' that can connect"},
      {R"({"api_key":"x"})", "plugin", "is required"},
      // A flow's parameters stay behind their flow: no skipping the OAuth state check.
      {R"({"plugin":"hubspot","code":"stolen-code","redirect_uri":"http://127.0.0.1:1/cb"})", "code",
       "cannot be given directly: it belongs to the oauth flow (start it at /api/v1/oauth/hubspot/start)"},
      // The provider (here the plugin) refusing the key is about the secret field.
      {std::string(R"({"plugin":"odd_source","api_key":")") + kRefusedKey + R"(","subdomain":"a"})", "api_key",
       "was refused by a.odd.test"},
  };
  for (const auto& c : cases) {
    auto reply = call("POST", ws_ + "/connections", c.body);
    EXPECT_EQ(reply.status, 422) << c.body << " -> " << reply.body;
    EXPECT_EQ(reply.error_field(), c.field) << c.body;
    EXPECT_THAT(reply.error_message(), HasSubstr(c.message)) << c.body;
  }
  EXPECT_EQ(connection_count(), 0u);
  auto stopped = service_.terminate();
  EXPECT_THAT(stopped.err + answers_, Not(HasSubstr(kKey)));
  EXPECT_THAT(stopped.err + answers_, Not(HasSubstr(kRefusedKey)));
}

}  // namespace
}  // namespace hsd::testing
