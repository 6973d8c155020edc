#include "cli_runner.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace hsd::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

CliRunner::CliRunner(const std::string& name, const std::string& extra_config)
    : dir_(std::filesystem::temp_directory_path() / ("hsd_it_" + name + "_" + std::to_string(::getpid()))) {
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_ / "config");
  std::ofstream config(config_file());
  config << "storage: { plugin: sqlite, path: var/hsdeploy.db }\n"
         << "plugins: { dir: " << HSD_PLUGIN_DIR << " }\n"
         << "pipelines: { dir: " << HSD_PIPELINE_DIR << " }\n"
         << "secrets: { key_file: var/secret.key }\n"
         << extra_config;
}

CliRunner::~CliRunner() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

CliResult CliRunner::run(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& extra_env) const {
  const auto out_path = dir_ / "stdout.txt";
  const auto err_path = dir_ / "stderr.txt";
  std::vector<std::string> argv_storage{HSDEPLOY_BIN, "--config", config_file().string()};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The child sees the test's environment without HSD_* variables, plus extra_env.
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) {
    if (std::string(*e).rfind("HSD_", 0) != 0) env_storage.emplace_back(*e);
  }
  for (const auto& [key, value] : extra_env) env_storage.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, HSDEPLOY_BIN, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + std::string(HSDEPLOY_BIN));
  int status = 0;
  ::waitpid(pid, &status, 0);
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

}  // namespace hsd::testing
