/**
 * @file hsd/abi.h
 * The hsdeploy plugin ABI: the only contract between the engine (host) and a plugin.
 *
 * POLICY (read sdk/ABI.md for the full compatibility rules and the changelog):
 * - Pure C99. Only fixed-width integers, size_t, and data or function pointers cross the
 *   boundary: never bool, long, bit-fields, enum-typed fields, C++ types or exceptions.
 *   Never build with -fshort-enums.
 * - Every struct starts with struct_size (the plugin descriptor has magic first). Fields are
 *   appended at the end in a minor version, never reordered or removed. Read a field only
 *   when HSD_HAS_FIELD(p, T, f) holds.
 * - Arrays of structs carry their element size next to their count, so that elements can
 *   grow in a minor version without breaking indexing.
 * - Memory never changes owner across the boundary: arguments are borrowed for the duration
 *   of the call, whoever must keep data copies it during the call, descriptor strings are
 *   static, and instances are released only through their own destroy function.
 * - A non-HSD_OK status comes with a set_error call describing it. The host prefixes the
 *   message with the plugin id and the operation.
 * - Threads: create and destroy run alone. invoke may run concurrently for different calls
 *   (several connections retrieved at once), so an instance must be thread-safe; keep per-call
 *   state on the stack of the call.
 *
 * Structured payloads are UTF-8 JSON text; their shapes are documented in sdk/ABI.md.
 */
#ifndef HSD_ABI_H
#define HSD_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ versions */

#define HSD_ABI_MAGIC 0x41445348u /* 'HSDA' in little-endian byte order */
#define HSD_ABI_VERSION_MAJOR 1
#define HSD_ABI_VERSION_MINOR 4

/** The name of the one symbol a plugin exports. A future ABI 2 exports hsd_plugin_entry_v2. */
#define HSD_PLUGIN_ENTRY_SYMBOL "hsd_plugin_entry"

#if defined(_WIN32)
#define HSD_EXPORT __declspec(dllexport)
#else
#define HSD_EXPORT __attribute__((visibility("default")))
#endif

/** True when the struct at p (whose first field is struct_size) is large enough to hold f. */
#define HSD_HAS_FIELD(p, T, f) \
  ((p) != NULL && offsetof(T, f) + sizeof(((T*)0)->f) <= (size_t)(p)->struct_size)

/* ------------------------------------------------------------------ basic types */

/** Status of a call. Fixed width; values are only appended, never renumbered. Since: 1.0 */
typedef uint32_t hsd_status;
enum {
  HSD_OK = 0,
  HSD_ERR_INVALID_ARGUMENT = 1, /* the input is wrong; retrying the same input fails again */
  HSD_ERR_NOT_FOUND = 2,
  HSD_ERR_UNAUTHENTICATED = 3,  /* credentials missing, expired or revoked */
  HSD_ERR_RATE_LIMITED = 4,
  HSD_ERR_UNAVAILABLE = 5,      /* transient: network, 5xx, timeouts */
  HSD_ERR_UNSUPPORTED = 6,      /* the plugin does not offer this operation */
  HSD_ERR_INTERNAL = 7,         /* a bug or an unexpected failure */
  HSD_ERR_CONFLICT = 8,         /* a uniqueness or concurrency conflict */
  HSD_ERR_PERMISSION_DENIED = 9,/* authenticated but not allowed (for example missing scopes) */
  HSD_ERR_CANCELLED = 10        /* the host asked the call to stop */
};

/** Log levels. Since: 1.0 */
typedef uint32_t hsd_log_level;
enum { HSD_LOG_TRACE = 0, HSD_LOG_DEBUG = 1, HSD_LOG_INFO = 2, HSD_LOG_WARN = 3, HSD_LOG_ERROR = 4 };

/**
 * A borrowed UTF-8 string: data need not be NUL-terminated. data may be NULL when size is 0.
 * OWNERSHIP: the side that passes it keeps it. LIFETIME: the call it is passed to.
 * Since: 1.0
 */
typedef struct hsd_str_view {
  const char* data;
  size_t size;
} hsd_str_view;

