// The postgres storage plugin's entry point and its C trampolines. Each trampoline is noexcept:
// it runs the C++ operation, and turns any exception into host->set_error plus a status, so
// nothing ever unwinds into the host.
#include <hsd/abi.h>

#include <Poco/Exception.h>
#include <libpq-fe.h>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "instance.hpp"
#include "jobs.hpp"
#include "locks.hpp"
#include "metadata.hpp"
#include "migrations.hpp"
#include "records.hpp"
#include "session.hpp"
#include "snapshots.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// Typed, so lambdas that return it deduce hsd_status rather than the anonymous enum.
constexpr hsd_status kOk = HSD_OK;

std::string_view view(hsd_str_view s) { return s.data ? std::string_view(s.data, s.size) : ""; }

void report(const hsd_host_api* host, hsd_call* call, hsd_status status, const std::string& message,
            bool retryable) noexcept {
  if (!host || !host->set_error || !call) return;
  hsd_error error{};
  error.struct_size = sizeof(error);
  error.status = status;
  error.retryable = retryable ? 1 : 0;
  error.message = {message.data(), message.size()};
  host->set_error(call, &error);
}

// Runs body and maps every failure to a status; op names the operation in messages.
template <class Body>
hsd_status guarded(const hsd_host_api* host, hsd_call* call, const char* op, Body&& body) noexcept {
  try {
    return body();
  } catch (const StorageError& e) {
    report(host, call, e.status(), e.what(), e.retryable());
    return e.status();
  } catch (const Poco::Exception& e) {
    report(host, call, HSD_ERR_INTERNAL, std::string(op) + " failed: " + e.displayText(), false);
  } catch (const std::exception& e) {
    report(host, call, HSD_ERR_INTERNAL, std::string(op) + " failed: " + e.what(), false);
  } catch (...) {
    report(host, call, HSD_ERR_INTERNAL, std::string(op) + " failed with an unknown exception",
           false);
  }
  return HSD_ERR_INTERNAL;
}

Session& as_session(void* session) {
  if (!session) fail(HSD_ERR_INVALID_ARGUMENT, "the session is NULL");
  return *static_cast<Session*>(session);
}

// The session of a data operation, reconnected first when its connection was lost between
// calls (a PostgreSQL restart): the pool's sessions outlive the server's connections.
Session& live(void* session) {
  Session& s = as_session(session);
  s.ensure_connected();
  return s;
}

const hsd_host_api* host_of(void* session) {
  return session ? static_cast<Session*>(session)->instance().host : nullptr;
}

// The host's "stop soon" for call (never, without a host or a call).
std::function<bool()> cancellation_of(void* session, hsd_call* call) {
  const hsd_host_api* host = host_of(session);
  return [host, call] { return host && host->is_cancelled && call && host->is_cancelled(call) != 0; };
}

// Hands a row to the caller's callback, which may be NULL when the caller does not want it.
hsd_status hand_back(hsd_row_fn on_row, void* user, const std::string& row) {
  return on_row ? on_row(user, {row.data(), row.size()}) : kOk;
}

RowSink sink_of(hsd_row_fn on_row, void* user) {
  return [on_row, user](std::string_view row) {
    return on_row ? on_row(user, {row.data(), row.size()}) : kOk;
  };
}

// ---- instance

hsd_status plugin_create(const hsd_host_api* host, hsd_call* call, hsd_str_view config_json,
                         void** out_instance) noexcept {
  return guarded(host, call, "opening the PostgreSQL database", [&] {
    if (!out_instance) fail(HSD_ERR_INVALID_ARGUMENT, "out_instance is NULL");
    *out_instance = nullptr;
    *out_instance = new Instance(make_instance(host, view(config_json)));
    return kOk;
  });
}

void plugin_destroy(void* instance) noexcept { delete static_cast<Instance*>(instance); }

hsd_status plugin_invoke(void* instance, hsd_call* call, hsd_str_view, hsd_str_view) noexcept {
  const auto* self = static_cast<Instance*>(instance);
  report(self ? self->host : nullptr, call, HSD_ERR_UNSUPPORTED,
         "the postgres storage plugin has no actions; use its storage table", false);
  return HSD_ERR_UNSUPPORTED;
}

// ---- sessions and transactions

hsd_status session_open(void* instance, hsd_call* call, void** out_session) noexcept {
  const auto* self = static_cast<Instance*>(instance);
  return guarded(self ? self->host : nullptr, call, "session_open", [&] {
    if (!self || !out_session) fail(HSD_ERR_INVALID_ARGUMENT, "instance or out_session is NULL");
    *out_session = nullptr;
    if (self->dsn.empty()) {
      fail(HSD_ERR_UNSUPPORTED, "the postgres storage plugin is not the configured storage; set "
                                "storage: {plugin: postgres, dsn: ...} in engine.yaml to use it");
    }
    self->acquire();
    try {
      *out_session = new Session(*self);
    } catch (...) {
      self->release();
      throw;
    }
    return kOk;
  });
}

void session_close(void* session) noexcept {
  if (!session) return;
  auto* s = static_cast<Session*>(session);
  const Instance& instance = s->instance();
  delete s;  // PQfinish cannot fail; the server rolls back an open transaction
  instance.release();
}

