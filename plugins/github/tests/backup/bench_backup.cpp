// A rough timing of write_backup against a local bare repository, and of the same work with
// the git CLI (write files, git add -A, git commit, git push). Not a test:
//   hsd_github_backup_bench [objects=10000] [changes=10] [scratch dir=/tmp]
#include "backup/backup.hpp"

#include "backup/json_pretty.hpp"

#include <git2.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace backup = hsd::plugins::github::backup;
using Clock = std::chrono::steady_clock;

namespace {

struct Obj {
  std::string type, id, name, data, hash;
};

std::string hash_of(const std::string& data) {
  git_oid oid;
  git_odb_hash(&oid, data.data(), data.size(), GIT_OBJECT_BLOB);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

std::string make_json(size_t i, int version) {
  std::string s = "{\"name\":\"Object " + std::to_string(i) + "\",\"id\":\"obj-" + std::to_string(i) +
                  "\",\"version\":" + std::to_string(version) + ",\"createdAt\":\"2024-05-0" +
                  std::to_string(i % 9 + 1) + "T10:00:00.000Z\",\"archived\":false,\"properties\":[";
  for (int f = 0; f < 12; ++f) {
    if (f) s += ',';
    s += "{\"label\":\"Field " + std::to_string(f) + " of " + std::to_string(i) + "\",\"type\":\"string\",\"required\":" +
         (f % 3 == 0 ? "true" : "false") + ",\"order\":" + std::to_string(f) + ",\"weight\":" +
         std::to_string(i % 97) + ".50}";
  }
  s += "],\"options\":{\"z\":1,\"a\":[1,2,3],\"m\":{\"k\":\"v\"}}}";
  return s;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

backup::ObjectSource source_of(const std::vector<Obj>& objs) {
  return [&objs](const backup::ObjectVisitor& visit) -> hsd::sdk::Status {
    for (const Obj& o : objs) {
      auto s = visit(backup::Object{o.type, o.id, o.name, o.data, o.hash});
      if (!s) return s;
    }
    return {};
  };
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::stoul(argv[1]) : 10000;
  const size_t changes = argc > 2 ? std::stoul(argv[2]) : 10;
  std::string base = argc > 3 ? argv[3] : "/tmp";
  base += "/hsd-bench-" + std::to_string(::getpid());
  std::filesystem::create_directories(base);
  git_libgit2_init();

  const char* types[] = {"forms", "lists", "pipelines", "properties", "workflows"};
  std::vector<Obj> objs;
  for (size_t i = 0; i < n; ++i) {
    Obj o{types[i % 5], "obj-" + std::to_string(100000 + i), "Object " + std::to_string(i), make_json(i, 1), ""};
    o.hash = hash_of(o.data);
    objs.push_back(std::move(o));
  }
  std::sort(objs.begin(), objs.end(), [](const Obj& a, const Obj& b) { return a.type != b.type ? a.type < b.type : a.id < b.id; });

  backup::Target t;
  t.remote_url = base + "/remote.git";
  t.allowed_host = "github.com";
  t.branch = "main";
  t.mirror_dir = base + "/mirror";
  t.author_name = "Bench";
  t.author_email = "bench@example.com";
  backup::Source src{"hubspot", "123", "Bench account", ""};
  sh("git init -q --bare " + t.remote_url);

  auto t0 = Clock::now();
  backup::Hooks timed;
  timed.log = [&t0](hsd_log_level, std::string_view m) {
    if (std::getenv("BENCH_VERBOSE")) std::printf("  %7.3f s  %.*s\n", seconds_since(t0), static_cast<int>(m.size()), m.data());
  };
  auto first = backup::write_backup(t, src, source_of(objs), timed);
  const double first_s = seconds_since(t0);
  if (!first.ok()) {
    std::fprintf(stderr, "first backup failed: %s\n", first.failure().message.c_str());
    return 1;
  }

  for (size_t k = 0; k < changes && k < objs.size(); ++k) {
    Obj& o = objs[(k * 7919) % objs.size()];
    o.data = make_json(k * 7919 % objs.size(), 2);
    o.hash = hash_of(o.data);
  }
  t0 = Clock::now();
  auto second = backup::write_backup(t, src, source_of(objs), timed);
  const double incr_s = seconds_since(t0);
  if (!second.ok()) {
    std::fprintf(stderr, "incremental backup failed: %s\n", second.failure().message.c_str());
    return 1;
  }
  t0 = Clock::now();
  auto third = backup::write_backup(t, src, source_of(objs), {});
  const double noop_s = seconds_since(t0);

  // The same with the git CLI: render and write the files, add, commit, push.
  if (std::getenv("BENCH_SKIP_CLI")) {
    std::printf("first %.3f s, incremental %.3f s, unchanged %.3f s\n", first_s, incr_s, noop_s);
    std::filesystem::remove_all(base);
    return 0;
  }
  const std::string remote2 = base + "/remote-cli.git";
  const std::string work = base + "/work";
  sh("git init -q --bare " + remote2 + " && git init -q -b main " + work);
  t0 = Clock::now();
  for (const Obj& o : objs) {
    const std::string dir = work + "/hubspot/123/" + o.type;
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/" + o.id + ".json") << backup::render_object_file(o.data);
  }
  const int rc = sh("cd " + work + " && git add -A && git -c user.name=B -c user.email=b@x commit -q -m first && git push -q " +
                    remote2 + " main 2>/dev/null");
  const double cli_s = seconds_since(t0);
  for (size_t k = 0; k < changes && k < objs.size(); ++k) {
    const Obj& o = objs[(k * 7919 + 1) % objs.size()];
    std::ofstream(work + "/hubspot/123/" + o.type + "/" + o.id + ".json") << backup::render_object_file(o.data) << " ";
  }
  t0 = Clock::now();
  sh("cd " + work + " && git add -A && git -c user.name=B -c user.email=b@x commit -q -m second && git push -q " +
     remote2 + " main 2>/dev/null");
  const double cli_incr_s = seconds_since(t0);

  std::printf("objects: %zu, changed: %zu (added %zu changed %zu removed %zu)\n", n, changes, second->added,
              second->changed, second->removed);
  std::printf("write_backup first:        %.3f s\n", first_s);
  std::printf("write_backup incremental:  %.3f s  (1/%.0f of the first)\n", incr_s, first_s / incr_s);
  std::printf("write_backup unchanged:    %.3f s  (committed=%d)\n", noop_s, third.ok() && third->committed);
  std::printf("git CLI first:             %.3f s  (rc %d; write_backup is %.1fx faster)\n", cli_s, rc, cli_s / first_s);
  std::printf("git CLI incremental:       %.3f s\n", cli_incr_s);
  std::filesystem::remove_all(base);
  return 0;
}
