#include "coordination_session.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cstddef>
#include <string_view>
#include <utility>

#include "hsd/engine/call_context.hpp"

namespace hsd::test {
namespace {

using engine::ErrorCode;
using engine::make_error;

// Whether the table reaches an operation (an older plugin's table ends before it).
#define HSD_TABLE_HAS(table, op) \
  ((table)->struct_size >= offsetof(hsd_storage_api, op) + sizeof((table)->op) && (table)->op)

engine::Error error_of(hsd_status status, engine::CallContext& call, std::string_view op) {
  engine::Error error = call.error().value_or(
      make_error(ErrorCode::internal, std::string(op) + " failed without a message"));
  if (status != HSD_OK && status <= HSD_ERR_CANCELLED) error.code = static_cast<ErrorCode>(status);
  return error;
}

engine::Error missing(std::string_view op) {
  return make_error(ErrorCode::unsupported,
                    "the storage table has no " + std::string(op) + " (older than ABI 1.4)");
}

hsd_str_view sv(const std::string& s) { return {s.data(), s.size()}; }

struct Rows {
  std::vector<std::string> rows;
  static hsd_status on_row(void* user, hsd_str_view row) noexcept {
    try {
      static_cast<Rows*>(user)->rows.emplace_back(row.data ? row.data : "", row.size);
      return HSD_OK;
    } catch (...) {
      return HSD_ERR_INTERNAL;
    }
  }
};

// The one row an operation must hand back, parsed.
engine::Result<Poco::JSON::Object::Ptr> one_row(const Rows& rows, std::string_view op) {
  if (rows.rows.size() != 1) {
    return make_error(ErrorCode::internal, std::string(op) + " handed back " +
                                               std::to_string(rows.rows.size()) + " rows, not 1");
  }
  try {
    Poco::JSON::Parser parser;
    return parser.parse(rows.rows.front()).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return make_error(ErrorCode::internal,
                      std::string(op) + " handed back a row that is not a JSON object: " + e.displayText());
  }
}

}  // namespace

engine::Result<CoordinationSession> CoordinationSession::open(const hsd_storage_api* table,
                                                              void* instance) {
  engine::CallContext call;
  void* handle = nullptr;
  const hsd_status status = table->session_open(instance, &call, &handle);
  if (status != HSD_OK) return error_of(status, call, "session_open");
  return CoordinationSession(table, handle);
}

CoordinationSession::CoordinationSession(CoordinationSession&& other) noexcept
    : table_(other.table_), handle_(std::exchange(other.handle_, nullptr)) {}

void CoordinationSession::close() noexcept {
  if (handle_) table_->session_close(std::exchange(handle_, nullptr));
}

engine::Result<Poco::JSON::Object::Ptr> CoordinationSession::job_enqueue(
    const std::string& record_json, const std::string& unless_states_json) {
  if (!HSD_TABLE_HAS(table_, job_enqueue)) return missing("job_enqueue");
  engine::CallContext call;
  Rows rows;
  const hsd_status status = table_->job_enqueue(handle_, &call, sv(record_json),
                                                sv(unless_states_json), Rows::on_row, &rows);
  if (status != HSD_OK) return error_of(status, call, "job_enqueue");
  return one_row(rows, "job_enqueue");
}

engine::Result<bool> CoordinationSession::job_wait(std::int64_t timeout_ms) {
  if (!HSD_TABLE_HAS(table_, job_wait)) return missing("job_wait");
  engine::CallContext call;
  std::int32_t woken = -1;
  const hsd_status status = table_->job_wait(handle_, &call, timeout_ms, &woken);
  if (status != HSD_OK) return error_of(status, call, "job_wait");
  if (woken != 0 && woken != 1) {
    return make_error(ErrorCode::internal, "job_wait set woken to " + std::to_string(woken));
  }
  return woken == 1;
}

engine::Status CoordinationSession::lock_acquire(const std::string& key, std::int64_t timeout_ms,
                                                 std::int64_t lease_ms,
                                                 const std::atomic<bool>* cancel) {
  if (!HSD_TABLE_HAS(table_, lock_acquire)) return missing("lock_acquire");
  engine::CallContext call;
  call.also_cancelled = cancel;
  const hsd_status status = table_->lock_acquire(handle_, &call, sv(key), timeout_ms, lease_ms);
  if (status != HSD_OK) return error_of(status, call, "lock_acquire");
  return {};
}

engine::Status CoordinationSession::lock_release(const std::string& key) {
  if (!HSD_TABLE_HAS(table_, lock_release)) return missing("lock_release");
  engine::CallContext call;
  const hsd_status status = table_->lock_release(handle_, &call, sv(key));
  if (status != HSD_OK) return error_of(status, call, "lock_release");
  return {};
}

engine::Result<Poco::JSON::Object::Ptr> CoordinationSession::schema_status() {
  if (!HSD_TABLE_HAS(table_, schema_status)) return missing("schema_status");
  engine::CallContext call;
  Rows rows;
  const hsd_status status = table_->schema_status(handle_, &call, Rows::on_row, &rows);
  if (status != HSD_OK) return error_of(status, call, "schema_status");
  return one_row(rows, "schema_status");
}

engine::Status CoordinationSession::begin() {
  engine::CallContext call;
  const hsd_status status = table_->begin(handle_, &call);
  if (status != HSD_OK) return error_of(status, call, "begin");
  return {};
}

engine::Status CoordinationSession::commit() {
  engine::CallContext call;
  const hsd_status status = table_->commit(handle_, &call);
  if (status != HSD_OK) return error_of(status, call, "commit");
  return {};
}

engine::Status CoordinationSession::rollback() {
  engine::CallContext call;
  const hsd_status status = table_->rollback(handle_, &call);
  if (status != HSD_OK) return error_of(status, call, "rollback");
  return {};
}

}  // namespace hsd::test
