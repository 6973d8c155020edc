// hsd-bench-search: metadata search over one connection's current snapshot (10,000 objects by
// default), answered through the storage client (metadata_list with q: the plugin's index for
// 3+ characters), next to the scan hsdeploy used before the index (the same SQL, run directly
// on the same database file). A program that prints figures, not a test: it fails only when
// something does not run, never because a figure misses its target.
//
//   hsd-bench-search [--objects N] [--repeat R] [--limit L] [--seed S] [--term T]...
//                    [--plugins DIR] [--scratch DIR] [--keep]
//
// Also times writing the snapshot (snapshot_add_objects in the retrieval's 500-object batches,
// then snapshot_activate) twice: into an empty store, then a second snapshot replacing the first.
#include <sqlite3.h>

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"
#include "search_corpus.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kUsage =
    "usage: hsd-bench-search [--objects N] [--repeat R] [--limit L] [--seed S] [--term T]...\n"
    "                        [--plugins DIR] [--scratch DIR] [--keep]\n";

constexpr std::size_t kBatch = 500;  // the retrieval's snapshot writer batch (SnapshotWriter::kBatchSize)

struct Options {
  std::size_t objects = 10000;
  int repeat = 200;
  std::int64_t limit = 100;  // the REST list's default page
  std::uint64_t seed = 42;
  std::vector<std::string> terms;
  std::string plugins = HSD_PLUGIN_DIR;
  std::string scratch;
  bool keep = false;
};

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "hsd-bench-search: %s\n", message.c_str());
  std::exit(1);
}

template <typename T>
T must(hsd::engine::Result<T> result, const char* what) {
  if (!result) die(std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

void must(const hsd::engine::Status& status, const char* what) {
  if (!status) die(std::string(what) + ": " + status.error().message);
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};

Figures figures(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(i, samples.size() - 1)];
  };
  return {at(0.50), at(0.99), samples.back()};
}

// The scan metadata_list ran before the index (plugins/storage/sqlite/src/metadata.cpp up to
// ABI 1.2), prepared per call as the plugin did: every object of the snapshot is lowered and
// searched until the page is full.
class ScanPeer {
 public:
  explicit ScanPeer(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      die("the scan peer cannot open " + path + ": " + sqlite3_errmsg(db_));
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~ScanPeer() { sqlite3_close(db_); }
  ScanPeer(const ScanPeer&) = delete;
  ScanPeer& operator=(const ScanPeer&) = delete;

  // The rows of the first page (limit rows, or limit + 1 as the client asks); -1: count all.
  std::size_t run(std::int64_t connection_id, const std::string& type, const std::string& q,
                  std::int64_t limit) {
    std::string sql = limit < 0 ? "SELECT count(*)" : "SELECT o.type, o.external_id, o.name, o.content_hash, o.snapshot_id";
    sql += " FROM metadata_objects o WHERE o.snapshot_id ="
           " (SELECT id FROM snapshots WHERE connection_id = ? AND state = 'current')";
    if (!type.empty()) sql += " AND o.type = ?";
    sql += " AND (instr(lower(o.external_id), lower(?)) > 0 OR instr(lower(o.name), lower(?)) > 0)";
    if (limit >= 0) sql += " ORDER BY o.type, o.external_id LIMIT ?";
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      die(std::string("the scan peer's SQL does not prepare: ") + sqlite3_errmsg(db_));
    }
    int i = 1;
    sqlite3_bind_int64(stmt, i++, connection_id);
    if (!type.empty()) sqlite3_bind_text(stmt, i++, type.data(), static_cast<int>(type.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt, i++, q.data(), static_cast<int>(q.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt, i++, q.data(), static_cast<int>(q.size()), SQLITE_STATIC);
    if (limit >= 0) sqlite3_bind_int64(stmt, i++, limit);
    std::size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      rows = limit < 0 ? static_cast<std::size_t>(sqlite3_column_int64(stmt, 0)) : rows + 1;
    }
    if (rc != SQLITE_DONE) die(std::string("the scan peer failed: ") + sqlite3_errmsg(db_));
    sqlite3_finalize(stmt);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(arg + " needs a value\n" + kUsage);
      return argv[++i];
    };
    try {
      if (arg == "--objects") o.objects = std::stoul(value());
      else if (arg == "--repeat") o.repeat = std::stoi(value());
      else if (arg == "--limit") o.limit = std::stoll(value());
      else if (arg == "--seed") o.seed = std::stoull(value());
      else if (arg == "--term") o.terms.push_back(value());
      else if (arg == "--plugins") o.plugins = value();
      else if (arg == "--scratch") o.scratch = value();
      else if (arg == "--keep") o.keep = true;
      else if (arg == "-h" || arg == "--help") {
        std::fputs(kUsage, stdout);
        std::exit(0);
      } else {
        die("unknown option " + arg + "\n" + kUsage);
      }
    } catch (const std::logic_error&) {
      die(arg + " needs a number\n" + kUsage);
    }
  }
  if (o.objects < 10 || o.repeat < 1 || o.limit < 1) die("--objects >= 10, --repeat >= 1, --limit >= 1");
  return o;
}

