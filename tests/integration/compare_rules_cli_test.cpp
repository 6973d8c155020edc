// engine.yaml's compare.rules against the plugins that actually loaded: a rule for a plugin
// that is not a loaded source, or for a type it does not emit, stops the engine naming the
// file, line and key path; rules that fit are accepted and published with the plugin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_runner.hpp"

namespace {

using hsd::testing::CliRunner;
using ::testing::AllOf;
using ::testing::HasSubstr;

// The 1-based line of the first line of the file that contains text.
int line_of(const std::filesystem::path& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find(text) != std::string::npos) return number;
  }
  return 0;
}

TEST(CompareRulesAtStartup, ARuleForAPluginThatIsNotALoadedSourceNamesTheFileAndLine) {
  CliRunner cli("compare_rules_unknown_plugin",
                "compare:\n  rules:\n    echo_sourse:\n      widgets: { ignore: [/updated] }\n");
  const int line = line_of(cli.config_file(), "echo_sourse:");
  ASSERT_GT(line, 0);
  auto result = cli.run({"connections", "list"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_THAT(result.err, AllOf(HasSubstr(cli.config_file().string() + ":" + std::to_string(line) + ":5"),
                                HasSubstr("compare.rules.echo_sourse"), HasSubstr("no source plugin 'echo_sourse'"),
                                HasSubstr("echo_source")));
}

TEST(CompareRulesAtStartup, ARuleForATypeThePluginDoesNotEmitNamesTheTypeAndTheTypesItHas) {
  CliRunner cli("compare_rules_unknown_type",
                "compare:\n  rules:\n    echo_source:\n      widgets: { key: /name }\n      gizmos: { ignore: [/x] }\n");
  const int line = line_of(cli.config_file(), "gizmos:");
  ASSERT_GT(line, 0);
  auto result = cli.run({"plugins", "list"});
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_THAT(result.err, AllOf(HasSubstr(cli.config_file().string() + ":" + std::to_string(line) + ":7"),
                                HasSubstr("compare.rules.echo_source.gizmos"), HasSubstr("no object type 'gizmos'"),
                                HasSubstr("widgets, gadgets")));
}

TEST(CompareRulesAtStartup, ARuleForALoadedSourcesTypeIsAccepted) {
  CliRunner cli("compare_rules_fit", "compare:\n  rules:\n    echo_source:\n      gadgets: { ignore: [/x] }\n");
  auto result = cli.run({"connections", "list"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
