// A small parser for one command's words: options with values (--name V or --name=V),
// flags, and positionals. Anything it does not know is a usage error that names it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine::cli {

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // option -> every value given
  std::set<std::string> flags;
  std::vector<std::string> positionals;

  std::optional<std::string> value(const std::string& name) const;
  bool flag(const std::string& name) const { return flags.count(name) > 0; }
};

struct ArgSpec {
  std::set<std::string> options;  // take a value, may repeat
  std::set<std::string> flags;    // take none
  std::size_t min_positionals = 0;
  std::size_t max_positionals = 0;
  std::string usage;              // "connections rename ID LABEL"
};

Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec);

}  // namespace hsd::engine::cli
