// `hsdeploy connect PLUGIN`'s options come from the plugin's declared connect parameters
// (ABI 1.2 flags): flow parameters are never options, direct_required ones are required unless
// --oauth or --device is chosen, and values take the declared type. A fake plugin declares
// them like the odd_source test plugin, plus the flows' parameters.
#include "cli/connect_options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace hsd::engine::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

class FakePlugin : public Plugin {
 public:
  explicit FakePlugin(std::vector<ActionInfo> actions) : actions_(std::move(actions)) {
    manifest_.display_name = "Odd Source";
  }
  const std::string& id() const override { return id_; }
  const std::string& version() const override { return id_; }
  const std::string& kind() const override { return kind_; }
  const std::string& description() const override { return id_; }
  const std::filesystem::path& file() const override { return file_; }
  unsigned abi_major() const override { return 1; }
  unsigned abi_minor() const override { return 2; }
  const std::vector<ActionInfo>& actions() const override { return actions_; }
  const std::vector<std::string>& object_types() const override { return types_; }
  const PluginManifest& manifest() const override { return manifest_; }
  Status invoke(CallContext&, std::string_view, std::string_view) override {
    return make_error(ErrorCode::unsupported, "a fake does not run");
  }
  const hsd_storage_api* storage() const override { return nullptr; }
  void* instance() const override { return nullptr; }

 private:
  std::string id_ = "odd_source";
  std::string kind_ = "source";
  std::filesystem::path file_;
  std::vector<ActionInfo> actions_;
  std::vector<std::string> types_;
  PluginManifest manifest_;
};

ParamInfo param(std::string name, std::string type, std::string description, bool secret = false, bool flow = false,
                bool direct_required = false) {
  ParamInfo p;
  p.name = std::move(name);
  p.type = std::move(type);
  p.description = std::move(description);
  p.secret = secret;
  p.flow = flow;
  p.direct_required = direct_required;
  return p;
}

ActionInfo odd_connect(bool with_flows) {
  ActionInfo connect{"connect", "connect an account", {}};
  connect.params = {param("api_key", "string", "The API key", true, false, true),
                    param("subdomain", "string", "The account's subdomain", false, false, true),
                    param("region", "integer", "The region number"),
                    param("label", "string", "A label")};
  if (with_flows) {
    connect.params.push_back(param("code", "string", "The OAuth code", true, true));
    connect.params.push_back(param("redirect_uri", "string", "The redirect URI", false, true));
    connect.params.push_back(param("device_code", "string", "The device code", true, true));
  }
  return connect;
}

FakePlugin plugin_with(const ActionInfo& connect, bool with_flows) {
  std::vector<ActionInfo> actions{connect};
  if (with_flows) {
    actions.push_back({"oauth_start", "", {}});
    actions.push_back({"device_start", "", {}});
  }
  return FakePlugin(actions);
}

bool has(const CommandSpec& spec, const std::string& name) {
  return std::any_of(spec.options.begin(), spec.options.end(), [&](const OptionSpec& o) { return o.name == name; });
}

TEST(ConnectOptions, DirectParametersAreOptionsAndFlowParametersNever) {
  const ActionInfo connect = odd_connect(true);
  const FakePlugin plugin = plugin_with(connect, true);
  const ConnectOptions options = connect_options(plugin, connect);
  EXPECT_TRUE(options.can_oauth);
  EXPECT_TRUE(options.can_device);
  for (const char* name : {"api-key", "subdomain", "region", "label", "workspace", "oauth", "redirect-uri",
                           "oauth-timeout", "device"}) {
    EXPECT_TRUE(has(options.spec, name)) << name;
  }
  EXPECT_FALSE(has(options.spec, "code"));
  EXPECT_FALSE(has(options.spec, "device-code"));
  EXPECT_EQ(std::count_if(options.spec.options.begin(), options.spec.options.end(),
                          [](const OptionSpec& o) { return o.name == "redirect-uri"; }),
            1);
  const std::string help = command_help(options.spec);
  EXPECT_THAT(help, AllOf(HasSubstr("usage: hsdeploy connect odd_source"), HasSubstr("--api-key VALUE"),
                          HasSubstr("The API key (required unless --oauth or --device)"), HasSubstr("--region N"),
                          HasSubstr("The region number"), Not(HasSubstr("--code")), Not(HasSubstr("device-code"))));
  auto code = parse_command({"--code", "x"}, options.spec);
  ASSERT_FALSE(code.ok());
  EXPECT_THAT(code.error().message, HasSubstr("unknown option '--code'"));
}

TEST(ConnectOptions, DirectRequiredParametersAreRequiredUnlessAFlowIsChosen) {
  const ActionInfo connect = odd_connect(true);
  const FakePlugin plugin = plugin_with(connect, true);
  const ConnectOptions options = connect_options(plugin, connect);
  auto parsed = parse_command({"--subdomain", "acme"}, options.spec);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto missing = direct_params(options, connect, *parsed);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(exit_code_for(missing.error()), 2);
  EXPECT_THAT(missing.error().message,
              HasSubstr("connect odd_source: --api-key is required unless --oauth or --device is given"));
  for (const char* flow : {"--oauth", "--device"}) {
    auto with_flow = parse_command({flow}, options.spec);
    ASSERT_TRUE(with_flow.ok()) << with_flow.error().message;
    EXPECT_TRUE(direct_params(options, connect, *with_flow).ok()) << flow;
  }
}

TEST(ConnectOptions, WithoutFlowsARequiredParameterIsSimplyRequired) {
  const ActionInfo connect = odd_connect(false);
  const FakePlugin plugin = plugin_with(connect, false);
  const ConnectOptions options = connect_options(plugin, connect);
  EXPECT_FALSE(has(options.spec, "oauth"));
  EXPECT_FALSE(has(options.spec, "device"));
  EXPECT_FALSE(parse_command({"--oauth"}, options.spec).ok());
  auto parsed = parse_command({"--api-key", "k"}, options.spec);
  ASSERT_TRUE(parsed.ok());
  auto missing = direct_params(options, connect, *parsed);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("connect odd_source: --subdomain is required (usage:"));
}

TEST(ConnectOptions, ValuesTakeTheDeclaredTypeAndABadOneNamesTheOption) {
  const ActionInfo connect = odd_connect(false);
  const FakePlugin plugin = plugin_with(connect, false);
  const ConnectOptions options = connect_options(plugin, connect);
  auto parsed = parse_command({"--api-key=k", "--subdomain", "acme", "--region", "3", "--label", "L"}, options.spec);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto params = direct_params(options, connect, *parsed);
  ASSERT_TRUE(params.ok()) << params.error().message;
  EXPECT_EQ((*params)->getValue<std::string>("api_key"), "k");
  EXPECT_EQ((*params)->getValue<std::string>("subdomain"), "acme");
  EXPECT_EQ((*params)->getValue<Poco::Int64>("region"), 3);
  EXPECT_FALSE((*params)->has("label"));  // the engine's --label, not a param
  auto bad = parse_command({"--api-key", "k", "--subdomain", "acme", "--region", "eu"}, options.spec);
  ASSERT_TRUE(bad.ok());
  auto refused = direct_params(options, connect, *bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(exit_code_for(refused.error()), 2);
  EXPECT_THAT(refused.error().message, HasSubstr("--region: 'eu' is not an integer"));
}

}  // namespace
}  // namespace hsd::engine::cli
