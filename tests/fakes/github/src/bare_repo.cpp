#include "bare_repo.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "process.hpp"

namespace hsd::fakes::github_detail {
namespace fs = std::filesystem;
namespace {

// Fixed identity and dates, and no user or system config, so a run on any machine makes the
// same commits.
const std::map<std::string, std::string>& git_env() {
  static const std::map<std::string, std::string> env{
      {"GIT_AUTHOR_NAME", "Fake GitHub"},        {"GIT_AUTHOR_EMAIL", "fake@github.invalid"},
      {"GIT_COMMITTER_NAME", "Fake GitHub"},     {"GIT_COMMITTER_EMAIL", "fake@github.invalid"},
      {"GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z"}, {"GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z"},
      {"GIT_CONFIG_NOSYSTEM", "1"},              {"GIT_CONFIG_GLOBAL", "/dev/null"}};
  return env;
}

std::string git(const fs::path& dir, std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), "--git-dir=" + dir.string());
  const ProcessResult r = run_process("git", args, dir.parent_path().string(), git_env(), input);
  if (r.exit_code != 0) throw std::runtime_error("git " + args[1] + " failed: " + r.err);
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string quote_for_sh(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void init_bare_repo(const fs::path& dir, const std::string& default_branch) {
  fs::create_directories(dir.parent_path());
  const ProcessResult r = run_process("git", {"init", "--bare", "--quiet", "--initial-branch=" + default_branch, dir.string()},
                                      dir.parent_path().string(), git_env(), "");
  if (r.exit_code != 0) throw std::runtime_error("git init --bare failed: " + r.err);
}

void add_initial_commit(const fs::path& dir, const std::string& branch, const std::string& repo_name) {
  const std::string blob = git(dir, {"hash-object", "-w", "--stdin"}, "# " + repo_name + "\n\nBranch " + branch + ".\n");
  const std::string tree = git(dir, {"mktree"}, "100644 blob " + blob + "\tREADME.md\n");
  const std::string commit = git(dir, {"commit-tree", tree, "-m", "Initial commit"});
  git(dir, {"update-ref", "refs/heads/" + branch, commit});
}

void write_protection_hook(const fs::path& dir, const std::set<std::string>& branches) {
  const fs::path hook = dir / "hooks" / "pre-receive";
  fs::create_directories(hook.parent_path());
  std::ostringstream script;
  script << "#!/bin/sh\n"
            "# Written by the fake GitHub: refuses updates of protected branches, as GitHub's GH006 does.\n"
            "status=0\n"
            "while read old new ref; do\n"
            "  case \"$ref\" in\n";
  for (const auto& branch : branches) {
    script << "    " << quote_for_sh("refs/heads/" + branch) << ")\n"
           << "      echo \"error: GH006: Protected branch update failed for $ref.\" >&2\n"
           << "      echo \"error: protected branch hook declined\" >&2\n"
           << "      status=1 ;;\n";
  }
  script << "  esac\n"
            "done\n"
            "exit $status\n";
  {
    std::ofstream out(hook, std::ios::trunc);
    out << script.str();
    if (!out) throw std::runtime_error("cannot write " + hook.string());
  }
  fs::permissions(hook, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
}

std::vector<Branch> read_branches(const fs::path& dir) {
  std::map<std::string, std::string> refs;
  std::ifstream packed(dir / "packed-refs");
  for (std::string line; std::getline(packed, line);) {
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string name = line.substr(space + 1);
    if (name.rfind("refs/heads/", 0) == 0) refs[name.substr(11)] = line.substr(0, space);
  }
  const fs::path heads = dir / "refs" / "heads";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(heads, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() == ".lock") continue;
    std::ifstream in(it->path());
    std::string sha;
    std::getline(in, sha);
    if (sha.size() >= 40 && sha.rfind("ref:", 0) != 0)
      refs[fs::relative(it->path(), heads).generic_string()] = sha.substr(0, 40);
  }
  std::vector<Branch> out;
  for (auto& [name, sha] : refs) out.push_back(Branch{name, sha});
  return out;
}

std::int64_t repo_size_kb(const fs::path& dir) {
  if (read_branches(dir).empty()) return 0;
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir / "objects", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) bytes += it->file_size();
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(bytes / 1024));
}

TimePoint last_push(const fs::path& dir, TimePoint fallback) {
  std::error_code ec;
  std::optional<fs::file_time_type> latest;
  auto consider = [&](const fs::path& p) {
    std::error_code failed;
    const auto t = fs::last_write_time(p, failed);
    if (!failed && (!latest || t > *latest)) latest = t;
  };
  if (fs::exists(dir / "packed-refs")) consider(dir / "packed-refs");
  for (auto it = fs::recursive_directory_iterator(dir / "refs" / "heads", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) consider(it->path());
  if (!latest) return fallback;
  return std::max(fallback, std::chrono::time_point_cast<Clock::duration>(std::chrono::file_clock::to_sys(*latest)));
}

}  // namespace hsd::fakes::github_detail