/**
 * Opaque, host-owned context of one call from the host into a plugin. Every host callback
 * takes it so the host knows which call (connection, job, log fields) it belongs to.
 * LIFETIME: only during the call it was passed to; a plugin must not keep it.
 * Since: 1.0
 */
typedef struct hsd_call hsd_call;

/**
 * An error description, passed to hsd_host_api.set_error.
 * Since: 1.0
 */
typedef struct hsd_error {
  uint32_t struct_size;
  hsd_status status;
  uint32_t retryable;        /* 1 when the same call may succeed later (rate limit, 5xx) */
  uint32_t reserved0;
  hsd_str_view code;         /* a short stable code, e.g. "MISSING_SCOPES"; may be empty */
  hsd_str_view message;      /* one sentence a user can act on; never a secret */
  hsd_str_view details_json; /* a JSON object with more detail, or empty */
} hsd_error;

/**
 * One metadata object produced by a retrieval, passed to hsd_host_api.emit_object.
 * data_json holds the object's exact bytes as the provider sent them; the host stores them
 * unchanged. Since: 1.0
 */
typedef struct hsd_object {
  uint32_t struct_size;
  uint32_t reserved0;
  hsd_str_view type;      /* e.g. "contact_properties"; one of the plugin's object_types */
  hsd_str_view id;        /* the provider's stable id */
  hsd_str_view name;      /* the label a person recognises; may be empty */
  hsd_str_view data_json; /* the raw JSON object */
} hsd_object;

/* ------------------------------------------------------------------ HTTP transport */

/**
 * One HTTP header. Since: 1.0
 * Arrays of headers are indexed by the element size their request or response gives
 * (header_size, since 1.2); where it is absent or 0 the elements are this 1.0 layout.
 */
typedef struct hsd_http_header {
  hsd_str_view name;
  hsd_str_view value;
} hsd_http_header;

/**
 * An HTTP request sent through the host (TLS with verification, proxy, timeouts, metrics,
 * and redaction of Authorization headers in logs are the host's job).
 * Since: 1.0
 */
typedef struct hsd_http_request {
  uint32_t struct_size;
  uint32_t timeout_ms;            /* 0: the host's default */
  hsd_str_view method;            /* "GET", "POST", ... */
  hsd_str_view url;               /* absolute http:// or https:// URL */
  const hsd_http_header* headers; /* may be NULL when header_count is 0 */
  size_t header_count;
  hsd_str_view body;              /* may be empty */
  /* Since 1.2: append below this line only. */
  uint32_t header_size;           /* sizeof(hsd_http_header) as the plugin was built; 0: the 1.0 size */
  uint32_t reserved0;
  /**
   * Optional (since 1.2). Called, before http_send returns a transport failure, with what
   * failed: the status, a stable code ("dns_failure", "connection_refused", "tls_error",
   * "timeout", "connection_closed", "network_error") and a message naming the host and the
   * cause. user is http_send's user. OWNERSHIP: the host's. LIFETIME: the callback.
   */
  void (*on_failure)(void* user, const hsd_error* error);
} hsd_http_request;

/**
 * An HTTP response, handed to the plugin's callback.
 * OWNERSHIP: the host's. LIFETIME: only during the callback; copy what you keep.
 * Since: 1.0
 */
typedef struct hsd_http_response {
  uint32_t struct_size;
  uint32_t status;                /* the HTTP status code */
  const hsd_http_header* headers; /* names as received; compare case-insensitively */
  size_t header_count;
  hsd_str_view body;
  /* Since 1.2: append below this line only. */
  uint32_t header_size;           /* the element size of headers; read it only when present */
  uint32_t reserved0;
} hsd_http_response;

/** Receives a response; its return value becomes http_send's return value. Since: 1.0 */
typedef hsd_status (*hsd_http_response_fn)(void* user, const hsd_http_response* response);

/** Receives a borrowed string (LIFETIME: the callback). Since: 1.0 */
typedef hsd_status (*hsd_str_fn)(void* user, hsd_str_view value);

/**
 * Receives one stored object and its content hash (the storage's hash of data_json, hex).
 * OWNERSHIP: the host's. LIFETIME: the callback. A non-OK return stops the listing and
 * becomes read_objects' return value. Since: 1.1
 */
typedef hsd_status (*hsd_object_fn)(void* user, const hsd_object* object, hsd_str_view hash);

