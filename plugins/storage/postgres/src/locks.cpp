#include "locks.hpp"

#include <hsd/abi.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// The salt of lock_acquire's keys.
constexpr std::string_view kLockSpace = "hsdeploy lock";
// Waits between two tries start short (a lock held for one refresh is soon free) and double
// up to this.
constexpr std::chrono::milliseconds kMaxBackoff{100};

Params key_params(std::string_view key) {
  const AdvisoryKey k = advisory_key(kLockSpace, key);
  return Params().add(std::int64_t{k.high}).add(std::int64_t{k.low});
}

// A key taken on an earlier connection of the session: that connection's end released it,
// and another session may hold it now.
[[noreturn]] void lost(Session& session, std::string_view key) {
  session.held_locks.erase(std::string(key));
  fail(HSD_ERR_CONFLICT, "lock lost: the connection to PostgreSQL that held lock '" +
                             std::string(key) +
                             "' was lost, so another engine may have taken it since; "
                             "take it again and re-read what it protects");
}

}  // namespace

AdvisoryKey advisory_key(std::string_view space, std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64
  const auto mix = [&hash](unsigned char c) {
    hash ^= c;
    hash *= 1099511628211ull;
  };
  for (const char c : space) mix(static_cast<unsigned char>(c));
  mix(0);
  for (const char c : text) mix(static_cast<unsigned char>(c));
  return {static_cast<std::int32_t>(static_cast<std::uint32_t>(hash >> 32)),
          static_cast<std::int32_t>(static_cast<std::uint32_t>(hash))};
}

void Locks::acquire(Session& session, std::string_view key, std::int64_t timeout_ms,
                    const std::function<bool()>& cancelled) {
  if (key.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "lock_acquire: the lock key is empty");
  if (timeout_ms < 0) fail(HSD_ERR_INVALID_ARGUMENT, "lock_acquire: timeout_ms must not be negative");
  const auto held = session.held_locks.find(std::string(key));
  if (held != session.held_locks.end()) {
    // PostgreSQL counts a session's takes of one key, and one release would then not free
    // it: a key held already is left as it is (there is no lease to renew).
    if (held->second != session.generation()) lost(session, key);
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // pg_try_advisory_lock in a loop rather than pg_advisory_lock under lock_timeout: it leaves
  // a caller's transaction alone, and the wait can see the host's cancellation.
  auto backoff = std::chrono::milliseconds(5);
  for (;;) {
    const Rows taken = session.query("SELECT pg_try_advisory_lock($1::integer, $2::integer)",
                                     key_params(key), "lock_acquire");
    if (taken.text(0, 0) == "t") {
      // The generation now: if the try ran again on a new connection, the key is that one's.
      session.held_locks[std::string(key)] = session.generation();
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      throw StorageError(HSD_ERR_UNAVAILABLE,
                         "lock '" + std::string(key) + "' is held by another engine's session; gave up after " +
                             std::to_string(timeout_ms) + " ms, retry later",
                         true);
    }
    if (cancelled()) fail(HSD_ERR_CANCELLED, "lock_acquire of '" + std::string(key) + "' was cancelled");
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(backoff, deadline - now));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void Locks::release(Session& session, std::string_view key) {
  if (key.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "lock_release: the lock key is empty");
  const auto held = session.held_locks.find(std::string(key));
  if (held == session.held_locks.end()) return;
  if (held->second != session.generation()) lost(session, key);
  session.held_locks.erase(held);
  session.query("SELECT pg_advisory_unlock($1::integer, $2::integer)", key_params(key), "lock_release");
}

}  // namespace hsd::plugins::postgres
