// hsd-bench-compare: runs one comparison in this process, through the engine's own runner
// (run_comparison, as `hsdeploy compare` and the compare pipeline do), and prints one JSON line
// with its wall and CPU time and the memory it took. bench/compare/run calls it once per
// measured run, each in a fresh process, so that no run inherits another's heap.
//
//   hsd-bench-compare --config ENGINE_YAML --left SIDE --right SIDE
//   SIDE: connection:ID (its current snapshot) | snapshot:CONNECTION_ID:SNAPSHOT_ID | backup:ID
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

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::int64_t number(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  die(what + " must be a positive id, got '" + text + "'");
}

// The resolved side the runner reads (the shape resolve_side stores), from the short text form.
// The plugin is the source connection's; a backup's source is read from its configuration.
JsonObject side(Session& session, const std::string& text, const std::string& field) {
  JsonObject out = new Poco::JSON::Object;
  std::int64_t connection = 0;
  if (text.rfind("connection:", 0) == 0) {
    connection = number(text.substr(11), field);
    out->set("kind", std::string("connection"));
  } else if (text.rfind("snapshot:", 0) == 0) {
    const auto rest = text.substr(9);
    const auto colon = rest.find(':');
    if (colon == std::string::npos) die(field + ": snapshot:CONNECTION_ID:SNAPSHOT_ID, got '" + text + "'");
    connection = number(rest.substr(0, colon), field + " connection");
    out->set("kind", std::string("snapshot"));
    out->set("snapshot", number(rest.substr(colon + 1), field + " snapshot"));
  } else if (text.rfind("backup:", 0) == 0) {
    const auto backup = number(text.substr(7), field);
    auto row = session.get("backup_configs", backup);
    if (!row) die(field + ": " + row.error().message);
    connection = (*row)->getValue<std::int64_t>("connection_id");
    out->set("kind", std::string("backup"));
    out->set("backup", backup);
    out->set("repository", (*row)->getValue<std::int64_t>("repository_id"));
  } else {
    die(field + ": expected connection:ID, snapshot:CONNECTION_ID:SNAPSHOT_ID or backup:ID, got '" + text + "'");
  }
  auto row = session.get("connections", connection);
  if (!row) die(field + ": " + row.error().message);
  out->set("connection", connection);
  out->set("connection_label", (*row)->optValue<std::string>("label", ""));
  out->set("plugin", (*row)->getValue<std::string>("plugin"));
  out->set("label", text);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_file, left_text, right_text;
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
    else
      die("unknown option " + flag);
  }
  if (config_file.empty() || left_text.empty() || right_text.empty())
    die("usage: hsd-bench-compare --config ENGINE_YAML --left SIDE --right SIDE");

  const auto started = std::chrono::steady_clock::now();
  Environment env = hsd_environment();
  auto config = load_config(config_file, env);
  if (!config) die(config.error().message);
  auto engine = Engine::open(std::move(*config), env);
  if (!engine) die(engine.error().message);
  auto session = (*engine)->storage().open_session();
  if (!session) die(session.error().message);
  CredentialService credentials(**engine);

  const JsonObject left = side(*session, left_text, "left");
  const JsonObject right = side(*session, right_text, "right");
  auto connection = session->get("connections", left->getValue<std::int64_t>("connection"));
  if (!connection) die(connection.error().message);
  Poco::JSON::Object row;
  row.set("workspace_id", (*connection)->getValue<std::int64_t>("workspace_id"));
  row.set("connection_id", left->getValue<std::int64_t>("connection"));
  row.set("other_connection_id", right->getValue<std::int64_t>("connection"));
  row.set("state", std::string("pending"));
  row.set("left_side", left);
  row.set("right_side", right);
  if (left->has("repository")) row.set("left_repository_id", left->get("repository"));
  if (right->has("repository")) row.set("right_repository_id", right->get("repository"));
  auto inserted = session->insert("comparisons", row);
  if (!inserted) die(inserted.error().message);
  const auto id = (*inserted)->getValue<std::int64_t>("id");
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
  const double cpu_before = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const Status status = run_comparison(**engine, credentials, *session, id, nullptr);
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu = cpu_seconds() - cpu_before;
  const long peak_kb = status_kb("VmHWM");
  if (!status) die("comparison " + std::to_string(id) + " failed: " + status.error().message);

  auto done = session->get("comparisons", id);
  if (!done) die(done.error().message);
  Poco::JSON::Object out;
  out.set("comparison", id);
  out.set("state", (*done)->get("state"));
  out.set("wall_ms", std::chrono::duration<double, std::milli>(t1 - t0).count());
  out.set("cpu_ms", cpu * 1000.0);
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