/** Flags for hsd_host_api.get_credentials. Since: 1.0 */
enum { HSD_CREDENTIALS_FORCE_REFRESH = 1u };

/* ------------------------------------------------------------------ host table */

/**
 * Services the host offers a plugin (plugin -> host calls).
 * OWNERSHIP: the host's. LIFETIME: until the plugin is unloaded.
 * THREADS: every function may be called from the thread that runs the current call and from
 * threads the plugin runs on the call's behalf (e.g. concurrent page fetches), concurrently,
 * until the call returns. The host serialises what must be serialised; emitted objects from
 * several threads are stored in the order the host receives them.
 * Since: 1.0
 */
typedef struct hsd_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;

  /** Required. Logs one line under logger "plugin.<id>". The host redacts secrets. */
  void (*log)(hsd_call* call, hsd_log_level level, hsd_str_view message);

  /** Required. Describes why the current call fails. The host copies everything. */
  void (*set_error)(hsd_call* call, const hsd_error* error);

  /**
   * Required. Sets the current action's output, a JSON object (e.g. a connect action's
   * account and credentials). Calling it again replaces the output. The host copies it.
   */
  void (*set_output)(hsd_call* call, hsd_str_view output_json);

  /**
   * Required. Hands the host one retrieved object. The host copies it.
   * @return HSD_OK, HSD_ERR_INVALID_ARGUMENT for an object the host refuses (unknown type,
   * empty id, data that is not a JSON object), or HSD_ERR_CANCELLED: stop the retrieval.
   */
  hsd_status (*emit_object)(hsd_call* call, const hsd_object* object);

  /** Required. Reports progress: objects done and expected (0 when unknown) of one type. */
  void (*progress)(hsd_call* call, hsd_str_view current_type, uint64_t done, uint64_t total);

  /** Required. 1 when the host asks the current call to stop soon, else 0. */
  uint32_t (*is_cancelled)(hsd_call* call);

  /**
   * Required. Sends one HTTP request and hands the response to on_response before
   * returning. Transport failures (DNS, refused, reset, TLS, timeout) return
   * HSD_ERR_UNAVAILABLE and, since 1.2, are described to the request's on_failure;
   * HTTP error statuses are responses.
   */
  hsd_status (*http_send)(hsd_call* call, const hsd_http_request* request,
                          hsd_http_response_fn on_response, void* user);

  /**
   * Required. Hands on_value the current connection's credentials JSON. The host first
   * refreshes them (through the plugin's "refresh" action, on this thread) when they expire
   * within 5 minutes, or always with HSD_CREDENTIALS_FORCE_REFRESH. One refresh runs at a
   * time per connection; concurrent callers wait for it and reuse its result.
   * @return HSD_ERR_NOT_FOUND outside a connection's call, HSD_ERR_UNAUTHENTICATED when the
   * refresh failed for good (the connection is then in error).
   */
  hsd_status (*get_credentials)(hsd_call* call, uint32_t flags, hsd_str_fn on_value, void* user);

  /* Since 1.1: append below this line only. */

  /**
   * Since 1.1. Streams the objects of the snapshot the host bound to the current call (for a
   * VCS target's backup: the source connection's current snapshot), ordered by type, then
   * provider id, with their data. query_json: {"type": T} to read one type, or empty/{}.
   * Check HSD_HAS_FIELD(host, hsd_host_api, read_objects) before use.
   * @return HSD_OK after the last object, HSD_ERR_NOT_FOUND when the call has no snapshot
   * bound, HSD_ERR_CANCELLED when the host asks the call to stop, or on_object's non-OK value.
   */
  hsd_status (*read_objects)(hsd_call* call, hsd_str_view query_json, hsd_object_fn on_object, void* user);
} hsd_host_api;

/* ------------------------------------------------------------------ actions */

/**
 * Flags of a parameter (hsd_param_desc.flags). Since: 1.2
 * - HSD_PARAM_SECRET: the value is a secret (a token, a key): the engine redacts it from every
 *   log line, error, audit record and answer, and forms ask for it without echoing it.
 * - HSD_PARAM_FLOW: only one of the engine's connect flows supplies it (an OAuth code, a
 *   redirect URI, a PKCE verifier, a device code); a person can never pass it directly.
 * - HSD_PARAM_DIRECT_REQUIRED: required when a person connects directly (the REST API, CLI
 *   options, the web UI's form), though a flow does without it (a token the OAuth flow
 *   replaces). Plain `required` means required in every call.
 */
