// Two processes on one store at once: every insert arrives, no job is claimed twice, and a
// named lock excludes another process (and is freed when its holder dies). The writers block
// on their stdin until the test closes it, so they start together.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include "coordination_session.hpp"
#include "storage_fixture.hpp"

extern char** environ;

namespace hsd::test {
namespace {

struct Child {
  pid_t pid = -1;
  std::filesystem::path out;
  std::filesystem::path err;
};

// Starts the writer with stdin from read_fd and stdout/stderr into files.
Child spawn_writer(const std::vector<std::string>& args, int read_fd, const std::filesystem::path& dir,
                   const std::string& tag) {
  Child child;
  child.out = dir / (tag + ".out");
  child.err = dir / (tag + ".err");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, read_fd, STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, child.out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, child.err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(HSD_STORAGE_WRITER));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (posix_spawn(&child.pid, HSD_STORAGE_WRITER, &actions, nullptr, argv.data(), environ) != 0) {
    child.pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  return child;
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs the writers together and returns after both exited, asserting success.
void run_together(const std::vector<std::vector<std::string>>& args, const std::filesystem::path& dir,
                  std::vector<Child>& children) {
  // CLOEXEC: a writer must not inherit the write end, or its stdin would never reach EOF
  // (dup2 onto stdin clears the flag for the read end it needs).
  int gate[2];
  ASSERT_EQ(pipe2(gate, O_CLOEXEC), 0);
  for (std::size_t i = 0; i < args.size(); ++i) {
    children.push_back(spawn_writer(args[i], gate[0], dir, "writer" + std::to_string(i)));
    ASSERT_GT(children.back().pid, 0) << "cannot start " << HSD_STORAGE_WRITER;
  }
  close(gate[0]);
  close(gate[1]);  // EOF on every writer's stdin: go
  for (const auto& child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child.pid, &status, 0), child.pid);
    ASSERT_TRUE(WIFEXITED(status)) << slurp(child.err);
    EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(child.err);
  }
}

// Runs one writer to its end and returns what it printed.
std::string run_one(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  std::vector<Child> children;
  run_together({args}, dir, children);
  return children.empty() ? std::string() : slurp(children.front().out);
}

}  // namespace

TEST_P(StorageTest, ALockExcludesAnotherProcess) {
  auto holder = CoordinationSession::open(table(), instance());
  ASSERT_TRUE(holder.ok()) << holder.error().message;
  ASSERT_TRUE(holder->lock_acquire("connection:7:credentials", 0, 60'000).ok());
  const std::string lib = GetParam().library.string();
  EXPECT_EQ(run_one({lib, config_, "lock", "connection:7:credentials", "100", "60000"}, dir_),
            "unavailable\n");
  ASSERT_TRUE(holder->lock_release("connection:7:credentials").ok());
  EXPECT_EQ(run_one({lib, config_, "lock", "connection:7:credentials", "100", "60000"}, dir_),
            "taken\n");
  // That process closed its session on exit, which released the lock.
  EXPECT_TRUE(holder->lock_acquire("connection:7:credentials", 0, 60'000).ok());
}

TEST_P(StorageTest, ALockOfAProcessThatDiedIsFreedOnceItsLeaseLapses) {
  // postgres frees it when the connection drops; sqlite once the 300 ms lease has lapsed.
  const std::string lib = GetParam().library.string();
  ASSERT_EQ(run_one({lib, config_, "lock-and-die", "connection:7:credentials", "300"}, dir_),
            "taken\n");
  auto next = CoordinationSession::open(table(), instance());
  ASSERT_TRUE(next.ok()) << next.error().message;
  auto taken = next->lock_acquire("connection:7:credentials", 10'000, 60'000);
  EXPECT_TRUE(taken.ok()) << taken.error().message;
}

TEST_P(StorageTest, TwoProcessesInsertingAtOnceLoseNothing) {
  constexpr int kEach = 300;
  const std::string lib = GetParam().library.string();
  std::vector<Child> children;
  run_together({{lib, config_, "insert", "a", std::to_string(kEach)},
                {lib, config_, "insert", "b", std::to_string(kEach)}},
               dir_, children);
  if (HasFatalFailure()) return;
  auto rows = db().find("audit_log");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  std::set<std::string> actions;
  std::set<std::int64_t> ids;
  for (const auto& row : *rows) {
    actions.insert(row->getValue<std::string>("action"));
    ids.insert(row->getValue<std::int64_t>("id"));
  }
  EXPECT_EQ(rows->size(), 2u * kEach);
  EXPECT_EQ(actions.size(), 2u * kEach);
  EXPECT_EQ(ids.size(), 2u * kEach);
  for (int i = 0; i < kEach; ++i) {
    EXPECT_TRUE(actions.count("a-" + std::to_string(i))) << i;
    EXPECT_TRUE(actions.count("b-" + std::to_string(i))) << i;
  }
}

TEST_P(StorageTest, TwoProcessesNeverClaimTheSameJob) {
  constexpr int kJobs = 200;
  std::set<std::int64_t> queued;
  for (int i = 0; i < kJobs; ++i) queued.insert(insert_id("jobs", R"({"pipeline":"retrieve"})"));
  ASSERT_EQ(queued.size(), static_cast<std::size_t>(kJobs));

  const std::string lib = GetParam().library.string();
  std::vector<Child> children;
  run_together({{lib, config_, "claim", "worker-a"}, {lib, config_, "claim", "worker-b"}}, dir_,
               children);
  if (HasFatalFailure()) return;

  std::map<std::int64_t, int> claims;
  for (const auto& child : children) {
    std::ifstream in(child.out);
    std::int64_t id = 0;
    while (in >> id) ++claims[id];
  }
  EXPECT_EQ(claims.size(), queued.size());
  for (const auto& [id, times] : claims) {
    EXPECT_EQ(times, 1) << "job " << id << " was claimed " << times << " times";
    EXPECT_TRUE(queued.count(id)) << id;
  }
  engine::Query done;
  done.where.set("state", "succeeded");
  auto finished = db().find("jobs", done);
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->size(), queued.size());
  for (const auto& row : *finished) EXPECT_EQ(row->getValue<std::int64_t>("attempts"), 1);
}

}  // namespace hsd::test
