// Named locks across sessions and processes (lock_acquire / lock_release) in the locks table:
// a key's row names its holder (the session's random id) and when its lease lapses. Taking a
// key is one upsert that succeeds only when the key is free, lapsed or already the session's;
// otherwise the caller backs off and tries again until its timeout.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::sqlite {

class Locks {
 public:
  // Takes or renews key until now + lease_ms, waiting up to timeout_ms. Held by another
  // session beyond the timeout: UNAVAILABLE (retryable) naming the key. A key this session
  // held whose lease lapsed and which another session then took: CONFLICT ("lock lost").
  // cancelled (the host's is_cancelled) is asked between attempts: CANCELLED.
  static void acquire(Session& session, std::string_view key, std::int64_t timeout_ms,
                      std::int64_t lease_ms, const std::function<bool()>& cancelled);
  // Releases key when this session holds it; otherwise nothing changes (CONFLICT when it was
  // this session's and another took it after its lease lapsed).
  static void release(Session& session, std::string_view key);
  // Releases every key of the session (session_close). Errors are ignored: a key left behind
  // lapses with its lease.
  static void release_all(Session& session) noexcept;
};

}  // namespace hsd::plugins::sqlite
