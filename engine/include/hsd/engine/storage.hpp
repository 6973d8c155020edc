// The engine's C++ client over a storage plugin's hsd_storage_api table: RAII sessions and
// transactions, JSON records as Poco objects, and every failure as a Result carrying the
// plugin's status and message. Nothing here knows which database is behind the table.
#pragma once

#include <hsd/abi.h>

#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/result.hpp"

namespace hsd::engine {

// A find() query: equality on each column of where (a null value matches NULL), rows in id
// order, optionally after an id (keyset paging) and limited.
struct Query {
  Poco::JSON::Object where;
  std::optional<std::int64_t> after_id;
  std::optional<std::int64_t> limit;
  bool descending = false;
};

// One metadata object to add to a building snapshot; data holds the provider's exact bytes.
struct ObjectRecord {
  std::string type;
  std::string id;
  std::string name;
  std::string data;
};

struct MetadataQuery {
  std::string type;    // empty: every type
  std::string q;       // substring of id or name, case-insensitive; empty: no filter
  std::string cursor;  // next_cursor of the previous page; empty: the first page
  std::int64_t limit = 100;
  bool with_data = false;
};

struct MetadataRow {
  std::string type;
  std::string id;     // the provider's id
  std::string name;
  std::string hash;   // SHA-256 hex of data
  std::int64_t snapshot = 0;
  std::string cursor;
  std::optional<std::string> data;  // exact bytes; present with with_data and from get
};

struct MetadataPage {
  std::vector<MetadataRow> rows;
  std::string next_cursor;  // empty on the last page
};

// How many objects of one type the current snapshot holds.
struct MetadataTypeCount {
  std::string type;
  std::int64_t count = 0;
};

// What job_enqueue did: the queued job, or the identical one already waiting that stands for it.
struct JobEnqueued {
  Poco::JSON::Object::Ptr job;
  bool joined = false;
};

// One migration of the database's schema.
struct SchemaMigration {
  std::int64_t version = 0;
  std::string name;
  std::int64_t applied_at = 0;  // ms since the epoch; 0 for a pending one
};

// The database's schema as the storage plugin sees it (schema_status).
struct SchemaStatus {
  bool known = false;            // false: the storage plugin is older than ABI 1.4 and cannot tell
  std::int64_t version = 0;      // applied
  std::int64_t supported = 0;    // the newest this storage plugin knows
  std::vector<SchemaMigration> pending;
  std::vector<SchemaMigration> applied;
  // Another, newer engine migrated the database: this one must not write jobs' rows.
  bool newer() const { return known && version > supported; }
};

class Session;

// A transaction on one session: rolled back on destruction unless committed.
class Transaction {
 public:
  static Result<Transaction> begin(Session& session);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status commit();
  Status rollback();

 private:
  explicit Transaction(Session& session) : session_(&session) {}
  Session* session_;  // null once committed, rolled back or moved from
};

// One storage session (one database connection); one call at a time. Move-only; closes on
// destruction, rolling back an open transaction.
class Session {
 public:
  Session(Session&& other) noexcept;
  Session& operator=(Session&& other) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  Result<Poco::JSON::Object::Ptr> insert(std::string_view entity, const Poco::JSON::Object& record);
  // expected: column values that must still hold (compare-and-set); CONFLICT when they do not.
  Result<Poco::JSON::Object::Ptr> update(std::string_view entity, std::int64_t id,
                                         const Poco::JSON::Object& patch,
                                         const Poco::JSON::Object& expected = Poco::JSON::Object());
  Status remove(std::string_view entity, std::int64_t id);
  Result<std::vector<Poco::JSON::Object::Ptr>> find(std::string_view entity, const Query& query = Query());
  // One record by id; NOT_FOUND naming the entity and id.
  Result<Poco::JSON::Object::Ptr> get(std::string_view entity, std::int64_t id);

  Status delete_connection(std::int64_t connection_id);