enum { HSD_PARAM_SECRET = 1u, HSD_PARAM_FLOW = 2u, HSD_PARAM_DIRECT_REQUIRED = 4u };

/**
 * One parameter of an action, so the engine validates a pipeline's `with:` block and
 * prints help. OWNERSHIP: the plugin's, static. Since: 1.0
 */
typedef struct hsd_param_desc {
  uint32_t struct_size;
  uint32_t required;         /* 1 when the parameter must be given */
  const char* name;          /* lower snake case */
  const char* type;          /* "string" | "integer" | "number" | "boolean" | "string_list" | "object" */
  const char* default_json;  /* JSON text of the default, or NULL */
  const char* description;   /* one line */
  /* Since 1.2: append below this line only. */
  uint32_t flags;            /* HSD_PARAM_* bits */
  uint32_t reserved0;
} hsd_param_desc;

/**
 * One named action a plugin offers. OWNERSHIP: the plugin's, static. Since: 1.0
 */
typedef struct hsd_action_desc {
  uint32_t struct_size;
  uint32_t param_size;              /* sizeof(hsd_param_desc) as the plugin was built */
  const char* name;                 /* e.g. "connect", "retrieve" */
  const char* description;          /* one line */
  const hsd_param_desc* params;     /* param_count elements of param_size bytes each */
  size_t param_count;
} hsd_action_desc;

/* ------------------------------------------------------------------ storage table */

/** Receives one row as a JSON object (LIFETIME: the callback). Non-OK stops the listing. */
typedef hsd_status (*hsd_row_fn)(void* user, hsd_str_view row_json);

/**
 * The typed operations of a storage plugin (kind "storage"); see sdk/STORAGE.md for the
 * entities, their columns and the JSON shapes. A session is one database connection; its
 * functions may be called from any thread, one call at a time per session. Sessions of one
 * instance are used concurrently from several threads.
 * Entities, rows and filters are JSON; ids are int64 assigned by the storage; times are
 * int64 milliseconds since the Unix epoch (UTC).
 * Since: 1.0
 */