// Writes one snapshot of the corpus and activates it; hands back {add ms, activate ms}.
std::pair<double, double> write_snapshot(hsd::engine::Session& session, std::int64_t connection_id,
                                         const std::vector<hsd::bench::CorpusObject>& corpus) {
  const auto start = Clock::now();
  const std::int64_t snapshot = must(session.snapshot_create(connection_id), "snapshot_create");
  std::vector<hsd::engine::ObjectRecord> batch;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    const auto& c = corpus[i];
    batch.push_back({c.type, c.id, c.name, c.data});
    if (batch.size() == kBatch || i + 1 == corpus.size()) {
      must(session.snapshot_add_objects(snapshot, batch), "snapshot_add_objects");
      batch.clear();
    }
  }
  const double add_ms = ms_since(start);
  const auto activate_start = Clock::now();
  must(session.snapshot_activate(snapshot), "snapshot_activate");
  return {add_ms, ms_since(activate_start)};
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  fs::path scratch = options.scratch;
  if (scratch.empty()) {
    std::string pattern = (fs::temp_directory_path() / "hsd_bench_search_XXXXXX").string();
    if (!mkdtemp(pattern.data())) die("cannot make a temporary folder");
    scratch = pattern;
  }
  fs::create_directories(scratch);
  const fs::path db_path = scratch / "hsdeploy.db";
  fs::remove(db_path);
  fs::remove(db_path.string() + "-wal");
  fs::remove(db_path.string() + "-shm");

  const auto corpus = hsd::bench::make_corpus(options.objects, options.seed);
  std::map<std::string, std::size_t> per_type;
  for (const auto& o : corpus) ++per_type[o.type];

  hsd::engine::PluginHost host;
  Poco::JSON::Object config;
  config.set("plugin", "sqlite");
  config.set("path", db_path.string());
  std::ostringstream config_json;
  config.stringify(config_json);
  hsd::engine::Plugin* plugin =
      must(host.load(fs::path(options.plugins) / "libhsd_sqlite.so", config_json.str()), "loading the sqlite plugin");
  hsd::engine::Storage storage(plugin->storage(), plugin->instance());
  hsd::engine::Session session = must(storage.open_session(), "open_session");

  Poco::JSON::Object ws;
  ws.set("name", "bench");
  const auto ws_id = must(session.insert("workspaces", ws), "insert workspace")->getValue<std::int64_t>("id");
  Poco::JSON::Object conn;
  conn.set("workspace_id", ws_id);
  conn.set("plugin", "hubspot");
  conn.set("kind", "source");
  conn.set("label", "Bench portal");
  const auto conn_id = must(session.insert("connections", conn), "insert connection")->getValue<std::int64_t>("id");

  const auto first = write_snapshot(session, conn_id, corpus);
  const auto second = write_snapshot(session, conn_id, corpus);

  // Terms: rare (one workflow's id; a workflow topic; a region), common words, a common prefix,
  // 3-character fragments (common and less so), 1-2 characters (which both sides answer by
  // scanning), and a term nothing matches (the scan's worst case: it reads every object).
  std::vector<std::string> terms = options.terms;
  if (terms.empty()) {
    const auto workflow = std::find_if(corpus.begin(), corpus.end(), [](const auto& o) { return o.type == "workflows"; });
    terms = {workflow == corpus.end() ? std::string("585051946") : workflow->id,
             "Stalled Deals", "nordics", "renewal", "stage", "acme_", "ing", "lea", "st", "e", "zzz"};
  }

  ScanPeer peer(db_path.string());
  std::printf("hsd-bench-search: %zu objects (", corpus.size());
  bool comma = false;
  for (const auto& [type, count] : per_type) {
    std::printf("%s%s %zu", comma ? ", " : "", type.c_str(), count);
    comma = true;
  }
  std::printf("), seed %llu, %d searches per row, first page of %lld\n",
              static_cast<unsigned long long>(options.seed), options.repeat, static_cast<long long>(options.limit));
  std::printf("database %s\n", db_path.c_str());
  // Other work on the machine moves every figure, p99 most: say how busy it was.
  std::ifstream loadavg("/proc/loadavg");
  std::string load1, load5;
  if (loadavg >> load1 >> load5) std::printf("load average at start %s (1 min), %s (5 min)\n", load1.c_str(), load5.c_str());
  std::printf("\n");
  std::printf("write: first snapshot  add %.0f ms, activate %.0f ms\n", first.first, first.second);
  std::printf("write: second snapshot add %.0f ms, activate (replacing the first) %.0f ms\n\n", second.first, second.second);

  std::printf("%-16s %-20s %7s | %21s | %21s | %13s\n", "", "", "", "index (metadata_list)", "scan (old SQL)", "scan / index");
  std::printf("%-16s %-20s %7s | %6s %6s %7s | %6s %6s %7s | %6s %6s\n", "term", "scope", "matches", "p50", "p99",
              "max", "p50", "p99", "max", "p50", "p99");
  double worst_index_p99 = 0;
  for (const auto& term : terms) {
    for (const std::string& type : {std::string(), std::string("contact_properties")}) {
      const std::size_t matches = peer.run(conn_id, type, term, -1);
      hsd::engine::MetadataQuery query;
      query.type = type;
      query.q = term;
      query.limit = options.limit;
      // Both sides must agree on the page before their times mean anything.
      const auto page = must(session.metadata_list(conn_id, query), "metadata_list");
      const std::size_t expected = std::min<std::size_t>(matches, static_cast<std::size_t>(options.limit));
      if (page.rows.size() != expected) {
        die("term '" + term + "': metadata_list gave " + std::to_string(page.rows.size()) + " rows, the scan " +
            std::to_string(expected));
      }
      std::vector<double> index_ms, scan_ms;
      for (int i = 0; i < options.repeat + 5; ++i) {
        auto t = Clock::now();
        const auto p = must(session.metadata_list(conn_id, query), "metadata_list");
        const double a = ms_since(t);
        t = Clock::now();
        const std::size_t rows = peer.run(conn_id, type, term, options.limit + 1);
        const double b = ms_since(t);
        if (p.rows.size() != expected || std::min<std::size_t>(rows, options.limit) != expected) die("answers changed");
        if (i >= 5) {  // the first few warm the page cache and the statement caches
          index_ms.push_back(a);
          scan_ms.push_back(b);
        }
      }
      const Figures idx = figures(index_ms), scan = figures(scan_ms);
      worst_index_p99 = std::max(worst_index_p99, idx.p99);
      std::printf("%-16s %-20s %7zu | %6.2f %6.2f %7.2f | %6.2f %6.2f %7.2f | %6.1f %6.1f\n",
                  ("'" + term + "'").c_str(), type.empty() ? "all types" : type.c_str(), matches, idx.p50, idx.p99,
                  idx.max, scan.p50, scan.p99, scan.max, scan.p50 / idx.p50, scan.p99 / idx.p99);
    }
  }
  std::printf("\nworst index p99: %.2f ms (target < 20 ms at 10,000 objects)\n", worst_index_p99);
  if (!options.keep && options.scratch.empty()) fs::remove_all(scratch);
  return 0;
}
