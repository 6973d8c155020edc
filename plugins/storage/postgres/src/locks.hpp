// Named locks across engines (lock_acquire / lock_release): PostgreSQL session-level advisory
// locks, held by the session's connection, so a crashed engine's locks go with its connection.
// Also the advisory-lock keys of the other named things this plugin serialises (job_enqueue).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "session.hpp"

namespace hsd::plugins::postgres {

// A key of PostgreSQL's two-integer advisory lock space, which is apart from the one-bigint
// space of job_claim's per-connection locks. The 64 bits are FNV-1a of "space\0text": the same
// in every process and build, and each space (locks, enqueues, ...) salts its own keys, so
// keys of different spaces (or the migrations' (1752396909, 1)) meet only by a 2^-64 chance.
struct AdvisoryKey {
  std::int32_t high;
  std::int32_t low;
};
AdvisoryKey advisory_key(std::string_view space, std::string_view text);

class Locks {
 public:
  // Takes key for the session, trying until timeout_ms has passed (then UNAVAILABLE naming the
  // key, retryable) or cancelled() (CANCELLED). A key the session holds is kept as it is; one
  // it took on a connection since lost is forgotten and CONFLICT ("lock lost").
  static void acquire(Session& session, std::string_view key, std::int64_t timeout_ms,
                      const std::function<bool()>& cancelled);
  // Releases key (not held: nothing); one taken on a connection since lost is forgotten and
  // CONFLICT ("lock lost").
  static void release(Session& session, std::string_view key);
};

}  // namespace hsd::plugins::postgres
