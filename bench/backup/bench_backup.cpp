// hsd-bench-backup: the GitHub backup writer (write_backup) against the git command line, over
// git smart HTTP to the in-process fake GitHub (real `git http-backend`, Basic auth), on the
// same data and the same server. A program that prints figures, not a test: it fails only when
// something does not run, never because a figure misses a target.
//
//   hsd-bench-backup [--objects N] [--changed K] [--repeat R] [--seed S] [--scratch DIR]
//                    [--keep] [--quiet]
//
// Each repetition uses fresh repositories (and a fresh mirror): (a) write_backup's first run,
// (b) its incremental run with K objects changed, (c) the git CLI's first commit of the same
// files (render and write them, git add -A, git commit, git push), (d) the git CLI's
// incremental one (rewrite the K files, add, commit, push). The files are rendered with the
// writer's own layout, names, pretty-printer and README, so both sides push the same tree
// (checked). Figures: median and min over the repetitions.
#include "backup/backup.hpp"

#include "backup/json_pretty.hpp"
#include "backup/layout.hpp"
#include "backup/readme.hpp"
#include "backup/safe_name.hpp"

#include "hsd/fakes/fake_github.hpp"
#include "hsd/fakes/fake_hubspot.hpp"

#include <git2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace backup = hsd::plugins::github::backup;
namespace fakes = hsd::fakes;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kUsage =
    "usage: hsd-bench-backup [--objects N] [--changed K] [--repeat R] [--seed S] [--scratch DIR] [--keep] [--quiet]\n"
    "                        [--skip-cli]   (write_backup only, e.g. to profile it)\n";

struct Options {
  std::size_t objects = 10000;
  std::size_t changed = 10;
  int repeat = 3;
  std::uint64_t seed = 42;
  std::string scratch;
  bool keep = false;
  bool quiet = false;
  bool skip_cli = false;
};

