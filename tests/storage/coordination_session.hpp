// The conformance suite's client for the ABI 1.4 operations (job_enqueue, job_wait,
// lock_acquire/release, schema_status): one plugin session driven through the raw storage
// table, so a test sees exactly what the plugin answers (the engine's wrappers add fallbacks
// for older tables, which would hide a plugin's own answer).
#pragma once

#include <hsd/abi.h>

#include <Poco/JSON/Object.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "hsd/engine/result.hpp"

namespace hsd::test {

class CoordinationSession {
 public:
  static engine::Result<CoordinationSession> open(const hsd_storage_api* table, void* instance);
  CoordinationSession(CoordinationSession&& other) noexcept;
  CoordinationSession& operator=(CoordinationSession&&) = delete;
  CoordinationSession(const CoordinationSession&) = delete;
  CoordinationSession& operator=(const CoordinationSession&) = delete;
  ~CoordinationSession() { close(); }

  // {"job": row, "joined": bool}.
  engine::Result<Poco::JSON::Object::Ptr> job_enqueue(const std::string& record_json,
                                                      const std::string& unless_states_json);
  // True when woken, false on timeout.
  engine::Result<bool> job_wait(std::int64_t timeout_ms);
  // cancel, when given, is what the plugin's is_cancelled reports for the call.
  engine::Status lock_acquire(const std::string& key, std::int64_t timeout_ms, std::int64_t lease_ms,
                              const std::atomic<bool>* cancel = nullptr);
  engine::Status lock_release(const std::string& key);
  engine::Result<Poco::JSON::Object::Ptr> schema_status();
  // The session's transaction, to run the operations inside a caller's transaction.
  engine::Status begin();
  engine::Status commit();
  engine::Status rollback();
  // Closes the plugin session (also done on destruction); later calls fail.
  void close() noexcept;

 private:
  CoordinationSession(const hsd_storage_api* table, void* handle) : table_(table), handle_(handle) {}

  const hsd_storage_api* table_;
  void* handle_;
};

}  // namespace hsd::test
