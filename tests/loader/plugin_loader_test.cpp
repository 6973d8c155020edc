// The plugin host refuses each broken fixture with one line that names the file, the
// plugin and both ABI versions where known, and loads and runs the good one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "hsd/engine/plugin_host.hpp"

namespace {

using hsd::engine::ErrorCode;
using hsd::engine::PluginHost;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::filesystem::path fixture(const std::string& name) {
  return std::filesystem::path(HSD_FIXTURE_DIR) / ("fixture_" + name + ".so");
}

std::string host_abi() {
  return std::to_string(HSD_ABI_VERSION_MAJOR) + "." + std::to_string(HSD_ABI_VERSION_MINOR);
}

std::string refusal(const std::string& name) {
  PluginHost host;
  auto result = host.load(fixture(name));
  EXPECT_FALSE(result.ok()) << name << " was accepted";
  EXPECT_TRUE(host.plugins().empty());
  return result.ok() ? "" : result.error().message;
}

TEST(PluginLoader, LoadsTheGoodPluginAndDescribesIt) {
  PluginHost host;
  auto plugin = host.load(fixture("good"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_EQ((*plugin)->id(), "good");
  EXPECT_EQ((*plugin)->version(), "2.3.4");
  EXPECT_EQ((*plugin)->kind(), "source");
  EXPECT_EQ((*plugin)->abi_major(), unsigned{HSD_ABI_VERSION_MAJOR});
  ASSERT_EQ((*plugin)->actions().size(), 2u);
  const auto* echo = (*plugin)->find_action("echo");
  ASSERT_NE(echo, nullptr);
  ASSERT_EQ(echo->params.size(), 2u);
  EXPECT_TRUE(echo->params[0].required);
  EXPECT_EQ(echo->params[1].type, "integer");
  EXPECT_EQ(echo->params[1].default_json, "1");
  EXPECT_EQ((*plugin)->object_types(), std::vector<std::string>{"things"});
  EXPECT_EQ(host.find("good"), *plugin);
}

TEST(PluginLoader, ReadsParameterFlagsAndTheManifest) {
  PluginHost host;
  auto plugin = host.load(fixture("good"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  const auto* echo = (*plugin)->find_action("echo");
  ASSERT_NE(echo, nullptr);
  EXPECT_TRUE(echo->params[0].secret);
  EXPECT_TRUE(echo->params[0].direct_required);
  EXPECT_FALSE(echo->params[0].flow);
  EXPECT_TRUE(echo->params[1].flow);
  EXPECT_FALSE(echo->params[1].secret);
  const auto& manifest = (*plugin)->manifest();
  EXPECT_EQ(manifest.display_name, "Good Things");
  EXPECT_EQ(manifest.noun, "thing box");
  ASSERT_EQ(manifest.auth_types.size(), 1u);
  EXPECT_EQ(manifest.auth_types[0].value, "key");
  EXPECT_EQ(manifest.auth_types[0].label, "API key");
  EXPECT_EQ(manifest.secret_outputs, std::vector<std::string>{"nonce"});
  ASSERT_EQ(manifest.token_patterns.size(), 1u);
  EXPECT_EQ(manifest.token_patterns[0].prefix, "gt_");
}

TEST(PluginLoader, LoadsAPluginOfAnOlderMinorWithoutFlagsOrManifest) {
  PluginHost host;
  auto plugin = host.load(fixture("old_minor"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  EXPECT_EQ((*plugin)->abi_minor(), 1u);
  const auto* connect = (*plugin)->find_action("connect");
  ASSERT_NE(connect, nullptr);
  ASSERT_EQ(connect->params.size(), 2u);
  EXPECT_EQ(connect->params[1].name, "region");
  EXPECT_EQ(connect->params[1].default_json, "1");
  for (const auto& param : connect->params) {
    EXPECT_FALSE(param.secret || param.flow || param.direct_required) << param.name;
  }
  EXPECT_EQ((*plugin)->manifest().display_name, "old_minor");
  EXPECT_EQ((*plugin)->manifest().noun, "account");
  EXPECT_TRUE((*plugin)->manifest().auth_types.empty());
}

TEST(PluginLoader, RefusesAMalformedManifestNamingTheField) {
  EXPECT_THAT(refusal("bad_manifest"),
              AllOf(HasSubstr("plugin 'bad_manifest'"), HasSubstr("fixture_bad_manifest.so"),
                    HasSubstr("manifest's noun must be a non-empty string")));
}

TEST(PluginLoader, RefusesAManifestDescribingATypeItDoesNotDeclare) {
  EXPECT_THAT(refusal("bad_object_types"),
              AllOf(HasSubstr("plugin 'bad_object_types'"), HasSubstr("fixture_bad_object_types.so"),
                    HasSubstr("manifest's object_types.widgets names a type the plugin does not declare; declared: gadgets")));
}

TEST(PluginLoader, DescribesEveryDeclaredTypeInOrderWithTheManifestsLabelsAndSummaries) {
  PluginHost host;
  auto plugin = host.load(fixture("described_types"));
  ASSERT_TRUE(plugin.ok()) << plugin.error().message;
  const auto& types = (*plugin)->manifest().object_types;
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0].type, "gadgets");
  EXPECT_EQ(types[0].label, "gadgets");
  EXPECT_TRUE(types[0].summary.empty());
  EXPECT_EQ(types[1].type, "gizmos");
  EXPECT_EQ(types[1].label, "Gizmos");
  ASSERT_EQ(types[1].summary.size(), 1u);
  EXPECT_EQ(types[1].summary[0].pointer, "/parts");
  EXPECT_EQ(types[1].summary[0].item, "/name");
}

TEST(PluginLoader, InvokesAnActionAndReturnsItsOutput) {
  PluginHost host;
  auto plugin = host.load(fixture("good"));
  ASSERT_TRUE(plugin.ok());
  hsd::engine::CallContext call;
  auto status = (*plugin)->invoke(call, "echo", R"({"params":{"text":"hi"}})");
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(call.output(), R"({"params":{"text":"hi"}})");
}

TEST(PluginLoader, AnActionThatThrowsBecomesAnInternalError) {
  PluginHost host;
  auto plugin = host.load(fixture("good"));
  ASSERT_TRUE(plugin.ok());
  hsd::engine::CallContext call;
  auto status = (*plugin)->invoke(call, "boom", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::internal);
  EXPECT_THAT(status.error().message, HasSubstr("boom from the fixture"));
}

TEST(PluginLoader, AnUnknownActionIsRefusedWithTheListOfActions) {
  PluginHost host;
  auto plugin = host.load(fixture("good"));
  ASSERT_TRUE(plugin.ok());
  hsd::engine::CallContext call;
  auto status = (*plugin)->invoke(call, "fly", "{}");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::unsupported);
  EXPECT_THAT(status.error().message, AllOf(HasSubstr("'fly'"), HasSubstr("echo, boom")));
}

TEST(PluginLoader, RefusesAMissingFile) {
  PluginHost host;
  auto result = host.load(fixture("not_there"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::not_found);
  EXPECT_THAT(result.error().message, HasSubstr("fixture_not_there.so"));
}

TEST(PluginLoader, RefusesAFileWritableByOthers) {
  const auto copy = std::filesystem::path(::testing::TempDir()) / "fixture_writable.so";
  std::filesystem::copy_file(fixture("good"), copy, std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(::chmod(copy.c_str(), 0777), 0);
  PluginHost host;
  auto result = host.load(copy);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error().message,
              AllOf(HasSubstr(copy.string()), HasSubstr("writable by other users"), HasSubstr("chmod o-w")));
  std::filesystem::remove(copy);
}

TEST(PluginLoader, RefusesALibraryWithUnresolvedSymbols) {
  EXPECT_THAT(refusal("unresolved_symbol"),
              AllOf(HasSubstr("fixture_unresolved_symbol.so"), HasSubstr("could not be loaded"),
                    HasSubstr("hsd_symbol_that_does_not_exist")));
}

TEST(PluginLoader, RefusesALibraryWithoutTheEntrySymbol) {
  EXPECT_THAT(refusal("no_entry"), AllOf(HasSubstr("fixture_no_entry.so"), HasSubstr("hsd_plugin_entry"),
                                         HasSubstr("not an hsdeploy plugin")));
}

TEST(PluginLoader, RefusesABadMagic) {
  EXPECT_THAT(refusal("bad_magic"), AllOf(HasSubstr("fixture_bad_magic.so"), HasSubstr("bad magic 0xdeadbeef")));
}

TEST(PluginLoader, RefusesAnotherMajorNamingBothVersions) {
  EXPECT_THAT(refusal("major2"),
              AllOf(HasSubstr("plugin 'major2'"), HasSubstr("fixture_major2.so"), HasSubstr("built for ABI 2.0"),
                    HasSubstr("engine provides ABI " + host_abi()), HasSubstr("rebuild")));
}

TEST(PluginLoader, RefusesAPluginThatNeedsANewerMinor) {
  const std::string wanted =
      std::to_string(HSD_ABI_VERSION_MAJOR) + "." + std::to_string(HSD_ABI_VERSION_MINOR + 3);
  EXPECT_THAT(refusal("needs_newer_minor"),
              AllOf(HasSubstr("plugin 'needs_newer_minor'"), HasSubstr("ABI " + wanted + " or newer"),
                    HasSubstr("engine provides ABI " + host_abi()), HasSubstr("upgrade hsdeploy")));
}

TEST(PluginLoader, RefusesATooSmallDescriptor) {
  EXPECT_THAT(refusal("small_struct"), AllOf(HasSubstr("plugin 'small_struct'"), HasSubstr("64 bytes")));
}

TEST(PluginLoader, RefusesAnEmptyId) {
  EXPECT_THAT(refusal("empty_id"), AllOf(HasSubstr("fixture_empty_id.so"), HasSubstr("empty id")));
}

TEST(PluginLoader, RefusesAnUnknownKind) {
  EXPECT_THAT(refusal("bad_kind"), AllOf(HasSubstr("unknown kind 'database'"), HasSubstr("source, vcs_target, storage")));
}

TEST(PluginLoader, ReportsTheMessageOfAFailedCreate) {
  EXPECT_THAT(refusal("create_fails"),
              AllOf(HasSubstr("plugin 'create_fails'"), HasSubstr("setting 'api_base_url' is missing")));
}

TEST(PluginLoader, RefusesADuplicateIdNamingBothFiles) {
  const auto copy = std::filesystem::path(::testing::TempDir()) / "fixture_good_copy.so";
  std::filesystem::copy_file(fixture("good"), copy, std::filesystem::copy_options::overwrite_existing);
  PluginHost host;
  ASSERT_TRUE(host.load(fixture("good")).ok());
  auto second = host.load(copy);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.error().message,
              AllOf(HasSubstr("already loaded from"), HasSubstr("fixture_good.so"), HasSubstr(copy.string())));
  EXPECT_EQ(host.plugins().size(), 1u);
  std::filesystem::remove(copy);
}

TEST(PluginLoader, LoadDirectoryLoadsPluginsAndReportsRefusals) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "plugin_dir_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(fixture("good"), dir / "libhsd_good.so");
  std::filesystem::copy_file(fixture("major2"), dir / "libhsd_major2.so");
  std::filesystem::copy_file(fixture("good"), dir / "libhsd_misnamed.so");
  std::filesystem::copy_file(fixture("bad_magic"), dir / "not_a_plugin.so");  // not named like one
  PluginHost host;
  std::vector<std::string> configured;
  auto refusals = host.load_directory(dir, [&](std::string_view id) {
    configured.emplace_back(id);
    return std::string("{}");
  });
  ASSERT_EQ(host.plugins().size(), 1u);
  EXPECT_EQ(host.plugins()[0]->id(), "good");
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(refusals[0].id, "major2");
  EXPECT_THAT(refusals[0].error.message, HasSubstr("built for ABI 2.0"));
  EXPECT_THAT(refusals[1].error.message, HasSubstr("rename it to libhsd_good.so"));
  EXPECT_EQ(configured, (std::vector<std::string>{"good", "major2", "misnamed"}));
  std::filesystem::remove_all(dir);
}

TEST(PluginLoader, LoadDirectoryNamesAMissingFolder) {
  PluginHost host;
  auto refusals = host.load_directory("/nonexistent/plugins", {});
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_THAT(refusals[0].error.message, AllOf(HasSubstr("/nonexistent/plugins"), HasSubstr("plugins.dir")));
}

}  // namespace