struct Obj {
  std::string type, id, name, data, hash;
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string git_hash(const std::string& data) {
  git_oid oid;
  git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs a shell command; its output goes to log_path. Throws when it fails.
void sh(const std::string& cmd, const std::string& log_path) {
  const std::string full = "{ " + cmd + " ; } >>" + shell_quote(log_path) + " 2>&1";
  const int rc = std::system(full.c_str());
  if (rc != 0) {
    throw std::runtime_error("command failed (" + std::to_string(WIFEXITED(rc) ? WEXITSTATUS(rc) : rc) + "): " + cmd +
                             " (see " + log_path + ")");
  }
}

std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

std::string thousands(std::size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

// ---- The snapshot: a HubSpot portal from the fake HubSpot's generator -------------------------

// The fake HubSpot's large portal (schemas, contact and deal properties, workflows, forms, as
// HubSpot sends them), scaled so that it holds at least n objects, then n of them taken evenly
// so every type keeps its share. Deterministic for a seed.
std::vector<Obj> make_snapshot(std::size_t n, std::uint64_t seed) {
  double scale = static_cast<double>(n) / 9000.0;
  for (;;) {
    fakes::FakeHubSpotOptions options;
    options.seed = seed;
    const fakes::PortalSizes large = fakes::PortalSizes::large();
    fakes::PortalSizes s = large;
    auto scaled = [scale](int v) { return std::max(1, static_cast<int>(std::ceil(v * scale))); };
    s.custom_schemas = scaled(large.custom_schemas);
    s.contact_properties = scaled(large.contact_properties);
    s.deal_properties = scaled(large.deal_properties);
    s.flows = scaled(large.flows);
    s.forms = scaled(large.forms);
    options.sizes = s;
    fakes::FakeHubSpot portal(options);
    std::vector<fakes::ExpectedObject> all = portal.expected_objects();
    if (all.size() < n) {
      scale *= 1.25 * static_cast<double>(n) / static_cast<double>(std::max<std::size_t>(all.size(), 1));
      continue;
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.type != b.type ? a.type < b.type : a.id < b.id; });
    std::vector<Obj> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      fakes::ExpectedObject& e = all[i * all.size() / n];
      out.push_back(Obj{std::move(e.type), std::move(e.id), std::move(e.name), std::move(e.json), ""});
    }
    out.erase(std::unique(out.begin(), out.end(), [](const Obj& a, const Obj& b) { return a.type == b.type && a.id == b.id; }),
              out.end());
    for (Obj& o : out) o.hash = git_hash(o.data);
    return out;
  }
}

// The objects the incremental run changes: k of them, evenly spread over the snapshot.
std::vector<std::size_t> changed_indices(std::size_t n, std::size_t k) {
  std::vector<std::size_t> out;
  if (n == 0) return out;
  k = std::min(k, n);
  for (std::size_t i = 0; i < k; ++i) out.push_back((i * n + n / 2) / k % n);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// An edit as HubSpot makes one: a new updatedAt (every generated object has one).
void edit(Obj& o, int round, std::size_t k) {
  char stamp[40];
  std::snprintf(stamp, sizeof stamp, "2026-11-%02d" "T12:%02zu:%02zu.000Z", 1 + round % 28, (k / 60) % 60, k % 60);
  const std::string key = "\"updatedAt\":\"";
  const std::size_t at = o.data.find(key);
  if (at != std::string::npos) {
    const std::size_t begin = at + key.size();
    const std::size_t end = o.data.find('"', begin);
    o.data.replace(begin, end - begin, stamp);
  } else {
    o.data.insert(1, "\"hsdBenchEdited\":\"" + std::string(stamp) + "\",");
  }
  o.hash = git_hash(o.data);
}

backup::ObjectSource source_of(const std::vector<Obj>& objs) {
  return [&objs](const backup::ObjectVisitor& visit) -> hsd::sdk::Status {
    for (const Obj& o : objs) {
      auto s = visit(backup::Object{o.type, o.id, o.name, o.data, o.hash});
      if (!s) return s;
    }
    return {};
  };
}

// ---- The files as the writer lays them out ----------------------------------------------------

struct Layout {
  std::string folder;                 // e.g. hubspot/62515
  std::vector<std::string> paths;     // per object, relative to the repository root
  std::string readme_path;
};

Layout layout_of(const std::vector<Obj>& objs, const backup::Source& source, const std::string& prefix) {
  Layout l;
  auto normalized = backup::normalize_prefix(prefix);
  if (!normalized) throw std::runtime_error("bad prefix");
  l.folder = backup::account_folder(normalized.value(), source);
  l.readme_path = backup::join_path(l.folder, backup::kReadmeName);
  std::vector<std::string_view> type_names;
  for (const Obj& o : objs) {
    if (type_names.empty() || type_names.back() != o.type) type_names.push_back(o.type);
  }
  const std::vector<std::string> folders = backup::assign_names(type_names, {backup::ascii_lower(backup::kReadmeName)});
  l.paths.resize(objs.size());
  std::size_t begin = 0;
  for (std::size_t t = 0; t < type_names.size(); ++t) {
    std::size_t end = begin;
    while (end < objs.size() && objs[end].type == type_names[t]) ++end;
    std::vector<std::string_view> ids;
    for (std::size_t i = begin; i < end; ++i) ids.push_back(objs[i].id);
    const std::vector<std::string> names = backup::assign_names(ids);
    for (std::size_t i = begin; i < end; ++i) {
      l.paths[i] = backup::join_path(backup::join_path(l.folder, folders[t]), names[i - begin] + std::string(backup::kObjectExtension));
    }
    begin = end;
  }
  return l;
}

std::string readme_of(const std::vector<Obj>& objs, const Layout& l, const backup::Source& source) {
  std::vector<backup::ReadmeType> types;
  for (std::size_t i = 0; i < objs.size(); ++i) {
    if (types.empty() || types.back().type != objs[i].type) {
      backup::ReadmeType t;
      t.type = objs[i].type;
      const std::string& p = l.paths[i];
      const std::size_t slash = p.rfind('/');
      const std::size_t prev = p.rfind('/', slash - 1);
      t.folder = p.substr(prev + 1, slash - prev - 1);
      types.push_back(std::move(t));
    }
    types.back().rows.push_back({objs[i].id, objs[i].name, l.paths[i].substr(l.paths[i].rfind('/') + 1)});
  }
  return backup::render_readme(source, std::move(types));
}

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// ---- One repetition -----------------------------------------------------------------------------

struct Phases {
  std::vector<std::pair<std::string, double>> marks;  // (log message, seconds since start)
};

struct RepResult {
  double bk_first = 0, bk_incr = 0, bk_noop = 0;
  double cli_clone = 0, cli_write = 0, cli_add = 0, cli_commit = 0, cli_push = 0;
  double cli_incr_write = 0, cli_incr_add = 0, cli_incr_commit = 0, cli_incr_push = 0;
  double cli_first() const { return cli_write + cli_add + cli_commit + cli_push; }
  double cli_incr() const { return cli_incr_write + cli_incr_add + cli_incr_commit + cli_incr_push; }
  Phases bk_first_phases, bk_incr_phases;
  backup::Outcome first_outcome, incr_outcome;
  bool same_tree_first = false, same_tree_incr = false;
  // HTTP requests the fake answered (and how many with 401) per step: [bk first, bk incr, cli first, cli incr]
  int requests[4] = {0, 0, 0, 0};
  int unauthorized[4] = {0, 0, 0, 0};
};

void count_requests(fakes::FakeGitHub& gh, RepResult& r, int step) {
  const fakes::FakeGitHubStats st = gh.stats();
  r.requests[step] = st.total;
  auto it = st.by_status.find(401);
  r.unauthorized[step] = it == st.by_status.end() ? 0 : it->second;
  gh.reset_stats();
}

std::string rev_parse(const std::string& git_dir, const std::string& rev) {
  return capture("git --git-dir=" + shell_quote(git_dir) + " rev-parse --verify -q " + shell_quote(rev) + " 2>/dev/null");
}

RepResult run_once(int rep, fakes::FakeGitHub& gh, const std::string& token, const std::string& owner,
                   std::vector<Obj> objs, const std::vector<std::size_t>& changes, const std::string& scratch,
                   const std::string& git_env, const std::string& log_path, bool skip_cli) {
  RepResult r;
  const std::string suffix = "r" + std::to_string(rep);
  fakes::RepoSpec bk_spec;
  bk_spec.owner = owner;
  bk_spec.name = "backup-" + suffix;
  bk_spec.is_private = true;
  bk_spec.empty = true;
  const fakes::CreatedRepo bk_repo = gh.create_repo(bk_spec);
  fakes::RepoSpec cli_spec = bk_spec;
  cli_spec.name = "cli-" + suffix;
  const fakes::CreatedRepo cli_repo = gh.create_repo(cli_spec);

  const std::string host = "127.0.0.1:" + std::to_string(gh.port());
  backup::Target t;
  t.remote_url = gh.clone_url(bk_repo.full_name);
  t.allowed_host = host;
  t.token = token;
  t.branch = "main";
  t.path_prefix = "";
  t.mirror_dir = scratch + "/mirror-" + suffix + ".git";
  t.full_name = bk_repo.full_name;
  t.author_name = "hsdeploy bench";
  t.author_email = "bench@example.com";
  const backup::Source src{"hubspot", "62515", "HSD Fake Portal", ""};

  Clock::time_point t0;
  Phases* phases = nullptr;
  backup::Hooks hooks;
  hooks.log = [&](hsd_log_level, std::string_view m) {
    if (phases) phases->marks.emplace_back(std::string(m), seconds_since(t0));
  };

  // (a) write_backup, first run: fresh mirror, empty repository.
  phases = &r.bk_first_phases;
  gh.reset_stats();
  t0 = Clock::now();
  auto first = backup::write_backup(t, src, source_of(objs), hooks);
  r.bk_first = seconds_since(t0);
  if (!first.ok()) throw std::runtime_error("write_backup (first) failed: " + first.failure().message);
  r.first_outcome = first.value();
  count_requests(gh, r, 0);

  // The git CLI, first: clone the empty repository, render and write the same files, add, commit, push.
  const Layout layout = layout_of(objs, src, t.path_prefix);
  const std::string work = scratch + "/cli-" + suffix;
  const std::string in_work = "cd " + shell_quote(work) + " && " + git_env + " git ";
  if (!skip_cli) {
    t0 = Clock::now();
    sh(git_env + " git clone -q " + shell_quote(gh.clone_url(cli_repo.full_name)) + " " + shell_quote(work), log_path);
    sh(in_work + "checkout -q -b main", log_path);  // an empty clone has no branch yet
    r.cli_clone = seconds_since(t0);
    t0 = Clock::now();
    {
      fs::path last_dir;
      for (std::size_t i = 0; i < objs.size(); ++i) {
        const fs::path path = fs::path(work) / layout.paths[i];
        if (path.parent_path() != last_dir) {
          fs::create_directories(path.parent_path());
          last_dir = path.parent_path();
        }
        write_file(path, backup::render_object_file(objs[i].data));
      }
      write_file(fs::path(work) / layout.readme_path, readme_of(objs, layout, src));
    }
    r.cli_write = seconds_since(t0);
    t0 = Clock::now();
    sh(in_work + "add -A", log_path);
    r.cli_add = seconds_since(t0);
    t0 = Clock::now();
    sh(in_work + "commit -q -m 'Backup of HSD Fake Portal'", log_path);
    r.cli_commit = seconds_since(t0);
    t0 = Clock::now();
    sh(in_work + "push -q origin main", log_path);
    r.cli_push = seconds_since(t0);
    count_requests(gh, r, 2);
    r.same_tree_first = rev_parse(bk_repo.path, "refs/heads/main^{tree}") == rev_parse(cli_repo.path, "refs/heads/main^{tree}") &&
                        !rev_parse(bk_repo.path, "refs/heads/main^{tree}").empty();
  }

  // The K changed objects.
  for (std::size_t k = 0; k < changes.size(); ++k) edit(objs[changes[k]], rep, k);

  // (b) write_backup, incremental: the same mirror, K objects changed.
  phases = &r.bk_incr_phases;
  t0 = Clock::now();
  auto second = backup::write_backup(t, src, source_of(objs), hooks);
  r.bk_incr = seconds_since(t0);
  phases = nullptr;
  if (!second.ok()) throw std::runtime_error("write_backup (incremental) failed: " + second.failure().message);
  r.incr_outcome = second.value();
  count_requests(gh, r, 1);

  // An unchanged run, for reference (nothing to commit).
  t0 = Clock::now();
  auto third = backup::write_backup(t, src, source_of(objs), hooks);
  r.bk_noop = seconds_since(t0);
  if (!third.ok()) throw std::runtime_error("write_backup (unchanged) failed: " + third.failure().message);

  if (skip_cli) {
    r.same_tree_first = r.same_tree_incr = true;
    return r;
  }
  gh.reset_stats();
  // (d) the git CLI, incremental: rewrite the same K files, add, commit, push.
  t0 = Clock::now();
  for (std::size_t i : changes) write_file(fs::path(work) / layout.paths[i], backup::render_object_file(objs[i].data));
  r.cli_incr_write = seconds_since(t0);
  t0 = Clock::now();
  sh(in_work + "add -A", log_path);
  r.cli_incr_add = seconds_since(t0);
  t0 = Clock::now();
  sh(in_work + "commit -q -m 'Backup of HSD Fake Portal'", log_path);
  r.cli_incr_commit = seconds_since(t0);
  t0 = Clock::now();
  sh(in_work + "push -q origin main", log_path);
  r.cli_incr_push = seconds_since(t0);
  count_requests(gh, r, 3);
  r.same_tree_incr = rev_parse(bk_repo.path, "refs/heads/main^{tree}") == rev_parse(cli_repo.path, "refs/heads/main^{tree}");
  return r;
}

// The write_backup phases from its log lines: the time between consecutive messages, named by
// the step that ends there.
std::vector<std::pair<std::string, double>> phase_durations(const Phases& p, double total) {
  auto name_of = [](const std::string& m) -> std::string {
    if (m.rfind("fetched", 0) == 0) return "lock, open mirror, connect + ls-remote";
    if (m.find("rendered") != std::string::npos) return "render + hash objects (blob cache)";
    if (m.rfind("built the tree", 0) == 0) return "README + build trees";
    if (m.rfind("packed", 0) == 0) return "commit, pack (and store) the new objects";
    if (m.rfind("created and stored", 0) == 0) return "store the pack (when not yet stored)";
    if (m.rfind("pushed", 0) == 0) return "push (HTTP, server side included)";
    return m.substr(0, 40);
  };
  std::vector<std::pair<std::string, double>> out;
  double prev = 0;
  for (const auto& [m, at] : p.marks) {
    out.emplace_back(name_of(m), at - prev);
    prev = at;
  }
  out.emplace_back("after the last log line", total - prev);
  return out;
}

int parse_args(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hsd-bench-backup: %s needs a value\n%s", a.c_str(), kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    try {
      if (a == "--objects") o.objects = std::stoul(value());
      else if (a == "--changed") o.changed = std::stoul(value());
      else if (a == "--repeat") o.repeat = std::stoi(value());
      else if (a == "--seed") o.seed = std::stoull(value());
      else if (a == "--scratch") o.scratch = value();
      else if (a == "--keep") o.keep = true;
      else if (a == "--quiet") o.quiet = true;
      else if (a == "--skip-cli") o.skip_cli = true;
      else if (a == "-h" || a == "--help") {
        std::fputs(kUsage, stdout);
        std::exit(0);
      } else {
        std::fprintf(stderr, "hsd-bench-backup: unknown option %s\n%s", a.c_str(), kUsage);
        return 2;
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "hsd-bench-backup: bad value for %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (o.objects == 0 || o.repeat < 1) {
    std::fprintf(stderr, "hsd-bench-backup: --objects and --repeat must be at least 1\n");
    return 2;
  }
  return 0;
}

const char* verdict(bool ok) { return ok ? "PASS" : "MISS"; }

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (int rc = parse_args(argc, argv, opt); rc != 0) return rc;
  auto note = [&](const char* fmt, auto... args) {
    if (!opt.quiet) {
      std::fprintf(stderr, fmt, args...);
      std::fflush(stderr);
    }
  };
  git_libgit2_init();

  std::string scratch = opt.scratch.empty() ? (fs::temp_directory_path() / ("hsd-bench-backup-" + std::to_string(::getpid()))).string()
                                            : opt.scratch;
  fs::create_directories(scratch);
  scratch = fs::canonical(scratch).string();
  const std::string log_path = scratch + "/git-cli.log";

  int exit_code = 0;
  try {
    // The snapshot.
    auto g0 = Clock::now();
    std::vector<Obj> objs = make_snapshot(opt.objects, opt.seed);
    const double gen_s = seconds_since(g0);
    std::vector<std::size_t> sizes;
    std::size_t total_bytes = 0, rendered_bytes = 0;
    std::map<std::string, std::size_t> per_type;
    for (const Obj& o : objs) {
      sizes.push_back(o.data.size());
      total_bytes += o.data.size();
      rendered_bytes += backup::render_object_file(o.data).size();
      ++per_type[o.type];
    }
    std::sort(sizes.begin(), sizes.end());
    auto pct = [&](double p) { return sizes[std::min(sizes.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sizes.size())))]; };
    const std::vector<std::size_t> changes = changed_indices(objs.size(), opt.changed);
    note("snapshot generated in %.1f s\n", gen_s);