typedef struct hsd_storage_api {
  uint32_t struct_size;
  uint32_t reserved0;

  /** Opens a session. OWNERSHIP: the plugin's, released by session_close. */
  hsd_status (*session_open)(void* instance, hsd_call* call, void** out_session);
  /** Closes a session, rolling back an open transaction. Cannot fail. */
  void (*session_close)(void* session);

  /** Transactions. Without one, each operation commits on its own. No nesting. */
  hsd_status (*begin)(void* session, hsd_call* call);
  hsd_status (*commit)(void* session, hsd_call* call);
  hsd_status (*rollback)(void* session, hsd_call* call);

  /**
   * Inserts a record of entity into its table and hands back the stored row (with id and
   * defaults). An unknown entity or column is HSD_ERR_INVALID_ARGUMENT naming it; a unique
   * key taken is HSD_ERR_CONFLICT.
   */
  hsd_status (*insert)(void* session, hsd_call* call, hsd_str_view entity,
                       hsd_str_view record_json, hsd_row_fn on_row, void* user);
  /**
   * Sets the given columns of one record and hands back the stored row.
   * expected_json, when not empty, is an object of column values that must still hold
   * (compare-and-set); when they do not, nothing changes and HSD_ERR_CONFLICT is returned.
   * A missing id is HSD_ERR_NOT_FOUND.
   */
  hsd_status (*update)(void* session, hsd_call* call, hsd_str_view entity, int64_t id,
                       hsd_str_view patch_json, hsd_str_view expected_json,
                       hsd_row_fn on_row, void* user);
  /** Deletes one record (no cascade). A missing id is HSD_ERR_NOT_FOUND. */
  hsd_status (*remove)(void* session, hsd_call* call, hsd_str_view entity, int64_t id);
  /**
   * Lists the records of entity that match query_json:
   * {"where": {column: value, ...}, "after_id": N, "limit": N, "order": "asc"|"desc"}
   * (all keys optional; where is equality on each column, null matching NULL; rows come in
   * id order). An unknown column is HSD_ERR_INVALID_ARGUMENT naming it.
   */
  hsd_status (*find)(void* session, hsd_call* call, hsd_str_view entity,
                     hsd_str_view query_json, hsd_row_fn on_row, void* user);

  /**
   * Deletes a connection and everything that hangs off it (metadata objects, snapshots,
   * comparisons, backup configurations and runs, deployments, jobs, credentials,
   * repositories, OAuth states) in one transaction of its own, or within the caller's.
   */
  hsd_status (*delete_connection)(void* session, hsd_call* call, int64_t connection_id);

  /** Starts a snapshot of a connection in state "building". */
  hsd_status (*snapshot_create)(void* session, hsd_call* call, int64_t connection_id,
                                int64_t* out_snapshot_id);
  /**
   * Adds objects to a building snapshot (one transaction of its own unless the caller has
   * one). Object data is stored once per content hash across snapshots.
   */
  hsd_status (*snapshot_add_objects)(void* session, hsd_call* call, int64_t snapshot_id,
                                     const hsd_object* objects, size_t count, size_t object_size);
  /**
   * Makes a building snapshot the connection's current one in one transaction: the previous
   * current snapshot and its objects are removed. Readers see the old or the new snapshot,
   * never a mix.
   */
  hsd_status (*snapshot_activate)(void* session, hsd_call* call, int64_t snapshot_id);
  /** Removes a snapshot that never became current, with its objects. */
  hsd_status (*snapshot_discard)(void* session, hsd_call* call, int64_t snapshot_id);

  /**
   * Lists the objects of a connection's current snapshot, ordered by (type, external id):
   * query_json {"type": T, "q": substring of id or name, "after": cursor, "limit": N,
   * "with_data": false}. Rows: {"type","id","name","hash","snapshot","data"?}. After the last
   * row, on_row is not called again; the cursor of the next page is the last row's
   * "cursor" field.
   */
  hsd_status (*metadata_list)(void* session, hsd_call* call, int64_t connection_id,
                              hsd_str_view query_json, hsd_row_fn on_row, void* user);
  /** Hands back one object of the current snapshot with its data, or HSD_ERR_NOT_FOUND. */
  hsd_status (*metadata_get)(void* session, hsd_call* call, int64_t connection_id,
                             hsd_str_view type, hsd_str_view external_id,
                             hsd_row_fn on_row, void* user);

  /**
   * Claims the oldest runnable job (state "queued", run_after <= now_ms, or state
   * "running" whose lease expired before now_ms) for worker_id until now_ms + lease_ms,
   * atomically across processes, and hands back its row. No job: HSD_ERR_NOT_FOUND.
   */
  hsd_status (*job_claim)(void* session, hsd_call* call, hsd_str_view worker_id,
                          int64_t now_ms, int64_t lease_ms, hsd_row_fn on_row, void* user);
  /** Extends a lease held by worker_id. A lost lease is HSD_ERR_CONFLICT. */
  hsd_status (*job_heartbeat)(void* session, hsd_call* call, int64_t job_id,
                              hsd_str_view worker_id, int64_t now_ms, int64_t lease_ms);
  /**
   * Ends a job held by worker_id: state "succeeded", "failed", "cancelled", or "queued"
   * again (a retry, with result_json {"run_after": ms, "error": ...}). result_json is stored
   * on the job. A lost lease is HSD_ERR_CONFLICT.
   */
  hsd_status (*job_finish)(void* session, hsd_call* call, int64_t job_id,
                           hsd_str_view worker_id, hsd_str_view state, hsd_str_view result_json);

  /* Since 1.1: append below this line only. */

  /**
   * Since 1.3. Counts the objects of a connection's current snapshot by type: one row
   * {"type": T, "count": N} per type present, in type order (byte order). No current
   * snapshot: no rows. A missing connection: HSD_ERR_NOT_FOUND. NULL (or absent, in an older
   * table): the host counts by paging through metadata_list instead.
   */
  hsd_status (*metadata_types)(void* session, hsd_call* call, int64_t connection_id,
                               hsd_row_fn on_row, void* user);

  /**
   * Since 1.3. Like snapshot_activate, but the previous current snapshot is kept in state
   * "previous", objects and all, and the connection's "previous" snapshots beyond the newest
   * `keep` are then pruned oldest first (with their objects and orphaned blobs), skipping any
   * with a live pin. keep 0 keeps none (only pinned ones survive). Activating the current
   * snapshot again is harmless; a "previous" one is HSD_ERR_CONFLICT; keep < 0 is
   * HSD_ERR_INVALID_ARGUMENT. NULL (or absent, in an older table): the host cannot keep
   * history and says so.
   */
  hsd_status (*snapshot_activate_keeping)(void* session, hsd_call* call, int64_t snapshot_id,
                                          int64_t keep);
  /**
   * Since 1.3. Pins a snapshot for holder until until_ms (the storage's clock, ms since the
   * epoch): snapshot_activate_keeping never prunes it while a pin is live, and a crashed
   * holder's pin simply expires. Pinning again moves until_ms. Missing snapshot:
   * HSD_ERR_NOT_FOUND.
   */
  hsd_status (*snapshot_pin)(void* session, hsd_call* call, int64_t snapshot_id,
                             hsd_str_view holder, int64_t until_ms);
  /** Since 1.3. Ends holder's pin (none: no change). Missing snapshot: HSD_ERR_NOT_FOUND. */
  hsd_status (*snapshot_unpin)(void* session, hsd_call* call, int64_t snapshot_id,
                               hsd_str_view holder);
  /**
   * Since 1.3. Lists the objects of one snapshot (current or previous) with metadata_list's
   * query keys, rows and cursor paging. A missing or pruned snapshot: HSD_ERR_NOT_FOUND naming
   * it; a building one: HSD_ERR_CONFLICT.
   */
  hsd_status (*snapshot_objects)(void* session, hsd_call* call, int64_t snapshot_id,
                                 hsd_str_view query_json, hsd_row_fn on_row, void* user);

  /* Since 1.4: what several engines sharing one database need. A table that ends before an
   * operation (an older plugin) lacks it; the host then falls back as each comment says. */

  /**
   * Since 1.4. Queues a job unless an identical one waits, atomically across sessions and
   * processes: two callers racing with identical records get one job. record_json is a "jobs"
   * record (workspace_id, connection_id or null, pipeline, params, max_attempts, run_after).
   * Identical: the same connection_id (null matching null), pipeline and params text (the host
   * writes params as compact JSON with sorted keys), in one of the states of
   * unless_states_json, a JSON array drawn from "queued" and "running" (a "running" job
   * counts only while its lease is live). on_row receives one row
   * {"job": the new or the existing job's row, "joined": true when it existed}.
   * Inside a caller's transaction the guarantee holds until that transaction ends. A new job
   * wakes waiting job_wait calls of every session once it is committed. NULL: the host reads,
   * then inserts, in one transaction (atomic only where transactions serialise, as in sqlite).
   */
  hsd_status (*job_enqueue)(void* session, hsd_call* call, hsd_str_view record_json,
                            hsd_str_view unless_states_json, hsd_row_fn on_row, void* user);
  /**
   * Since 1.4. Waits until a job may have become claimable somewhere (a job_enqueue, or a
   * job_finish, committed by any session of any process after this session's first job_wait
   * began) or timeout_ms passes; *out_woken is 1 for the first, 0 for a timeout. Wake-ups
   * that arrive between two calls are kept for the next call. Checks host is_cancelled at
   * least every 250 ms: HSD_ERR_CANCELLED. Use a session of its own: it is busy while waiting.
   * NULL or HSD_ERR_UNSUPPORTED: the host polls (sqlite answers UNSUPPORTED: one process
   * wakes its own workers, and other processes poll).
   */
  hsd_status (*job_wait)(void* session, hsd_call* call, int64_t timeout_ms, int32_t* out_woken);
  /**
   * Since 1.4. Takes the named lock for this session, waiting up to timeout_ms; across all
   * sessions of all processes at most one holds a key. Held until lock_release, session_close,
   * or the session's process dies (the database releases it; sqlite: a lease of lease_ms
   * that lock_acquire by the same holder renews). Taking a key the session already holds
   * renews it. Timeout: HSD_ERR_UNAVAILABLE (retryable), naming the key. If the session's
   * database connection was lost while holding locks, the next lock_release or lock_acquire
   * of those keys answers HSD_ERR_CONFLICT ("lock lost"), because another session may have
   * taken them meanwhile. NULL: the host has only its own process's locks.
   */
  hsd_status (*lock_acquire)(void* session, hsd_call* call, hsd_str_view key, int64_t timeout_ms,
                             int64_t lease_ms);
  /** Since 1.4. Releases a key this session holds (not held: no change). */
  hsd_status (*lock_release)(void* session, hsd_call* call, hsd_str_view key);
  /**
   * Since 1.4. The database's schema: one row {"version": applied, "supported": the newest
   * this plugin knows, "pending": [{"version","name"}] not yet applied, "applied":
   * [{"version","name","applied_at"}]}. It reads the database each call, so a version newer
   * than "supported" (another engine migrated) shows at once. NULL: the host cannot tell.
   * From 1.4 job_claim, too, checks the version each claim and answers HSD_ERR_UNSUPPORTED
   * ("the database schema is at version N; this plugin knows up to M") instead of claiming
   * once the database is newer than the plugin.
   */
  hsd_status (*schema_status)(void* session, hsd_call* call, hsd_row_fn on_row, void* user);
} hsd_storage_api;

