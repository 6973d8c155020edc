// Test helpers: temporary folders, the git CLI, and a git:// server on 127.0.0.1 that runs
// `git daemon --inetd` per connection (so server-side hooks run; ready as soon as it listens,
// no waiting).
#pragma once

#include "backup/backup.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace hsd::plugins::github::backup::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

// Runs git with args (no shell), in cwd when given, with a fixed identity.
RunResult git(const std::vector<std::string>& args, const std::string& cwd = "");
// Runs git and returns its trimmed output; fails the current test on a non-zero exit.
std::string git_ok(const std::vector<std::string>& args, const std::string& cwd = "");

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

// The objects of a snapshot for write_backup; hash defaults to a hash of the data.
struct TestObject {
  std::string type;
  std::string id;
  std::string name;
  std::string data_json;
  std::string hash;  // empty: computed
};

ObjectSource source_of(const std::vector<TestObject>& objects);
std::string content_hash(const std::string& data);

class GitDaemon {
 public:
  explicit GitDaemon(std::string base_path);
  ~GitDaemon();
  GitDaemon(const GitDaemon&) = delete;
  GitDaemon& operator=(const GitDaemon&) = delete;
  // git://127.0.0.1:<port>/<relative>
  std::string url(const std::string& relative) const;

 private:
  void serve();
  std::string base_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::thread thread_;
  std::vector<int> children_;
};

}  // namespace hsd::plugins::github::backup::testing
