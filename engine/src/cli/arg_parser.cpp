#include "arg_parser.hpp"

namespace hsd::engine::cli {

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  auto found = values.find(name);
  if (found == values.end() || found->second.empty()) return std::nullopt;
  return found->second.back();
}

Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec) {
  ParsedArgs parsed;
  auto usage_error = [&](const std::string& what) {
    return make_error(ErrorCode::invalid_argument, what + " (usage: hsdeploy " + spec.usage + ")");
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
      const auto eq = arg.find('=');
      const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (spec.flags.count(name)) {
        if (eq != std::string::npos) return usage_error("--" + name + " takes no value");
        parsed.flags.insert(name);
      } else if (spec.options.count(name)) {
        if (eq != std::string::npos) {
          parsed.values[name].push_back(arg.substr(eq + 1));
        } else if (i + 1 < args.size()) {
          parsed.values[name].push_back(args[++i]);
        } else {
          return usage_error("--" + name + " needs a value");
        }
      } else {
        std::string allowed;
        for (const auto& o : spec.options) allowed += (allowed.empty() ? "" : ", ") + ("--" + o);
        for (const auto& f : spec.flags) allowed += (allowed.empty() ? "" : ", ") + ("--" + f);
        return usage_error("unknown option '--" + name + "'" +
                           (allowed.empty() ? std::string("; this command takes none") : "; allowed: " + allowed));
      }
    } else {
      parsed.positionals.push_back(arg);
    }
  }
  if (parsed.positionals.size() < spec.min_positionals) return usage_error("missing arguments");
  if (parsed.positionals.size() > spec.max_positionals) {
    return usage_error("unexpected argument '" + parsed.positionals[spec.max_positionals] + "'");
  }
  return parsed;
}

}  // namespace hsd::engine::cli
