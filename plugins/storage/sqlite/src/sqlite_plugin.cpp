// The sqlite storage plugin's entry point and its C trampolines. Each trampoline is noexcept:
// it runs the C++ operation, and turns any exception into host->set_error plus a status, so
// nothing ever unwinds into the host.
#include <hsd/abi.h>

#include <Poco/Exception.h>

#include <exception>
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

namespace hsd::plugins::sqlite {
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

const hsd_host_api* host_of(void* session) {
  return session ? static_cast<Session*>(session)->instance().host : nullptr;
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
  return guarded(host, call, "opening the sqlite database", [&] {
    if (!out_instance) fail(HSD_ERR_INVALID_ARGUMENT, "out_instance is NULL");
    *out_instance = nullptr;
    try {
      *out_instance = new Instance(make_instance(host, view(config_json)));
    } catch (const Poco::Exception& e) {
      // Opening failed (missing permission, a folder in the way, a corrupt file).
      fail(HSD_ERR_UNAVAILABLE, "cannot open the sqlite database: " + e.displayText());
    }
    return kOk;
  });
}

void plugin_destroy(void* instance) noexcept { delete static_cast<Instance*>(instance); }

hsd_status plugin_invoke(void* instance, hsd_call* call, hsd_str_view, hsd_str_view) noexcept {
  const auto* self = static_cast<Instance*>(instance);
  report(self ? self->host : nullptr, call, HSD_ERR_UNSUPPORTED,
         "the sqlite storage plugin has no actions; use its storage table", false);
  return HSD_ERR_UNSUPPORTED;
}

// ---- sessions and transactions

hsd_status session_open(void* instance, hsd_call* call, void** out_session) noexcept {
  const auto* self = static_cast<Instance*>(instance);
  return guarded(self ? self->host : nullptr, call, "session_open", [&] {
    if (!self || !out_session) fail(HSD_ERR_INVALID_ARGUMENT, "instance or out_session is NULL");
    *out_session = nullptr;
    if (self->path.empty()) {
      fail(HSD_ERR_UNSUPPORTED, "the sqlite storage plugin is not the configured storage; set "
                                "storage: {plugin: sqlite, path: ...} in engine.yaml to use it");
    }
    try {
      *out_session = new Session(*self);
    } catch (const Poco::Exception& e) {
      fail(HSD_ERR_UNAVAILABLE, "cannot open " + self->path + ": " + e.displayText());
    }
    return kOk;
  });
}

void session_close(void* session) noexcept {
  try {
    delete static_cast<Session*>(session);
  } catch (...) {
    // Closing cannot fail by contract; Poco's close errors leave nothing to act on.
  }
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
    return hand_back(on_row, user, Records::insert(as_session(session), view(entity), view(record_json)));
  });
}

hsd_status update(void* session, hsd_call* call, hsd_str_view entity, int64_t id,
                  hsd_str_view patch_json, hsd_str_view expected_json, hsd_row_fn on_row,
                  void* user) noexcept {
  return guarded(host_of(session), call, "update", [&] {
    return hand_back(on_row, user, Records::update(as_session(session), view(entity), id,
                                                   view(patch_json), view(expected_json)));
  });
}

hsd_status remove(void* session, hsd_call* call, hsd_str_view entity, int64_t id) noexcept {
  return guarded(host_of(session), call, "remove", [&] {
    Records::remove(as_session(session), view(entity), id);
    return kOk;
  });
}

hsd_status find(void* session, hsd_call* call, hsd_str_view entity, hsd_str_view query_json,
                hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "find", [&] {
    return Records::find(as_session(session), view(entity), view(query_json), sink_of(on_row, user));
  });
}

hsd_status delete_connection(void* session, hsd_call* call, int64_t connection_id) noexcept {
  return guarded(host_of(session), call, "delete_connection", [&] {
    Records::delete_connection(as_session(session), connection_id);
    return kOk;
  });
}

// ---- snapshots and metadata

hsd_status snapshot_create(void* session, hsd_call* call, int64_t connection_id,
                           int64_t* out_snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_create", [&] {
    if (!out_snapshot_id) fail(HSD_ERR_INVALID_ARGUMENT, "out_snapshot_id is NULL");
    *out_snapshot_id = Snapshots::create(as_session(session), connection_id);
    return kOk;
  });
}

hsd_status snapshot_add_objects(void* session, hsd_call* call, int64_t snapshot_id,
                                const hsd_object* objects, size_t count,
                                size_t object_size) noexcept {
  return guarded(host_of(session), call, "snapshot_add_objects", [&] {
    Snapshots::add_objects(as_session(session), snapshot_id, objects, count, object_size);
    return kOk;
  });
}

hsd_status snapshot_activate(void* session, hsd_call* call, int64_t snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_activate", [&] {
    Snapshots::activate(as_session(session), snapshot_id);
    return kOk;
  });
}

hsd_status snapshot_discard(void* session, hsd_call* call, int64_t snapshot_id) noexcept {
  return guarded(host_of(session), call, "snapshot_discard", [&] {
    Snapshots::discard(as_session(session), snapshot_id);
    return kOk;
  });
}

hsd_status metadata_list(void* session, hsd_call* call, int64_t connection_id,
                         hsd_str_view query_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "metadata_list", [&] {
    return Metadata::list(as_session(session), connection_id, view(query_json),
                          sink_of(on_row, user));
  });
}