hsd_status begin(void* session, hsd_call* call) noexcept {
  return guarded(host_of(session), call, "begin", [&] {
    as_session(session).begin();
    return kOk;
  });
}

hsd_status commit(void* session, hsd_call* call) noexcept {
  return guarded(host_of(session), call, "commit", [&] {
    as_session(session).commit();
    return kOk;
  });
}

hsd_status rollback(void* session, hsd_call* call) noexcept {
  return guarded(host_of(session), call, "rollback", [&] {
    as_session(session).rollback();
    return kOk;
  });
}

// ---- records

hsd_status insert(void* session, hsd_call* call, hsd_str_view entity, hsd_str_view record_json,
                  hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "insert", [&] {
    return hand_back(on_row, user, Records::insert(live(session), view(entity), view(record_json)));
  });
}

hsd_status update(void* session, hsd_call* call, hsd_str_view entity, int64_t id,
                  hsd_str_view patch_json, hsd_str_view expected_json, hsd_row_fn on_row,
                  void* user) noexcept {
  return guarded(host_of(session), call, "update", [&] {
    return hand_back(on_row, user, Records::update(live(session), view(entity), id,
                                                   view(patch_json), view(expected_json)));
  });
}

hsd_status remove(void* session, hsd_call* call, hsd_str_view entity, int64_t id) noexcept {
  return guarded(host_of(session), call, "remove", [&] {
    Records::remove(live(session), view(entity), id);
    return kOk;
  });
}

hsd_status find(void* session, hsd_call* call, hsd_str_view entity, hsd_str_view query_json,
                hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "find", [&] {
    return Records::find(live(session), view(entity), view(query_json), sink_of(on_row, user));
  });
}

hsd_status delete_connection(void* session, hsd_call* call, int64_t connection_id) noexcept {
  return guarded(host_of(session), call, "delete_connection", [&] {
    Records::delete_connection(live(session), connection_id);
    return kOk;
  });
}

// ---- snapshots and metadata

hsd_status snapshot_create(void* session, hsd_call* call, int64_t connection_id,
                           int64_t* out_snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_create", [&] {
    if (!out_snapshot_id) fail(HSD_ERR_INVALID_ARGUMENT, "out_snapshot_id is NULL");
    *out_snapshot_id = Snapshots::create(live(session), connection_id);
    return kOk;
  });
}

hsd_status snapshot_add_objects(void* session, hsd_call* call, int64_t snapshot_id,
                                const hsd_object* objects, size_t count,
                                size_t object_size) noexcept {
  return guarded(host_of(session), call, "snapshot_add_objects", [&] {
    Snapshots::add_objects(live(session), snapshot_id, objects, count, object_size);
    return kOk;
  });
}

hsd_status snapshot_activate(void* session, hsd_call* call, int64_t snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_activate", [&] {
    Snapshots::activate(live(session), snapshot_id);
    return kOk;
  });
}

hsd_status snapshot_discard(void* session, hsd_call* call, int64_t snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_discard", [&] {
    Snapshots::discard(live(session), snapshot_id);
    return kOk;
  });
}

hsd_status metadata_list(void* session, hsd_call* call, int64_t connection_id,
                         hsd_str_view query_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "metadata_list", [&] {
    return Metadata::list(live(session), connection_id, view(query_json),
                          sink_of(on_row, user));
  });
}

hsd_status metadata_get(void* session, hsd_call* call, int64_t connection_id, hsd_str_view type,
                        hsd_str_view external_id, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "metadata_get", [&] {
    return hand_back(on_row, user, Metadata::get(live(session), connection_id, view(type),
                                                 view(external_id)));
  });
}

hsd_status metadata_types(void* session, hsd_call* call, int64_t connection_id, hsd_row_fn on_row,
                          void* user) noexcept {
  return guarded(host_of(session), call, "metadata_types", [&] {
    return Metadata::types(live(session), connection_id, sink_of(on_row, user));
  });
}

hsd_status snapshot_activate_keeping(void* session, hsd_call* call, int64_t snapshot_id,
                                     int64_t keep) noexcept {
  return guarded(host_of(session), call, "snapshot_activate_keeping", [&] {
    Snapshots::activate_keeping(live(session), snapshot_id, keep);
    return kOk;
  });
}

hsd_status snapshot_pin(void* session, hsd_call* call, int64_t snapshot_id, hsd_str_view holder,
                        int64_t until_ms) noexcept {
  return guarded(host_of(session), call, "snapshot_pin", [&] {
    Snapshots::pin(live(session), snapshot_id, view(holder), until_ms);
    return kOk;
  });
}

hsd_status snapshot_unpin(void* session, hsd_call* call, int64_t snapshot_id,
                          hsd_str_view holder) noexcept {
  return guarded(host_of(session), call, "snapshot_unpin", [&] {
    Snapshots::unpin(live(session), snapshot_id, view(holder));
    return kOk;
  });
}