  Result<std::int64_t> snapshot_create(std::int64_t connection_id);
  Status snapshot_add_objects(std::int64_t snapshot_id, const std::vector<ObjectRecord>& objects);
  Status snapshot_activate(std::int64_t snapshot_id);
  Status snapshot_discard(std::int64_t snapshot_id);
  Result<MetadataPage> metadata_list(std::int64_t connection_id, const MetadataQuery& query);
  // ABI 1.3 snapshot history. A storage plugin whose table ends before an operation answers
  // UNSUPPORTED naming the operation and the ABI it needs (an older storage keeps no history).
  // snapshot_activate_keeping: activate, keeping the replaced current snapshot as 'previous'
  // and pruning kept ones beyond the newest `keep`, oldest first, unless pinned.
  Status snapshot_activate_keeping(std::int64_t snapshot_id, std::int64_t keep);
  // A pin keeps a snapshot from pruning until until_ms (storage clock); NOT_FOUND when missing.
  Status snapshot_pin(std::int64_t snapshot_id, std::string_view holder, std::int64_t until_ms);
  Status snapshot_unpin(std::int64_t snapshot_id, std::string_view holder);
  // The objects of one current or kept snapshot, paged like metadata_list; NOT_FOUND naming
  // a missing or pruned snapshot.
  Result<MetadataPage> snapshot_objects(std::int64_t snapshot_id, const MetadataQuery& query);
  Result<MetadataRow> metadata_get(std::int64_t connection_id, std::string_view type,
                                   std::string_view id);
  // The types present in the connection's current snapshot with their counts, in type (byte)
  // order; empty without a current snapshot; NOT_FOUND for a missing connection. A storage
  // plugin older than ABI 1.3 lacks the operation: the counts then come from paging through
  // metadata_list (the same answer, one read of every object's key).
  Result<std::vector<MetadataTypeCount>> metadata_types(std::int64_t connection_id);

  // The claimed job's row, or a null pointer when no job is ready at now_ms.
  Result<Poco::JSON::Object::Ptr> job_claim(std::string_view worker_id, std::int64_t now_ms,
                                            std::int64_t lease_ms);
  Status job_heartbeat(std::int64_t job_id, std::string_view worker_id, std::int64_t now_ms,
                       std::int64_t lease_ms);
  // state: "succeeded", "failed", "cancelled", or "queued" (a retry; result carries run_after).
  Status job_finish(std::int64_t job_id, std::string_view worker_id, std::string_view state,
                    const Poco::JSON::Object& result = Poco::JSON::Object());

  // ABI 1.4: what several engines sharing one database need. Each falls back, for a storage
  // plugin whose table ends before it, as abi.h describes.
  //
  // Queues a "jobs" record unless an identical one (same connection_id, null matching null,
  // pipeline and params) is in one of unless_states ("queued", "running": a running one only
  // while its lease is live), atomically across sessions. Fallback: read, then insert, in one
  // transaction (the caller's, when one is open).
  Result<JobEnqueued> job_enqueue(const Poco::JSON::Object& record, const std::vector<std::string>& unless_states);
  // Waits up to timeout for a job that may have become claimable anywhere: true when woken,
  // false at the timeout. CANCELLED once *cancel is set (checked at least every 250 ms).
  // UNSUPPORTED when the storage cannot tell (an older plugin, or one process per database
  // file): the caller polls. Busy while it waits: give it a session of its own.
  Result<bool> job_wait(std::chrono::milliseconds timeout, const std::atomic<bool>* cancel = nullptr);
  // Takes a named lock for this session across every session of every engine, waiting up to
  // timeout; UNAVAILABLE naming the key at the timeout. lease: how long a holder that died
  // keeps it where the database cannot tell (renewed by taking it again). Fallback: a lock of
  // this process only. Released by lock_release or when the session closes.
  Status lock_acquire(std::string_view key, std::chrono::milliseconds timeout, std::chrono::milliseconds lease);
  Status lock_release(std::string_view key);
  // The database's schema, read afresh; known is false for an older storage plugin.
  Result<SchemaStatus> schema_status();

  // Prefer Transaction; these are its building blocks.
  Status begin();
  Status commit();
  Status rollback();

 private:
  friend class Storage;
  Session(const hsd_storage_api* table, void* handle) : table_(table), handle_(handle) {}
  void close() noexcept;

  const hsd_storage_api* table_ = nullptr;
  void* handle_ = nullptr;
  bool in_transaction_ = false;              // between begin and commit or rollback
  std::vector<std::string> process_locks_;   // lock_acquire's fallback: keys held in this process
};

// The storage plugin's table and instance (both owned by the plugin host).
class Storage {
 public:
  Storage(const hsd_storage_api* table, void* instance);
  Result<Session> open_session();

 private:
  const hsd_storage_api* table_;
  void* instance_;
};

}  // namespace hsd::engine