    // The fake GitHub, a user, a token with repo scope.
    fakes::FakeGitHubOptions gopt;
    gopt.root = scratch + "/fake-github";
    fs::create_directories(gopt.root);
    fakes::FakeGitHub gh(gopt);
    gh.start();
    const std::string owner = "bench-owner";
    gh.create_user(fakes::UserSpec{.login = owner});
    fakes::TokenSpec ts;
    ts.login = owner;
    ts.kind = fakes::TokenKind::kClassic;
    ts.scopes = {"repo"};
    const std::string token = gh.create_token(ts);

    // The git CLI's credentials: an askpass script reading the token from the environment (never
    // in a URL or on a command line); no user or system configuration.
    const std::string home = scratch + "/home";
    fs::create_directories(home);
    const std::string askpass = scratch + "/askpass.sh";
    write_file(askpass,
               "#!/bin/sh\ncase \"$1\" in\n  Username*) echo x-access-token ;;\n  *) printf '%s\\n' \"$HSD_BENCH_GIT_TOKEN\" ;;\nesac\n");
    fs::permissions(askpass, fs::perms::owner_all);
    ::setenv("HSD_BENCH_GIT_TOKEN", token.c_str(), 1);
    const std::string git_env = "env HOME=" + shell_quote(home) + " XDG_CONFIG_HOME=" + shell_quote(home) +
                                " GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=" + shell_quote(askpass) +
                                " GIT_AUTHOR_NAME='hsdeploy bench' GIT_AUTHOR_EMAIL=bench@example.com"
                                " GIT_COMMITTER_NAME='hsdeploy bench' GIT_COMMITTER_EMAIL=bench@example.com";

