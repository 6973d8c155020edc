// hsd-bench-claim: the latency of job_claim with a deep queue, through the engine's storage
// client and whatever storage plugin the configuration names. bench/scale/run calls it; it
// prints one JSON line and is never a test.
//
//   hsd-bench-claim --config ENGINE_YAML [--jobs N] [--connections N] [--claimers N] [--claims N]
//
// Setup (untimed): one workspace of its own with --connections connections (default 1,000) and
// --jobs queued retrievals (default 10,000) spread over them, as the engine queues them.
// Measured: --claimers threads (default 6: three engines of two workers), each with its own
// session, claim, finish the job and queue a new one for the same connection, so the queue stays
// at --jobs deep while --claims claims (default 3,000) are timed. Only job_claim is timed.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "hsd/engine/config.hpp"
#include "hsd/engine/engine.hpp"

namespace {

using namespace hsd::engine;

[[noreturn]] void die(const std::string& message) {
  std::cerr << "hsd-bench-claim: " << message << "\n";
  std::exit(1);
}

template <class T>
T must(Result<T> result, const std::string& what) {
  if (!result) die(what + ": " + result.error().message);
  return std::move(result).value();
}

void must(Status status, const std::string& what) {
  if (!status) die(what + ": " + status.error().message);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t id_of(const Poco::JSON::Object::Ptr& row) { return row->getValue<std::int64_t>("id"); }

// A queued retrieval of one connection, as enqueue_job writes it.
Poco::JSON::Object job_record(std::int64_t workspace_id, std::int64_t connection_id) {
  Poco::JSON::Object record;
  record.set("workspace_id", workspace_id);
  record.set("connection_id", connection_id);
  record.set("pipeline", std::string("retrieve"));
  record.set("params", Poco::JSON::Object());
  record.set("max_attempts", 3);
  record.set("run_after", now_ms());
  return record;
}

struct Options {
  std::string config;
  long jobs = 10'000;
  long connections = 1'000;
  long claimers = 6;
  long claims = 3'000;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) die(flag + " needs a value");
    const std::string value = argv[++i];
    auto number = [&] {
      char* end = nullptr;
      const long n = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || n < 1) die(flag + " needs a positive number, got '" + value + "'");
      return n;
    };
    if (flag == "--config")
      options.config = value;
    else if (flag == "--jobs")
      options.jobs = number();
    else if (flag == "--connections")
      options.connections = number();
    else if (flag == "--claimers")
      options.claimers = number();
    else if (flag == "--claims")
      options.claims = number();
    else
      die("unknown option " + flag);
  }
  if (options.config.empty())
    die("usage: hsd-bench-claim --config ENGINE_YAML [--jobs N] [--connections N] [--claimers N] [--claims N]");
  return options;
}

// The workspace, its connections and the queue. Returns the workspace id and the connections.
std::pair<std::int64_t, std::vector<std::int64_t>> fill_queue(Session& session, const Options& options) {
  Poco::JSON::Object workspace;
  workspace.set("name", "bench-claim-" + std::to_string(now_ms()));
  const auto workspace_id = id_of(must(session.insert("workspaces", workspace), "insert workspace"));
  std::vector<std::int64_t> connections;
  constexpr long kBatch = 500;  // rows per transaction
  for (long done = 0; done < options.connections;) {
    auto transaction = must(Transaction::begin(session), "begin");
    for (long n = 0; n < kBatch && done < options.connections; ++n, ++done) {
      Poco::JSON::Object record;
      record.set("workspace_id", workspace_id);
      record.set("plugin", std::string("hubspot"));
      record.set("kind", std::string("source"));
      record.set("label", "portal " + std::to_string(done + 1));
      connections.push_back(id_of(must(session.insert("connections", record), "insert connection")));
    }
    must(transaction.commit(), "commit");
  }
  for (long done = 0; done < options.jobs;) {
    auto transaction = must(Transaction::begin(session), "begin");
    for (long n = 0; n < kBatch && done < options.jobs; ++n, ++done) {
      const auto connection = connections[static_cast<std::size_t>(done % options.connections)];
      must(session.insert("jobs", job_record(workspace_id, connection)), "insert job");
    }
    must(transaction.commit(), "commit");
  }
  return {workspace_id, connections};
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  Environment env = hsd_environment();
  auto config = must(load_config(options.config, env), options.config);
  auto engine = must(Engine::open(std::move(config), env, EngineParts{true, false, false}), "opening the engine");
  Storage& storage = engine->storage();

  auto setup = must(storage.open_session(), "open session");
  const auto fill_started = std::chrono::steady_clock::now();
  const auto [workspace_id, connections] = fill_queue(setup, options);
  const double fill_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_started).count();

  std::atomic<long> remaining{options.claims};
  std::atomic<long> empty{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(static_cast<std::size_t>(options.claims));
  const auto measure_started = std::chrono::steady_clock::now();
  std::vector<std::thread> claimers;
  for (long c = 0; c < options.claimers; ++c) {
    claimers.emplace_back([&, c] {
      auto session = must(storage.open_session(), "open session");
      const std::string worker = "bench-claim-" + std::to_string(c);
      std::vector<double> mine;
      while (remaining.fetch_sub(1) > 0) {
        const auto t0 = std::chrono::steady_clock::now();
        auto job = must(session.job_claim(worker, now_ms(), 60'000), "job_claim");
        mine.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!job) {
          ++empty;
          continue;
        }
        must(session.job_finish(id_of(job), worker, "succeeded"), "job_finish");
        // Keep the queue at its depth: the same connection's next retrieval.
        must(session.insert("jobs", job_record(workspace_id, job->getValue<std::int64_t>("connection_id"))),
             "insert job");
      }
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : claimers) t.join();
  const double measure_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - measure_started).count();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  double sum = 0;
  for (double ms : latencies_ms) sum += ms;

  Poco::JSON::Object out;
  out.set("queued", options.jobs);
  out.set("connections", options.connections);
  out.set("claimers", options.claimers);
  out.set("claims", static_cast<long>(latencies_ms.size()));
  out.set("empty_claims", empty.load());
  out.set("fill_s", fill_s);
  out.set("claims_per_s", static_cast<double>(latencies_ms.size()) / measure_s);
  out.set("mean_ms", latencies_ms.empty() ? 0.0 : sum / static_cast<double>(latencies_ms.size()));
  out.set("p50_ms", percentile(latencies_ms, 50));
  out.set("p99_ms", percentile(latencies_ms, 99));
  out.set("max_ms", latencies_ms.empty() ? 0.0 : latencies_ms.back());
  Poco::JSON::Stringifier::stringify(out, std::cout);
  std::cout << "\n";
  return 0;
}