hsd_status metadata_get(void* session, hsd_call* call, int64_t connection_id, hsd_str_view type,
                        hsd_str_view external_id, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "metadata_get", [&] {
    return hand_back(on_row, user, Metadata::get(as_session(session), connection_id, view(type),
                                                 view(external_id)));
  });
}

hsd_status metadata_types(void* session, hsd_call* call, int64_t connection_id, hsd_row_fn on_row,
                          void* user) noexcept {
  return guarded(host_of(session), call, "metadata_types", [&] {
    return Metadata::types(as_session(session), connection_id, sink_of(on_row, user));
  });
}

hsd_status snapshot_activate_keeping(void* session, hsd_call* call, int64_t snapshot_id,
                                     int64_t keep) noexcept {
  return guarded(host_of(session), call, "snapshot_activate_keeping", [&] {
    Snapshots::activate_keeping(as_session(session), snapshot_id, keep);
    return kOk;
  });
}

hsd_status snapshot_pin(void* session, hsd_call* call, int64_t snapshot_id, hsd_str_view holder,
                        int64_t until_ms) noexcept {
  return guarded(host_of(session), call, "snapshot_pin", [&] {
    Snapshots::pin(as_session(session), snapshot_id, view(holder), until_ms);
    return kOk;
  });
}

hsd_status snapshot_unpin(void* session, hsd_call* call, int64_t snapshot_id,
                          hsd_str_view holder) noexcept {
  return guarded(host_of(session), call, "snapshot_unpin", [&] {
    Snapshots::unpin(as_session(session), snapshot_id, view(holder));
    return kOk;
  });
}

hsd_status snapshot_objects(void* session, hsd_call* call, int64_t snapshot_id,
                            hsd_str_view query_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "snapshot_objects", [&] {
    return Metadata::list_snapshot(as_session(session), snapshot_id, view(query_json),
                                   sink_of(on_row, user));
  });
}

// ---- jobs

hsd_status job_claim(void* session, hsd_call* call, hsd_str_view worker_id, int64_t now_ms,
                     int64_t lease_ms, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "job_claim", [&] {
    return hand_back(on_row, user,
                     Jobs::claim(as_session(session), view(worker_id), now_ms, lease_ms));
  });
}

hsd_status job_heartbeat(void* session, hsd_call* call, int64_t job_id, hsd_str_view worker_id,
                         int64_t now_ms, int64_t lease_ms) noexcept {
  return guarded(host_of(session), call, "job_heartbeat", [&] {
    Jobs::heartbeat(as_session(session), job_id, view(worker_id), now_ms, lease_ms);
    return kOk;
  });
}

hsd_status job_finish(void* session, hsd_call* call, int64_t job_id, hsd_str_view worker_id,
                      hsd_str_view state, hsd_str_view result_json) noexcept {
  return guarded(host_of(session), call, "job_finish", [&] {
    Jobs::finish(as_session(session), job_id, view(worker_id), view(state), view(result_json));
    return kOk;
  });
}

// ---- several engines on one database (ABI 1.4)

hsd_status job_enqueue(void* session, hsd_call* call, hsd_str_view record_json,
                       hsd_str_view unless_states_json, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "job_enqueue", [&] {
    return hand_back(on_row, user,
                     Jobs::enqueue(as_session(session), view(record_json), view(unless_states_json)));
  });
}

hsd_status job_wait(void* session, hsd_call* call, int64_t, int32_t* out_woken) noexcept {
  return guarded(host_of(session), call, "job_wait", [&] {
    if (out_woken) *out_woken = 0;
    // SQLite has no notifications between processes: the engine polls, and wakes its own
    // workers itself when it enqueues.
    fail(HSD_ERR_UNSUPPORTED,
         "the sqlite storage plugin cannot wait for jobs of other processes; poll with job_claim");
    return kOk;
  });
}

hsd_status lock_acquire(void* session, hsd_call* call, hsd_str_view key, int64_t timeout_ms,
                        int64_t lease_ms) noexcept {
  return guarded(host_of(session), call, "lock_acquire", [&] {
    const hsd_host_api* host = host_of(session);
    Locks::acquire(as_session(session), view(key), timeout_ms, lease_ms, [host, call] {
      return host && host->is_cancelled && call && host->is_cancelled(call) != 0;
    });
    return kOk;
  });
}

hsd_status lock_release(void* session, hsd_call* call, hsd_str_view key) noexcept {
  return guarded(host_of(session), call, "lock_release", [&] {
    Locks::release(as_session(session), view(key));
    return kOk;
  });
}

hsd_status schema_status(void* session, hsd_call* call, hsd_row_fn on_row, void* user) noexcept {
  return guarded(host_of(session), call, "schema_status", [&] {
    return hand_back(on_row, user, Migrations::status_json(as_session(session).db()));
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
    .id = "sqlite",
    .version = "0.1.0",
    .kind = "storage",
    .description = "Embedded SQLite storage (one file, WAL, many processes)",
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
}  // namespace hsd::plugins::sqlite

extern "C" HSD_EXPORT const hsd_plugin_api* hsd_plugin_entry(void) {
  return &hsd::plugins::sqlite::kPlugin;
}