    const unsigned cores = std::thread::hardware_concurrency();
    char when[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", std::gmtime(&now));
    const std::string loadavg = capture("cut -d' ' -f1-3 /proc/loadavg");
    const std::string git_version = capture("git --version");
    int major = 0, minor = 0, rev = 0;
    git_libgit2_version(&major, &minor, &rev);

    std::printf("hsdeploy backup benchmark, %s, %u cores, load average %s at start\n", when, cores, loadavg.c_str());
    std::printf("snapshot: %s objects from the fake HubSpot's generator (seed %llu):", thousands(objs.size()).c_str(),
                static_cast<unsigned long long>(opt.seed));
    for (const auto& [type, count] : per_type) std::printf(" %s %s,", thousands(count).c_str(), type.c_str());
    std::printf("\n  JSON as stored: %.1f MB, per object min %zu B, p10 %zu, median %zu, p90 %zu, max %zu; files as rendered %.1f MB\n",
                static_cast<double>(total_bytes) / 1e6, sizes.front(), pct(0.10), pct(0.5), pct(0.9), sizes.back(),
                static_cast<double>(rendered_bytes) / 1e6);
    std::printf("  incremental: %zu objects changed (a new updatedAt each)\n", changes.size());
    std::printf("server: fake GitHub in-process at 127.0.0.1:%u, git smart HTTP through git http-backend, Basic auth with a classic token (repo)\n",
                gh.port());
    std::printf("clients: write_backup with libgit2 %d.%d.%d; %s (credentials through GIT_ASKPASS)\n\n", major, minor, rev,
                git_version.c_str());
    std::fflush(stdout);

    std::vector<RepResult> results;
    for (int rep = 1; rep <= opt.repeat; ++rep) {
      note("repetition %d of %d ...", rep, opt.repeat);
      results.push_back(run_once(rep, gh, token, owner, objs, changes, scratch, git_env, log_path, opt.skip_cli));
      const RepResult& r = results.back();
      note(" write_backup %.3f / %.3f s, git CLI %.3f / %.3f s\n", r.bk_first, r.bk_incr, r.cli_first(), r.cli_incr());
    }
    gh.stop();

    auto col = [&](auto get) {
      std::vector<double> v;
      for (const RepResult& r : results) v.push_back(get(r));
      return v;
    };
    auto fmt = [](const std::vector<double>& v) {
      char b[64];
      std::snprintf(b, sizeof b, "%.3f (%.3f)", median(v), minimum(v));
      return std::string(b);
    };
    const auto bk_first = col([](const RepResult& r) { return r.bk_first; });
    const auto bk_incr = col([](const RepResult& r) { return r.bk_incr; });
    const auto bk_noop = col([](const RepResult& r) { return r.bk_noop; });
    const auto cli_first = col([](const RepResult& r) { return r.cli_first(); });
    const auto cli_incr = col([](const RepResult& r) { return r.cli_incr(); });
    const auto cli_clone = col([](const RepResult& r) { return r.cli_clone; });
    const double ratio_incr = median(bk_incr) / median(bk_first);
    const double ratio_first_cli = median(cli_first) / median(bk_first);
    const double ratio_incr_cli = median(cli_incr) / median(bk_incr);

    std::printf("seconds, median (min) of %d repetitions, fresh repositories and mirror each:\n", opt.repeat);
    std::printf("  %-34s %16s %16s %10s\n", "", "write_backup", "git CLI", "CLI / wb");
    std::printf("  %-34s %16s %16s %10.2f\n", ("first (" + thousands(objs.size()) + " objects)").c_str(), fmt(bk_first).c_str(),
                fmt(cli_first).c_str(), ratio_first_cli);
    std::printf("  %-34s %16s %16s %10.2f\n", ("incremental (" + std::to_string(changes.size()) + " changed)").c_str(),
                fmt(bk_incr).c_str(), fmt(cli_incr).c_str(), ratio_incr_cli);
    std::printf("  %-34s %16s\n", "unchanged (no commit)", fmt(bk_noop).c_str());
    std::printf("  (git CLI first = write files + add + commit + push; its clone of the empty repository, %s s, is not counted)\n\n",
                fmt(cli_clone).c_str());

    std::printf("  %-48s %8s  %-8s %s\n", "figure", "value", "target", "result");
    std::printf("  %-48s %8.3f  %-8s %s\n", "write_backup incremental / first", ratio_incr, "<= 0.05", verdict(ratio_incr <= 0.05));
    std::printf("  %-48s %8.2f  %-8s %s\n", "git CLI / write_backup, first", ratio_first_cli, ">= 2", verdict(ratio_first_cli >= 2));
    std::printf("  %-48s %8.2f  %-8s %s\n\n", "git CLI / write_backup, incremental", ratio_incr_cli, ">= 2", verdict(ratio_incr_cli >= 2));

    // Where the time goes, medians per phase.
    std::printf("write_backup by phase (from its log lines; median s):\n");
    for (int which = 0; which < 2; ++which) {
      std::map<std::string, std::vector<double>> by;
      std::vector<std::string> order;
      for (const RepResult& r : results) {
        const auto d = phase_durations(which == 0 ? r.bk_first_phases : r.bk_incr_phases, which == 0 ? r.bk_first : r.bk_incr);
        for (const auto& [name, s] : d) {
          if (!by.count(name)) order.push_back(name);
          by[name].push_back(s);
        }
      }
      std::printf("  %s:", which == 0 ? "first" : "incremental");
      for (const std::string& name : order) std::printf("  %s %.3f;", name.c_str(), median(by[name]));
      std::printf("\n");
    }
    auto med = [&](auto get) { return median(col(get)); };
    std::printf("git CLI by step (median s):\n");
    std::printf("  first:        write files %.3f; add -A %.3f; commit %.3f; push %.3f\n", med([](const RepResult& r) { return r.cli_write; }),
                med([](const RepResult& r) { return r.cli_add; }), med([](const RepResult& r) { return r.cli_commit; }),
                med([](const RepResult& r) { return r.cli_push; }));
    std::printf("  incremental:  write files %.3f; add -A %.3f; commit %.3f; push %.3f\n",
                med([](const RepResult& r) { return r.cli_incr_write; }), med([](const RepResult& r) { return r.cli_incr_add; }),
                med([](const RepResult& r) { return r.cli_incr_commit; }), med([](const RepResult& r) { return r.cli_incr_push; }));

    bool same = true;
    for (const RepResult& r : results) same = same && r.same_tree_first && r.same_tree_incr;
    const RepResult& last = results.back();
    std::printf("\nchecks: first commit %zu files added; incremental %zu changed, %zu added, %zu removed; "
                "same tree pushed by both sides: %s\n",
                last.first_outcome.added, last.incr_outcome.changed, last.incr_outcome.added, last.incr_outcome.removed,
                same ? "true" : "FALSE");
    std::printf("HTTP requests to the fake (of which 401), last repetition: write_backup first %d (%d), incremental %d (%d); "
                "git CLI first %d (%d) with its clone, incremental %d (%d)\n",
                last.requests[0], last.unauthorized[0], last.requests[1], last.unauthorized[1], last.requests[2],
                last.unauthorized[2], last.requests[3], last.unauthorized[3]);
    std::printf("load average %s at the end\n", capture("cut -d' ' -f1-3 /proc/loadavg").c_str());
    if (!same) exit_code = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hsd-bench-backup: %s\n", e.what());
    exit_code = 1;
  }
  std::fflush(stdout);
  if (opt.keep) {
    std::fprintf(stderr, "work folder kept: %s\n", scratch.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(scratch, ec);
  }
  git_libgit2_shutdown();
  return exit_code;
}
