// hsd-bench-compare: runs one comparison in this process, through the engine's own runner
// (run_comparison, as `hsdeploy compare` and the compare pipeline do), and prints one JSON line
// with its wall and CPU time and the memory it took. bench/compare/run calls it once per
// measured run, each in a fresh process, so that no run inherits another's heap.
//
//   hsd-bench-compare --config ENGINE_YAML --left SIDE --right SIDE [--workspace W]
//   SIDE: as `hsdeploy compare` takes it: LABEL or ID, LABEL@SNAPSHOT_ID, backup:ID[@REF]
//
// The comparison is created as `hsdeploy compare` creates it (create_comparison, the sides
// resolved in the workspace) before the clock starts; what is timed is run_comparison.
//
// Memory: the peak resident set of the comparison itself, i.e. VmHWM after it minus VmRSS just
// before it, with the high-water mark reset (/proc/self/clear_refs, "5") and the heap trimmed
// (malloc_trim) at that point. Start-up (plugins, configuration, storage) is then left out, and
// the comparison cannot hide in heap the start-up freed but kept. Resident memory is what the
// target is about (the machine's RAM); it includes SQLite's page cache and the pages of any file
// the plugins map while reading the sides, which mallinfo2's heap counters would miss, and
// mallinfo2 has no high-water mark of its own.
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "domain/comparison_runner.hpp"
#include "domain/comparison_sides.hpp"
#include "domain/comparisons.hpp"
#include "domain/connections.hpp"
#include "domain/credential_service.hpp"
#include "domain/json_util.hpp"
#include "hsd/engine/config.hpp"
#include "hsd/engine/engine.hpp"
#include "hsd/engine/log.hpp"

namespace {

using namespace hsd::engine;

[[noreturn]] void die(const std::string& message) {
  std::cerr << "hsd-bench-compare: " << message << "\n";
  std::exit(1);
}

// A /proc/self/status field in kB ("VmRSS", "VmHWM").
long status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  die("no " + field + " in /proc/self/status");
}

// CPU seconds and context switches so far: on a shared machine the wall time is the CPU time
// plus waiting for a core (involuntary switches) or for I/O (voluntary ones).
struct Usage {
  double cpu = 0;
  long waits = 0;        // voluntary context switches
  long preempted = 0;    // involuntary ones
};

Usage usage_now() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_nvcsw, usage.ru_nivcsw};
}

// The workspace: --workspace, or the only one there is.
std::int64_t workspace_of(Session& session, const std::string& given) {
  if (!given.empty()) {
    auto found = find_workspace(session, given);
    if (!found) die("--workspace: " + found.error().message);
    return (*found)->getValue<std::int64_t>("id");
  }
  auto all = session.find("workspaces");
  if (!all) die(all.error().message);
  if (all->size() != 1) die("there are " + std::to_string(all->size()) + " workspaces: pass --workspace");
  return all->front()->getValue<std::int64_t>("id");
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_file, left_text, right_text, workspace_text;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) die(flag + " needs a value");
    const std::string value = argv[++i];
    if (flag == "--config")
      config_file = value;
    else if (flag == "--left")
      left_text = value;
    else if (flag == "--right")
      right_text = value;
    else if (flag == "--workspace")
      workspace_text = value;
    else
      die("unknown option " + flag);
  }
  if (config_file.empty() || left_text.empty() || right_text.empty())
    die("usage: hsd-bench-compare --config ENGINE_YAML --left SIDE --right SIDE [--workspace W]");

  const auto started = std::chrono::steady_clock::now();
  Environment env = hsd_environment();
  auto config = load_config(config_file, env);
  if (!config) die(config.error().message);
  auto engine = Engine::open(std::move(*config), env);
  if (!engine) die(engine.error().message);
  auto session = (*engine)->storage().open_session();
  if (!session) die(session.error().message);
  CredentialService credentials(**engine);

  ComparisonRequest request;
  request.workspace_id = workspace_of(*session, workspace_text);
  auto left = side_from_text(*session, request.workspace_id, left_text, "left");
  if (!left) die(left.error().message);
  auto right = side_from_text(*session, request.workspace_id, right_text, "right");
  if (!right) die(right.error().message);
  request.left = *left;
  request.right = *right;
  auto created = create_comparison(*session, **engine, request);
  if (!created) die(created.error().message);
  const auto id = (*created)->getValue<std::int64_t>("id");
  const double startup_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  // The baseline: the heap trimmed, the high-water mark reset to what is resident now.
  malloc_trim(0);
  {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    if (!clear.flush()) die("cannot reset the peak RSS through /proc/self/clear_refs");
  }
  const long baseline_kb = status_kb("VmRSS");
  const Usage before = usage_now();
  const auto t0 = std::chrono::steady_clock::now();
  const Status status = run_comparison(**engine, credentials, *session, id, nullptr);
  const auto t1 = std::chrono::steady_clock::now();
  const Usage after = usage_now();
  const long peak_kb = status_kb("VmHWM");
  if (!status) die("comparison " + std::to_string(id) + " failed: " + status.error().message);

  auto done = session->get("comparisons", id);
  if (!done) die(done.error().message);
  Poco::JSON::Object out;
  out.set("comparison", id);
  out.set("state", (*done)->get("state"));
  out.set("wall_ms", std::chrono::duration<double, std::milli>(t1 - t0).count());
  out.set("cpu_ms", (after.cpu - before.cpu) * 1000.0);
  out.set("voluntary_switches", after.waits - before.waits);
  out.set("involuntary_switches", after.preempted - before.preempted);
  out.set("startup_ms", startup_ms);
  out.set("baseline_rss_kb", baseline_kb);
  out.set("peak_rss_kb", peak_kb);
  out.set("comparison_rss_kb", peak_kb - baseline_kb);
  out.set("differences", (*done)->get("differences"));
  out.set("result", (*done)->get("result"));
  out.set("left_side", (*done)->get("left_side"));
  out.set("right_side", (*done)->get("right_side"));
  std::cout << stringify(out) << "\n";
  return 0;
}
