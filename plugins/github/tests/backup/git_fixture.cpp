#include "git_fixture.hpp"

#include <git2.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<gtest/gtest.h>)
#include <gtest/gtest.h>
#define HSD_FIXTURE_HAS_GTEST 1
#endif

namespace hsd::plugins::github::backup::testing {

namespace {
const char* const kGit = "/usr/bin/git";
// The system git config must not change what the tests see.
[[maybe_unused]] const bool kNoSystemConfig = ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1) == 0;
}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "hsd-backup-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

RunResult git(const std::vector<std::string>& args, const std::string& cwd) {
  // Everything the child needs is prepared before fork: other threads may hold malloc's lock.
  std::vector<std::string> full = {"git", "-c", "user.name=Tester", "-c", "user.email=tester@example.com",
                                   "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::execv(kGit, argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  RunResult result;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof(buf))) > 0) result.out.append(buf, static_cast<size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string git_ok(const std::vector<std::string>& args, const std::string& cwd) {
  RunResult r = git(args, cwd);
#ifdef HSD_FIXTURE_HAS_GTEST
  std::string joined;
  for (const auto& a : args) joined += a + " ";
  EXPECT_EQ(r.exit_code, 0) << "git " << joined << "\n" << r.out;
#endif
  while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == ' ')) r.out.pop_back();
  return r.out;
}

void write_file(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string content_hash(const std::string& data) {
  git_oid oid;
  git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string("sha1:") + hex;
}

ObjectSource source_of(const std::vector<TestObject>& objects) {
  return [objects](const ObjectVisitor& visit) -> sdk::Status {
    for (const TestObject& o : objects) {
      const std::string hash = o.hash.empty() ? content_hash(o.data_json) : o.hash;
      sdk::Status s = visit(Object{o.type, o.id, o.name, o.data_json, hash});
      if (!s) return s;
    }
    return {};
  };
}

GitDaemon::GitDaemon(std::string base_path) : base_(std::move(base_path)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error(std::string("cannot listen: ") + std::strerror(errno));
  }
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  thread_ = std::thread([this] { serve(); });
}

GitDaemon::~GitDaemon() {
  const char c = 'x';
  [[maybe_unused]] auto w = ::write(wake_[1], &c, 1);
  thread_.join();
  for (int pid : children_) {
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

std::string GitDaemon::url(const std::string& relative) const {
  return "git://127.0.0.1:" + std::to_string(port_) + "/" + relative;
}

void GitDaemon::serve() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    const int conn = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) continue;
    std::string base = "--base-path=" + base_;
    std::vector<std::string> args = {"git", "daemon", "--inetd", "--export-all", "--enable=receive-pack",
                                      "--log-destination=none", base, base_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(conn, 0);
      ::dup2(conn, 1);
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);
      ::execv(kGit, argv.data());
      ::_exit(127);
    }
    ::close(conn);
    if (pid > 0) children_.push_back(pid);
  }
}

}  // namespace hsd::plugins::github::backup::testing
