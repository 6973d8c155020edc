#include "command_options.hpp"

#include <boost/program_options.hpp>
#include <sstream>

namespace hsd::engine::cli {
namespace po = boost::program_options;
namespace {

constexpr const char* kPositional = "hsd-positional";  // hidden: every word that is not an option
constexpr const char* kGlobalOptions =
    "global options (anywhere on the line): --config FILE, --output text|json, --log-level LEVEL\n";

// "--name=": an empty value, which program_options would refuse.
std::vector<po::option> empty_value(std::vector<std::string>& args) {
  const std::string& token = args.front();
  if (token.size() < 4 || token.rfind("--", 0) != 0 || token.find('=') != token.size() - 1) return {};
  po::option option(token.substr(2, token.size() - 3), {std::string()});
  option.original_tokens.push_back(token);
  args.erase(args.begin());
  return {option};
}

// What --help lists: the spec's options and -h itself.
po::options_description visible_options(const CommandSpec& spec) {
  po::options_description options("options", 100, 50);
  for (const auto& option : spec.options) {
    const std::string description = option.required ? option.description + " (required)" : option.description;
    if (option.value_name.empty()) {
      options.add_options()(option.name.c_str(), description.c_str());
    } else {
      // Every option may repeat (--param A=1 --param B=2); a single-valued one keeps the last.
      options.add_options()(option.name.c_str(),
                            po::value<std::vector<std::string>>()->value_name(option.value_name),
                            description.c_str());
    }
  }
  options.add_options()("help,h", "print this help");
  return options;
}

bool is_flag(const CommandSpec& spec, const std::string& name) {
  for (const auto& option : spec.options) {
    if (option.name == name) return option.value_name.empty();
  }
  return name == "help";
}

std::string allowed_options(const CommandSpec& spec) {
  std::string allowed;
  for (const auto& option : spec.options) allowed += (allowed.empty() ? "--" : ", --") + option.name;
  return allowed.empty() ? "this command takes none but --help" : "allowed: " + allowed + ", --help";
}

Error usage_error(const CommandSpec& spec, const std::string& what) {
  return make_error(ErrorCode::invalid_argument, what + " (usage: hsdeploy " + spec.usage + ")");
}

// The option a program_options error is about, as written on the line ("--tokn"), without
// what followed an '=': a mistyped --tokn=SECRET must not echo the secret.
std::string option_named(const po::error_with_option_name& error) {
  std::string name = error.get_option_name();
  name = name.substr(0, name.find('='));
  if (name.empty()) return "an option";
  if (name.front() != '-') name = "--" + name;
  return name;
}

Error parse_error(const CommandSpec& spec, const po::error& error) {
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&error)) {
    return usage_error(spec, "unknown option '" + option_named(*unknown) + "'; " + allowed_options(spec));
  }
  if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&error)) {
    const std::string option = option_named(*syntax);
    switch (syntax->kind()) {
      case po::invalid_syntax::missing_parameter:
        return usage_error(spec, option + " needs a value");
      case po::invalid_syntax::extra_parameter:
        return usage_error(spec, option + " takes no value");
      default:
        break;
    }
  }
  return usage_error(spec, error.what());
}

}  // namespace

po::command_line_parser& with_line_rules(po::command_line_parser& parser) {
  return parser.style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing)
      .extra_style_parser(empty_value);
}

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  auto found = values.find(name);
  if (found == values.end() || found->second.empty()) return std::nullopt;
  return found->second.back();
}

Result<ParsedArgs> parse_command(const Args& args, const CommandSpec& spec) {
  po::options_description all = visible_options(spec);
  all.add_options()(kPositional, po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add(kPositional, -1);
  ParsedArgs parsed;
  try {
    po::command_line_parser parser(args);
    const po::parsed_options options = with_line_rules(parser.options(all).positional(positional)).run();
    for (const auto& option : options.options) {
      if (option.string_key == kPositional) {
        parsed.positionals.insert(parsed.positionals.end(), option.value.begin(), option.value.end());
      } else if (option.string_key == "help") {
        parsed.help = true;
      } else if (is_flag(spec, option.string_key)) {
        parsed.flags.insert(option.string_key);
      } else {
        auto& values = parsed.values[option.string_key];
        values.insert(values.end(), option.value.begin(), option.value.end());
      }
    }
  } catch (const po::error& error) {
    return parse_error(spec, error);
  }
  if (parsed.help) return parsed;
  if (parsed.positionals.size() < spec.min_positionals) return usage_error(spec, "missing arguments");
  if (parsed.positionals.size() > spec.max_positionals) {
    return usage_error(spec, "unexpected argument '" + parsed.positionals[spec.max_positionals] + "'");
  }
  for (const auto& option : spec.options) {
    if (option.required && !parsed.value(option.name)) return missing_option(spec, option.name);
  }
  return parsed;
}

Error missing_option(const CommandSpec& spec, const std::string& option) {
  return make_error(ErrorCode::invalid_argument,
                    spec.name + ": --" + option + " is required (usage: hsdeploy " + spec.usage + ")");
}

std::string command_help(const CommandSpec& spec) {
  std::ostringstream text;
  text << "usage: hsdeploy " << spec.usage << "\n\n";
  if (!spec.summary.empty()) text << spec.summary << "\n\n";
  text << visible_options(spec) << "\n" << kGlobalOptions;
  return text.str();
}

Result<const CommandSpec*> choose_subcommand(const std::string& group, const std::vector<CommandSpec>& subcommands,
                                             const Args& args) {
  const std::string word = args.empty() ? "" : args.front();
  if (word == "--help" || word == "-h") return static_cast<const CommandSpec*>(nullptr);
  std::string allowed;
  for (const auto& subcommand : subcommands) {
    if (!word.empty() && subcommand.name == group + " " + word) return &subcommand;
    allowed += (allowed.empty() ? "" : ", ") + subcommand.name.substr(group.size() + 1);
  }
  const std::string what = word.empty() ? "name a subcommand" : "unknown subcommand '" + word + "'";
  return make_error(ErrorCode::invalid_argument,
                    group + ": " + what + "; allowed: " + allowed + " (see 'hsdeploy " + group + " --help')");
}

std::string group_help(const std::string& group, const std::vector<CommandSpec>& subcommands) {
  std::ostringstream text;
  text << "usage: hsdeploy " << group << " SUBCOMMAND ...\n\nsubcommands:\n";
  for (const auto& subcommand : subcommands) {
    text << "  " << subcommand.usage << "\n      " << subcommand.summary << "\n";
  }
  text << "\n'hsdeploy " << group << " SUBCOMMAND --help' lists a subcommand's options.\n" << kGlobalOptions;
  return text.str();
}

Args words_after_first(const Args& args) { return args.empty() ? Args{} : Args(args.begin() + 1, args.end()); }

}  // namespace hsd::engine::cli
