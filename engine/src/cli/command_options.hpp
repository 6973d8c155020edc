// One command's words described once: Boost.Program_options parses them (--name V, --name=V,
// flags, positionals, -h/--help), the same description prints as the command's --help, and a
// parse error becomes a usage error (exit 2) naming the option and what is allowed.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/program_options/parsers.hpp>

#include "hsd/engine/result.hpp"

namespace hsd::engine::cli {

using Args = std::vector<std::string>;

struct OptionSpec {
  std::string name;         // without dashes: "connection"
  std::string value_name;   // "ID|LABEL"; empty for a flag, which takes no value
  std::string description;  // one line for --help
  bool required = false;
};

struct CommandSpec {
  std::string name;     // the words that pick it: "connections rename"
  std::string usage;    // after "hsdeploy ": "connections rename ID|LABEL NEW_LABEL"
  std::string summary;  // what it does, one line for --help
  std::vector<OptionSpec> options = {};
  std::size_t min_positionals = 0;
  std::size_t max_positionals = 0;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // option -> every value given
  std::set<std::string> flags;
  std::vector<std::string> positionals;
  bool help = false;  // -h or --help: print command_help and do nothing else

  // The last value given, as an option may repeat (--param); none when absent.
  std::optional<std::string> value(const std::string& name) const;
  bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

// The rules every hsdeploy line follows, for the global options and each command's: no
// abbreviations ("--tok" is not "--token": it would break when options grow), and "--name="
// gives an empty value, as it always has.
boost::program_options::command_line_parser& with_line_rules(boost::program_options::command_line_parser& parser);

// Parses one command's words (after its name). With -h/--help the other checks are skipped.
Result<ParsedArgs> parse_command(const Args& args, const CommandSpec& spec);

// "connections rename: --workspace is required (usage: hsdeploy ...)", exit 2.
Error missing_option(const CommandSpec& spec, const std::string& option);

// The command's --help: usage, summary, and its options with their descriptions.
std::string command_help(const CommandSpec& spec);

// A command whose first word picks a subcommand ("connections list"): the spec it picks,
// nullptr for -h/--help (print group_help), or a usage error naming the allowed ones.
Result<const CommandSpec*> choose_subcommand(const std::string& group, const std::vector<CommandSpec>& subcommands,
                                             const Args& args);
std::string group_help(const std::string& group, const std::vector<CommandSpec>& subcommands);

// The words after the first (a subcommand's own words).
Args words_after_first(const Args& args);

}  // namespace hsd::engine::cli
