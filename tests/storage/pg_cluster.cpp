#include "pg_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <vector>

extern char** environ;

namespace hsd::test {
namespace {

// Runs argv (as `postgres` when this process is root) and returns its exit status; stdout and
// stderr go to log.
int run(const std::vector<std::string>& command, const std::filesystem::path& log) {
  std::vector<std::string> args;
  if (geteuid() == 0) args = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  args.insert(args.end(), command.begin(), command.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A loopback port nobody listens on now (the kernel's choice for port 0).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs one statement as the superuser on the maintenance database; "" or the error.
std::string admin(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQerrorMessage(conn);
    PQclear(result);
  }
  PQfinish(conn);
  return error;
}

}  // namespace

std::filesystem::path PgCluster::bin_dir() {
  const char* env = std::getenv("HSD_PG_BIN");
  const std::filesystem::path dir = env && *env ? env : "/usr/lib/postgresql/15/bin";
  return std::filesystem::exists(dir / "initdb") && std::filesystem::exists(dir / "pg_ctl")
             ? dir
             : std::filesystem::path();
}

std::unique_ptr<PgCluster> PgCluster::start(std::string& error) {
  const auto bin = bin_dir();
  if (bin.empty()) {
    error = "PostgreSQL 15's initdb is not installed (scripts/setup installs postgresql)";
    return nullptr;
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "hsd_pg_XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    error = "cannot create a temporary folder for the cluster";
    return nullptr;
  }
  std::unique_ptr<PgCluster> cluster(new PgCluster);
  cluster->dir_ = pattern;
  cluster->owned_ = true;
  if (geteuid() == 0) {
    // The server runs as `postgres`: the folder (socket, data, log) must be its own.
    const passwd* user = getpwnam("postgres");
    if (!user || chown(pattern.c_str(), user->pw_uid, user->pw_gid) != 0) {
      error = "running as root, but there is no `postgres` user to run the cluster as";
      return nullptr;
    }
  }
  const auto data = cluster->dir_ / "data";
  const auto log = cluster->dir_ / "setup.log";
  // run() opens the log before runuser drops to `postgres`: root owns it, the commands write to
  // it through the descriptor they inherit.
  if (run({(bin / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust",
           "--encoding=UTF8", "--locale=C", "--no-sync"},
          log) != 0) {
    error = "initdb failed: " + slurp(log);
    return nullptr;
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    cluster->port_ = free_port();
    // Throwaway data: no fsync. The socket lives in the cluster's folder, not /var/run.
    const std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(cluster->port_) +
                                " -k " + cluster->dir_.string() +
                                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                " -c max_connections=300";
    if (run({(bin / "pg_ctl").string(), "-D", data.string(), "-l", (cluster->dir_ / "server.log").string(),
             "-w", "-t", "60", "-o", options, "start"},
            log) == 0) {
      return cluster;
    }
  }
  error = "pg_ctl start failed: " + slurp(log) + slurp(cluster->dir_ / "server.log");
  return nullptr;
}

std::unique_ptr<PgCluster> PgCluster::attach(const std::filesystem::path& file, std::string& error) {
  std::ifstream in(file);
  std::string dir;
  int port = 0;
  if (!(in >> dir >> port) || port <= 0) {
    error = "cannot read the cluster's address from " + file.string();
    return nullptr;
  }
  std::unique_ptr<PgCluster> cluster(new PgCluster);
  cluster->dir_ = dir;
  cluster->port_ = port;
  return cluster;
}

PgCluster* PgCluster::shared(std::string& error) {
  static std::mutex mutex;
  static std::unique_ptr<PgCluster> cluster;
  static std::string failure;
  std::lock_guard lock(mutex);
  if (!cluster && failure.empty()) {
    const char* file = std::getenv("HSD_TEST_PG_CLUSTER");
    if (file && *file && std::filesystem::exists(file)) {
      cluster = attach(file, failure);
    } else {
      cluster = start(failure);
    }
  }
  error = failure;
  return cluster.get();
}

PgCluster::~PgCluster() {
  if (owned_) stop();
}

std::string PgCluster::dsn(const std::string& database) const {
  return "host=" + dir_.string() + " port=" + std::to_string(port_) + " user=postgres dbname=" + database;
}

std::string PgCluster::create_database(std::string& error) {
  static std::atomic<int> counter{0};
  const std::string name = "hsd_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  error = admin(dsn("postgres"), "CREATE DATABASE " + name);
  return error.empty() ? dsn(name) : std::string();
}

void PgCluster::drop_database(const std::string& database_dsn) {
  const auto at = database_dsn.rfind("dbname=");
  if (at == std::string::npos) return;
  const std::string name = database_dsn.substr(at + 7);
  if (name.rfind("hsd_test_", 0) != 0) return;
  admin(dsn("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

bool PgCluster::write(const std::filesystem::path& file) const {
  std::ofstream out(file);
  out << dir_.string() << "\n" << port_ << "\n";
  return static_cast<bool>(out);
}

bool PgCluster::restart(std::string& error) {
  const auto bin = bin_dir();
  if (bin.empty() || dir_.empty()) {
    error = "no cluster to restart";
    return false;
  }
  // pg_ctl restart starts the server with the options of its last start (postmaster.opts).
  const auto log = dir_ / "restart.log";
  if (run({(bin / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-l", (dir_ / "server.log").string(),
           "-m", "fast", "-w", "-t", "60", "restart"},
          log) != 0) {
    error = "pg_ctl restart failed: " + slurp(log);
    return false;
  }
  return true;
}

void PgCluster::stop() {
  if (dir_.empty()) return;
  const auto bin = bin_dir();
  if (!bin.empty() && std::filesystem::exists(dir_ / "data" / "postmaster.pid")) {
    run({(bin / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"},
        "/dev/null");
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  dir_.clear();
}

}  // namespace hsd::test