hsd_status snapshot_objects(void* session, hsd_call* call, int64_t snapshot_id,
                            hsd_str_view query_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "snapshot_objects", [&] {
    return Metadata::list_snapshot(live(session), snapshot_id, view(query_json),
                                   sink_of(on_row, user));
  });
}

// ---- jobs

hsd_status job_claim(void* session, hsd_call* call, hsd_str_view worker_id, int64_t now_ms,
                     int64_t lease_ms, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "job_claim", [&] {
    return hand_back(on_row, user,
                     Jobs::claim(live(session), view(worker_id), now_ms, lease_ms));
  });
}

hsd_status job_heartbeat(void* session, hsd_call* call, int64_t job_id, hsd_str_view worker_id,
                         int64_t now_ms, int64_t lease_ms) noexcept {
  return guarded(host_of(session), call, "job_heartbeat", [&] {
    Jobs::heartbeat(live(session), job_id, view(worker_id), now_ms, lease_ms);
    return kOk;
  });
}

hsd_status job_finish(void* session, hsd_call* call, int64_t job_id, hsd_str_view worker_id,
                      hsd_str_view state, hsd_str_view result_json) noexcept {
  return guarded(host_of(session), call, "job_finish", [&] {
    Jobs::finish(live(session), job_id, view(worker_id), view(state), view(result_json));
    return kOk;
  });
}

// ---- several engines on one database (1.4)

hsd_status job_enqueue(void* session, hsd_call* call, hsd_str_view record_json,
                       hsd_str_view unless_states_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "job_enqueue", [&] {
    return hand_back(on_row, user,
                     Jobs::enqueue(live(session), view(record_json), view(unless_states_json)));
  });
}

hsd_status job_wait(void* session, hsd_call* call, int64_t timeout_ms, int32_t* out_woken) noexcept {
  return guarded(host_of(session), call, "job_wait", [&] {
    if (!out_woken) fail(HSD_ERR_INVALID_ARGUMENT, "out_woken is NULL");
    *out_woken = 0;
    *out_woken = Jobs::wait(as_session(session), timeout_ms, cancellation_of(session, call)) ? 1 : 0;
    return kOk;
  });
}

hsd_status lock_acquire(void* session, hsd_call* call, hsd_str_view key, int64_t timeout_ms,
                        int64_t /*lease_ms: the lock lives as long as the connection*/) noexcept {
  return guarded(host_of(session), call, "lock_acquire", [&] {
    Locks::acquire(live(session), view(key), timeout_ms, cancellation_of(session, call));
    return kOk;
  });
}

hsd_status lock_release(void* session, hsd_call* call, hsd_str_view key) noexcept {
  return guarded(host_of(session), call, "lock_release", [&] {
    Locks::release(live(session), view(key));
    return kOk;
  });
}

hsd_status schema_status(void* session, hsd_call* call, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "schema_status", [&] {
    return hand_back(on_row, user, Migrations::status(live(session)));
  });
}

const hsd_storage_api kStorage = {
    .struct_size = sizeof(hsd_storage_api),
    .reserved0 = 0,
    .session_open = session_open,
    .session_close = session_close,
    .begin = begin,
    .commit = commit,
    .rollback = rollback,
    .insert = insert,
    .update = update,
    .remove = remove,
    .find = find,
    .delete_connection = delete_connection,
    .snapshot_create = snapshot_create,
    .snapshot_add_objects = snapshot_add_objects,
    .snapshot_activate = snapshot_activate,
    .snapshot_discard = snapshot_discard,
    .metadata_list = metadata_list,
    .metadata_get = metadata_get,
    .job_claim = job_claim,
    .job_heartbeat = job_heartbeat,
    .job_finish = job_finish,
    .metadata_types = metadata_types,
    .snapshot_activate_keeping = snapshot_activate_keeping,
    .snapshot_pin = snapshot_pin,
    .snapshot_unpin = snapshot_unpin,
    .snapshot_objects = snapshot_objects,
    .job_enqueue = job_enqueue,
    .job_wait = job_wait,
    .lock_acquire = lock_acquire,
    .lock_release = lock_release,
    .schema_status = schema_status,
};

const hsd_plugin_api kPlugin = {
    .magic = HSD_ABI_MAGIC,
    .struct_size = sizeof(hsd_plugin_api),
    .abi_major = HSD_ABI_VERSION_MAJOR,
    .abi_minor = HSD_ABI_VERSION_MINOR,
    .min_host_minor = HSD_ABI_VERSION_MINOR,
    .reserved0 = 0,
    .id = "postgres",
    .version = "0.1.0",
    .kind = "storage",
    .description = "PostgreSQL storage (libpq; several engines on one database)",
    .actions = nullptr,
    .action_count = 0,
    .action_size = sizeof(hsd_action_desc),
    .object_type_count = 0,
    .object_types = nullptr,
    .create = plugin_create,
    .destroy = plugin_destroy,
    .invoke = plugin_invoke,
    .storage = &kStorage,
    .manifest_json = nullptr,
};

}  // namespace
}  // namespace hsd::plugins::postgres

extern "C" HSD_EXPORT const hsd_plugin_api* hsd_plugin_entry(void) {
  return &hsd::plugins::postgres::kPlugin;
}
