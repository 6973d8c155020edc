// The shared option parser every command uses: today's syntax (--name V, --name=V, flags,
// positionals, repeats), --help before any other check, and each bad form an exit-2 error
// naming the option and what is allowed.
#include "cli/command_options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::engine::cli {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const CommandSpec kSpec{"things add",
                        "things add NAME [--size N] [--tag T...] [--force]",
                        "add a thing",
                        {{"size", "N", "how big", true}, {"tag", "T", "a tag; may repeat"}, {"force", "", "no questions"}},
                        1,
                        2};

void expect_usage_error(const Result<ParsedArgs>& parsed, const std::vector<std::string>& words) {
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(exit_code_for(parsed.error()), 2) << parsed.error().message;
  EXPECT_THAT(parsed.error().message, HasSubstr("usage: hsdeploy things add NAME"));
  for (const auto& word : words) EXPECT_THAT(parsed.error().message, HasSubstr(word));
}

TEST(CommandOptions, TakesValuesSpacedOrAfterEqualsFlagsAndPositionalsInAnyOrder) {
  auto parsed = parse_command({"--size", "3", "box", "--force", "--tag=red", "--tag", "blue", "lid"}, kSpec);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->value("size"), "3");
  EXPECT_EQ(parsed->values.at("tag"), (std::vector<std::string>{"red", "blue"}));
  EXPECT_EQ(parsed->value("tag"), "blue");  // a single-valued reader keeps the last
  EXPECT_TRUE(parsed->flag("force"));
  EXPECT_EQ(parsed->positionals, (std::vector<std::string>{"box", "lid"}));
  EXPECT_FALSE(parsed->help);
}

TEST(CommandOptions, AnEmptyValueAfterEqualsAndValuesThatLookNegativeAreValues) {
  auto parsed = parse_command({"box", "--size=", "--tag", "-1"}, kSpec);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->value("size"), "");
  EXPECT_EQ(parsed->value("tag"), "-1");
  auto empty_positional = parse_command({"box", "", "--size", "1"}, kSpec);
  ASSERT_TRUE(empty_positional.ok());
  EXPECT_EQ(empty_positional->positionals, (std::vector<std::string>{"box", ""}));
}

TEST(CommandOptions, HelpSkipsEveryOtherCheck) {
  for (const char* help : {"--help", "-h"}) {
    auto parsed = parse_command({help}, kSpec);  // no NAME, no --size
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_TRUE(parsed->help);
  }
  const std::string text = command_help(kSpec);
  EXPECT_THAT(text, AllOf(HasSubstr("usage: hsdeploy things add NAME"), HasSubstr("add a thing"),
                          HasSubstr("--size N"), HasSubstr("how big (required)"), HasSubstr("--force"),
                          HasSubstr("--help"), HasSubstr("--output text|json")));
}

TEST(CommandOptions, AnUnknownOptionIsNamedWithTheAllowedOnes) {
  expect_usage_error(parse_command({"box", "--colour", "red"}, kSpec),
                     {"unknown option '--colour'", "allowed: --size, --tag, --force, --help"});
  expect_usage_error(parse_command({"box", "-x"}, kSpec), {"unknown option '-x'"});
  // A mistyped option with its value after '=' is named without the value (it may be a secret).
  auto typo = parse_command({"box", "--sise=s3cret"}, kSpec);
  expect_usage_error(typo, {"unknown option '--sise'"});
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(typo.error().message, Not(HasSubstr("s3cret")));
}

TEST(CommandOptions, AbbreviationsAreNotGuessed) {
  expect_usage_error(parse_command({"box", "--si", "3"}, kSpec), {"unknown option '--si'"});
}

TEST(CommandOptions, AMissingValueAndAValueForAFlagNameTheOption) {
  expect_usage_error(parse_command({"box", "--size"}, kSpec), {"--size needs a value"});
  expect_usage_error(parse_command({"box", "--size", "1", "--force=yes"}, kSpec), {"--force takes no value"});
  expect_usage_error(parse_command({"box", "--size", "1", "--force="}, kSpec), {"--force takes no value"});
}

TEST(CommandOptions, PositionalCountsAndRequiredOptionsAreChecked) {
  expect_usage_error(parse_command({"--size", "1"}, kSpec), {"missing arguments"});
  expect_usage_error(parse_command({"a", "b", "c", "--size", "1"}, kSpec), {"unexpected argument 'c'"});
  expect_usage_error(parse_command({"box"}, kSpec), {"things add: --size is required"});
}

TEST(CommandOptions, SubcommandsArePickedByTheirFirstWord) {
  const std::vector<CommandSpec> group = {{"things add", "things add NAME", "add a thing"},
                                          {"things list", "things list", "list them"}};
  auto list = choose_subcommand("things", group, {"list", "--x"});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(*list, &group[1]);
  auto help = choose_subcommand("things", group, {"--help"});
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(*help, nullptr);
  EXPECT_THAT(group_help("things", group), AllOf(HasSubstr("things add NAME"), HasSubstr("list them")));
  auto unknown = choose_subcommand("things", group, {"frobnicate"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(exit_code_for(unknown.error()), 2);
  EXPECT_THAT(unknown.error().message, AllOf(HasSubstr("unknown subcommand 'frobnicate'"), HasSubstr("allowed: add, list")));
  auto none = choose_subcommand("things", group, {});
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.error().message, HasSubstr("things: name a subcommand; allowed: add, list"));
}

}  // namespace
}  // namespace hsd::engine::cli
