// hsd_storage_writer: a second process for the conformance suite's concurrency tests.
//   hsd_storage_writer LIBRARY CONFIG_JSON insert PREFIX COUNT
//   hsd_storage_writer LIBRARY CONFIG_JSON claim WORKER
//   hsd_storage_writer LIBRARY CONFIG_JSON lock KEY TIMEOUT_MS LEASE_MS
//   hsd_storage_writer LIBRARY CONFIG_JSON lock-and-die KEY LEASE_MS
// It waits for EOF on stdin before starting (the test releases every writer at once), then
// inserts COUNT audit_log rows, or claims jobs until none is left, printing each claimed id
// on its own line, or tries to take a named lock and prints "taken" or "unavailable"
// (lock-and-die then exits at once, closing nothing, as a crashed engine would). Exit status
// 0 on success; errors go to stderr.
#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include <unistd.h>

#include "coordination_session.hpp"
#include "hsd/engine/plugin_host.hpp"
#include "hsd/engine/storage.hpp"

namespace {

// A far-future clock and lease: leases never expire during the test.
constexpr std::int64_t kNow = 1'000'000;
constexpr std::int64_t kLease = 1'000'000'000;

int fail(const std::string& what, const hsd::engine::Error& error) {
  std::cerr << "hsd_storage_writer: " << what << ": " << error.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: hsd_storage_writer LIBRARY CONFIG_JSON insert PREFIX COUNT | claim WORKER"
                 " | lock KEY TIMEOUT_MS LEASE_MS | lock-and-die KEY LEASE_MS\n";
    return 2;
  }
  const std::string library = argv[1], config = argv[2], mode = argv[3];
  hsd::engine::PluginHost host;
  auto plugin = host.load(library, config);
  if (!plugin) return fail("load", plugin.error());
  hsd::engine::Storage storage((*plugin)->storage(), (*plugin)->instance());
  auto session = storage.open_session();
  if (!session) return fail("open_session", session.error());

  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }

  if (mode == "insert" && argc == 6) {
    const int count = std::atoi(argv[5]);
    for (int i = 0; i < count; ++i) {
      Poco::JSON::Object record;
      record.set("action", std::string(argv[4]) + "-" + std::to_string(i));
      auto row = session->insert("audit_log", record);
      if (!row) return fail("insert " + std::to_string(i), row.error());
    }
    return 0;
  }
  if (mode == "claim") {
    const std::string worker = argv[4];
    while (true) {
      auto job = session->job_claim(worker, kNow, kLease);
      if (!job) return fail("job_claim", job.error());
      if (!*job) return 0;
      const auto id = (*job)->getValue<std::int64_t>("id");
      std::cout << id << "\n" << std::flush;
      auto done = session->job_finish(id, worker, "succeeded");
      if (!done) return fail("job_finish", done.error());
    }
  }
  if ((mode == "lock" && argc == 7) || (mode == "lock-and-die" && argc == 6)) {
    const bool die = mode == "lock-and-die";
    auto locker = hsd::test::CoordinationSession::open((*plugin)->storage(), (*plugin)->instance());
    if (!locker) return fail("session_open", locker.error());
    const std::int64_t timeout = die ? 0 : std::atoll(argv[5]);
    const std::int64_t lease = std::atoll(argv[die ? 5 : 6]);
    auto taken = locker->lock_acquire(argv[4], timeout, lease);
    if (!taken && taken.error().code != hsd::engine::ErrorCode::unavailable) {
      return fail("lock_acquire", taken.error());
    }
    std::cout << (taken ? "taken" : "unavailable") << "\n" << std::flush;
    if (die) _exit(0);  // no session_close, no destroy: the lock is left behind
    return 0;
  }
  std::cerr << "hsd_storage_writer: unknown mode " << mode << "\n";
  return 2;
}
