#include "locks.hpp"

#include <hsd/abi.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

// The first retry comes soon (a credential refresh holds a key for one HTTP call), later ones
// up to kMaxBackoff apart, so many waiters do not keep the database's write lock busy.
constexpr std::chrono::milliseconds kFirstBackoff{2};
constexpr std::chrono::milliseconds kMaxBackoff{50};
// An attempt waits at least this long for the database's write lock (another session's write
// transaction, e.g. a page of a retrieval), so a short lock timeout is not spent on that wait.
constexpr std::chrono::milliseconds kMinWriteWait{250};

std::string key_text(std::string_view key) { return "lock '" + std::string(key) + "'"; }

void check_key(std::string_view key) {
  if (key.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "the lock key must not be empty");
}

// Sets the connection's busy timeout for one attempt and puts the configured one back, so an
// attempt waits for the database's write lock about what is left of the caller's timeout
// (at least kMinWriteWait, at most the configured busy timeout).
class BusyTimeout {
 public:
  BusyTimeout(Session& session, std::chrono::milliseconds left) : session_(session) {
    const auto ms = std::min<std::int64_t>(std::max(left, kMinWriteWait).count(),
                                           session.instance().busy_timeout_ms);
    sqlite3_busy_timeout(session_.db(), static_cast<int>(ms));
  }
  ~BusyTimeout() { sqlite3_busy_timeout(session_.db(), session_.instance().busy_timeout_ms); }
  BusyTimeout(const BusyTimeout&) = delete;
  BusyTimeout& operator=(const BusyTimeout&) = delete;

 private:
  Session& session_;
};

enum class Attempt { taken, held, busy };

// One attempt: takes the key when it is free, lapsed or already this session's (renewing the
// lease); held when another session holds it; busy when the database's write lock stayed taken.
Attempt try_take(Session& session, std::string_view key, std::int64_t lease_ms,
                 std::chrono::milliseconds left) {
  BusyTimeout busy(session, left);
  try {
    WriteScope scope(session);
    const std::int64_t now = now_ms();
    Statement take(session.db(),
                   "INSERT INTO locks (key, holder, expires_at) VALUES (?1, ?2, ?3 + ?4)"
                   " ON CONFLICT (key) DO UPDATE SET holder = excluded.holder,"
                   " expires_at = excluded.expires_at"
                   " WHERE locks.holder = excluded.holder OR locks.expires_at < ?3");
    take.add_text(key).add_text(session.lock_holder()).add(now).add(lease_ms);
    take.run();
    const bool taken = changes(session.db()) == 1;
    scope.commit();
    return taken ? Attempt::taken : Attempt::held;
  } catch (const StorageError& e) {
    // Busy beyond the wait: whether the key is free is unknown; the caller retries or times out.
    if (e.status() == HSD_ERR_UNAVAILABLE) return Attempt::busy;
    throw;
  }
}

// Whether another session holds key now (its row names someone else).
bool held_by_another(Session& session, std::string_view key) {
  Statement q(session.db(), "SELECT 1 FROM locks WHERE key = ?1 AND holder <> ?2");
  q.add_text(key).add_text(session.lock_holder());
  return q.step();
}

[[noreturn]] void lost(Session& session, std::string_view key) {
  session.held_locks().erase(std::string(key));
  fail(HSD_ERR_CONFLICT, key_text(key) + " was lost: its lease lapsed and another session took it");
}

}  // namespace

void Locks::acquire(Session& session, std::string_view key, std::int64_t timeout_ms,
                    std::int64_t lease_ms, const std::function<bool()>& cancelled) {
  check_key(key);
  if (lease_ms <= 0) fail(HSD_ERR_INVALID_ARGUMENT, "lease_ms of " + key_text(key) + " must be positive");
  if (timeout_ms < 0) fail(HSD_ERR_INVALID_ARGUMENT, "timeout_ms of " + key_text(key) + " must not be negative");
  const bool was_mine = session.held_locks().count(std::string(key)) > 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  auto backoff = kFirstBackoff;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const Attempt attempt = try_take(session, key, lease_ms, left);
    if (attempt == Attempt::taken) {
      session.held_locks().insert(std::string(key));
      return;
    }
    if (was_mine && held_by_another(session, key)) lost(session, key);
    if (session.in_transaction()) {
      // This session holds the database's write lock until its transaction ends, so nobody
      // can release the key meanwhile: waiting would only delay the answer.
      throw StorageError(HSD_ERR_UNAVAILABLE,
                         key_text(key) + " is held by another session (not waiting inside a "
                                         "transaction, which blocks its release)",
                         true);
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) {
      const std::string why = attempt == Attempt::busy
                                  ? ": the database stayed locked by another writer"
                                  : " is held by another session";
      throw StorageError(HSD_ERR_UNAVAILABLE,
                         key_text(key) + why + "; gave up after " + std::to_string(timeout_ms) + " ms",
                         true);
    }
    std::this_thread::sleep_for(std::min(backoff, remaining));
    backoff = std::min(backoff * 2, kMaxBackoff);
    if (cancelled()) fail(HSD_ERR_CANCELLED, "waiting for " + key_text(key) + " was cancelled");
  }
}

void Locks::release(Session& session, std::string_view key) {
  check_key(key);
  const bool was_mine = session.held_locks().count(std::string(key)) > 0;
  WriteScope scope(session);
  Statement release(session.db(), "DELETE FROM locks WHERE key = ?1 AND holder = ?2");
  release.add_text(key).add_text(session.lock_holder());
  release.run();
  if (changes(session.db()) == 0 && was_mine && held_by_another(session, key)) lost(session, key);
  scope.commit();
  session.held_locks().erase(std::string(key));
}

void Locks::release_all(Session& session) noexcept {
  if (session.held_locks().empty()) return;
  try {
    Statement release(session.db(), "DELETE FROM locks WHERE holder = ?1");
    release.add_text(session.lock_holder());
    release.run();
    session.held_locks().clear();
  } catch (...) {
    // Busy beyond the timeout, or the file went away: the rows lapse with their leases.
  }
}

}  // namespace hsd::plugins::sqlite
