// Runs the real hsdeploy binary in a scratch folder with its own engine.yaml, and captures
// its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hsd::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A started hsdeploy. Its stderr comes through a pipe, so a test can wait for a line the
// program prints (e.g. an authorize URL) before acting, with no sleeping.
class CliProcess {
 public:
  CliProcess(int pid, int err_fd, std::filesystem::path out_path);
  CliProcess(CliProcess&& other) noexcept;
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;
  ~CliProcess();

  // Reads stderr up to and including the first line containing needle; empty at its end.
  std::string read_err_line_with(const std::string& needle);
  // From now on a thread reads stderr as it comes, so a chatty long-lived process (the
  // service's access log) never blocks on a full pipe; read_err_line_with still works. The
  // object must not be moved afterwards (the thread holds on to it).
  void drain_in_background();
  int pid() const { return pid_; }
  // Sends a signal (SIGTERM to drain, SIGKILL to crash).
  void signal(int signal_number);
  // Reads the rest of stderr, waits for the exit, and collects stdout.
  CliResult finish();

 private:
  // Appends what the pipe has; false at its end.
  bool read_some();

  int pid_ = -1;
  int err_fd_ = -1;
  std::filesystem::path out_path_;
  std::string err_;       // everything read so far
  std::size_t scanned_ = 0;  // err_ before this offset was already searched line by line
  // With drain_in_background: the reader thread owns the pipe; err_ is shared under mutex_.
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  std::unique_ptr<std::condition_variable> grown_ = std::make_unique<std::condition_variable>();
  bool draining_ = false;
  bool ended_ = false;
  std::thread drainer_;
};

// Seconds since the epoch of a "YYYY-MM-DDTHH:MM:SSZ" time, as the CLI and the API print them.
long long parse_iso8601(const std::string& text);

class CliRunner {
 public:
  // Creates a scratch folder with config/engine.yaml pointing at the built plugins, the
  // shipped pipelines and a database inside the folder. extra_config is appended to that
  // engine.yaml as it is (e.g. a `connectors:` block pointing a plugin at a fake server).
  explicit CliRunner(const std::string& name, const std::string& extra_config = "");
  ~CliRunner();

  CliResult run(const std::vector<std::string>& args,
                const std::map<std::string, std::string>& extra_env = {}) const;
  CliProcess start(const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& extra_env = {}) const;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path config_file() const { return dir_ / "config" / "engine.yaml"; }

 private:
  std::filesystem::path dir_;
};

}  // namespace hsd::testing