/* ------------------------------------------------------------------ plugin descriptor */

/**
 * What a plugin is and offers (host -> plugin hooks).
 * OWNERSHIP: the plugin's static data, never freed. LIFETIME: while the library is loaded.
 * Since: 1.0
 */
typedef struct hsd_plugin_api {
  uint32_t magic;            /* HSD_ABI_MAGIC */
  uint32_t struct_size;      /* sizeof(hsd_plugin_api) as the plugin was built */
  uint16_t abi_major;        /* the SDK the plugin was built against */
  uint16_t abi_minor;
  uint16_t min_host_minor;   /* the oldest host minor the plugin works with */
  uint16_t reserved0;
  const char* id;            /* lower snake case; equals the library name hsd_<id> */
  const char* version;       /* the plugin's own semantic version */
  const char* kind;          /* "source" | "vcs_target" | "storage" */
  const char* description;   /* one line */

  const hsd_action_desc* actions; /* action_count elements of action_size bytes each */
  size_t action_count;
  uint32_t action_size;
  uint32_t object_type_count;
  const char* const* object_types; /* sources: the metadata types retrieve can emit */

  /**
   * Required. Creates an instance from the plugin's configuration (the JSON object of
   * connectors.<id> in engine.yaml, {} when absent). Called once, on the loading thread.
   * OWNERSHIP: *out_instance is the plugin's, released by destroy.
   */
  hsd_status (*create)(const hsd_host_api* host, hsd_call* call, hsd_str_view config_json,
                       void** out_instance);
  /** Required. Releases an instance. Cannot fail; must not call into the host. */
  void (*destroy)(void* instance);
  /**
   * Required for sources and VCS targets. Runs one named action; may be called concurrently
   * from several host threads, each with its own call. input_json is
   * {"params": {...}, "connection": {...} | null, "credentials": {...} | null}
   * (see sdk/ABI.md). Results go through set_output and emit_object.
   */
  hsd_status (*invoke)(void* instance, hsd_call* call, hsd_str_view action,
                       hsd_str_view input_json);
  /** Required for storage plugins, NULL otherwise. */
  const hsd_storage_api* storage;

  /* Since 1.1: append below this line only. */

  /**
   * Optional (since 1.2). A static JSON object describing the plugin to people and to the
   * engine, readable before create: {"display_name", "noun", "auth_types": [{"value",
   * "label"}], "secret_outputs": [field names], "token_patterns": [{"prefix", "regex"}]}
   * (see sdk/ABI.md). NULL: none of it.
   */
  const char* manifest_json;
} hsd_plugin_api;

/** The one exported symbol's type. Pure: no allocation, I/O or host calls. Since: 1.0 */
typedef const hsd_plugin_api* (*hsd_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* HSD_ABI_H */
