// hsdeploy pipelines validate [FILE...]: every error of every file, one line each, exit 2
// when there is any.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli.hpp"

namespace hsd::engine::cli {
namespace {

const std::vector<CommandSpec> kSubcommands = {
    {"pipelines validate", "pipelines validate [FILE...]",
     "check pipeline files (default: every file in pipelines.dir, which must hold the required ones)", {}, 0, 1000},
};

}  // namespace

int run_pipelines(Cli& cli, const Args& args) {
  auto chosen = choose_subcommand("pipelines", kSubcommands, args);
  if (!chosen) return cli.fail(chosen.error());
  if (!*chosen) return cli.help(group_help("pipelines", kSubcommands));
  auto parsed = parse_command(words_after_first(args), **chosen);
  if (!parsed) return cli.fail(parsed.error());
  if (parsed->help) return cli.help(command_help(**chosen));
  auto engine = cli.engine({.storage = false, .secrets = false, .pipelines = false});
  if (!engine) return cli.fail(engine.error());

  std::vector<std::filesystem::path> files(parsed->positionals.begin(), parsed->positionals.end());
  if (files.empty()) {
    const auto& dir = (*engine)->config().pipelines_dir;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
    if (ec) return cli.fail(make_error(ErrorCode::not_found, "pipelines.dir '" + dir.string() + "': " + ec.message()));
    std::sort(files.begin(), files.end());
    // The four required pipelines must be there.
    for (auto name : kRequiredPipelines) {
      if (!std::filesystem::exists(dir / (std::string(name) + ".yaml"))) {
        cli.err() << dir.string() << ": the required pipeline '" << name << "' is missing (" << name << ".yaml)\n";
        return kExitUsage;
      }
    }
  }
  std::size_t errors = 0;
  for (const auto& file : files) {
    for (const auto& error : check_pipeline_file(file, (*engine)->catalog())) {
      cli.err() << error.message << "\n";
      ++errors;
    }
  }
  if (errors > 0) return kExitUsage;
  if (!cli.json()) cli.out() << files.size() << " pipeline file(s) valid\n";
  else cli.out() << "{\"valid\":" << files.size() << "}\n";
  return kExitOk;
}

}  // namespace hsd::engine::cli
