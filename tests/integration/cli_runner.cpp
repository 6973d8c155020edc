#include "cli_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <utility>

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

long long parse_iso8601(const std::string& text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  if (in.fail()) throw std::runtime_error("not an ISO 8601 time: " + text);
  return static_cast<long long>(timegm(&tm));
}

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
  return start(args, extra_env).finish();
}

CliProcess CliRunner::start(const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& extra_env) const {
  const auto out_path = dir_ / "stdout.txt";
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

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, HSDEPLOY_BIN, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(err_pipe[0]);
    throw std::runtime_error("cannot start " + std::string(HSDEPLOY_BIN));
  }
  return CliProcess(pid, err_pipe[0], out_path);
}

CliProcess::CliProcess(int pid, int err_fd, std::filesystem::path out_path)
    : pid_(pid), err_fd_(err_fd), out_path_(std::move(out_path)) {}

CliProcess::CliProcess(CliProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), err_fd_(std::exchange(other.err_fd_, -1)),
      out_path_(std::move(other.out_path_)), err_(std::move(other.err_)), scanned_(other.scanned_),
      mutex_(std::move(other.mutex_)), grown_(std::move(other.grown_)), draining_(other.draining_),
      ended_(other.ended_), drainer_(std::move(other.drainer_)) {}

CliProcess::~CliProcess() {
  if (pid_ > 0) finish();
}

bool CliProcess::read_some() {
  char buffer[4096];
  const ssize_t n = err_fd_ >= 0 ? ::read(err_fd_, buffer, sizeof buffer) : 0;
  if (n <= 0) return false;
  std::lock_guard lock(*mutex_);
  err_.append(buffer, static_cast<std::size_t>(n));
  return true;
}

void CliProcess::drain_in_background() {
  if (draining_) return;
  draining_ = true;
  drainer_ = std::thread([this, mutex = mutex_.get(), grown = grown_.get()] {
    while (read_some()) grown->notify_all();
    std::lock_guard lock(*mutex);
    ended_ = true;
    grown->notify_all();
  });
}

void CliProcess::signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

std::string CliProcess::read_err_line_with(const std::string& needle) {
  std::unique_lock lock(*mutex_);
  while (true) {
    // Complete lines not yet searched.
    for (auto newline = err_.find('\n', scanned_); newline != std::string::npos;
         newline = err_.find('\n', scanned_)) {
      std::string line = err_.substr(scanned_, newline - scanned_);
      scanned_ = newline + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    if (draining_) {
      if (ended_) return {};
      grown_->wait(lock);
      continue;
    }
    lock.unlock();
    const bool more = read_some();
    lock.lock();
    if (!more) return {};
  }
}

CliResult CliProcess::finish() {
  CliResult result;
  if (pid_ <= 0) return result;
  if (draining_) {
    drainer_.join();
  } else {
    while (read_some()) {
    }
  }
  if (err_fd_ >= 0) ::close(err_fd_);
  err_fd_ = -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path_);
  result.err = err_;
  return result;
}

}  // namespace hsd::testing
