#include "snapshots.hpp"

#include <openssl/sha.h>

#include <string>
#include <string_view>
#include <vector>

#include "blob_gc.hpp"
#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

std::string_view view(hsd_str_view s) { return s.data ? std::string_view(s.data, s.size) : ""; }

// OpenSSL's SHA-256 uses the CPU's SHA extensions; hashing is on the retrieval's hot path.
std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xF];
  }
  return hex;
}

std::string snapshot_text(std::int64_t id) { return "snapshot " + std::to_string(id); }

struct SnapshotRow {
  std::int64_t connection_id;
  std::string state;
};

SnapshotRow load(sqlite3* db, std::int64_t snapshot_id) {
  Statement q(db, "SELECT connection_id, state FROM snapshots WHERE id = ?");
  q.add(snapshot_id);
  if (!q.step()) fail(HSD_ERR_NOT_FOUND, snapshot_text(snapshot_id) + " does not exist");
  return {q.column_int(0), std::string(q.column_text(1))};
}

// The smallest hsd_object this plugin can read: every field up to data_json.
constexpr std::size_t kMinObjectSize = offsetof(hsd_object, data_json) + sizeof(hsd_str_view);

struct StagedObject {
  std::string_view type, id, name, data;
  std::string hash;
};

// Rows per INSERT of objects: a power of two, so a batch of any size takes at most a handful of
// statement shapes (256, 128, ..., 1 rows), each prepared once per connection. 2 + 4 * 256
// parameters stay far below SQLite's limit of 32,766.
constexpr std::size_t kRowsPerInsert = 256;

// Objects go in with multi-row INSERTs rather than one statement per object: the search
// index's trigger writes to an FTS5 table, and SQLite gives every statement that does so a
// savepoint, at which FTS5 flushes its pending terms to disk as a new segment. One statement
// per object made one segment per object (and the merges of thousands of them); one per 256
// objects makes the index's cost a small part of the batch's. Adding the same (type, id) twice
// keeps the last, in one statement as across statements: the later row meets the earlier one
// in the unique index and the upsert replaces its name and hash.
void insert_objects(sqlite3* db, std::int64_t snapshot_id, std::int64_t connection_id,
                    const std::vector<StagedObject>& objects) {
  std::size_t done = 0;
  while (done < objects.size()) {
    std::size_t rows = kRowsPerInsert;
    while (rows > objects.size() - done) rows /= 2;
    std::string sql =
        "INSERT INTO metadata_objects (snapshot_id, connection_id, type, external_id, name, content_hash) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += i ? ",(?1,?2,?,?,?,?)" : "(?1,?2,?,?,?,?)";
    sql += " ON CONFLICT (snapshot_id, type, external_id)"
           " DO UPDATE SET name = excluded.name, content_hash = excluded.content_hash";
    Statement insert(db, sql);
    insert.add(snapshot_id).add(connection_id);
    for (std::size_t i = done; i < done + rows; ++i) {
      const StagedObject& o = objects[i];
      insert.add_text(o.type).add_text(o.id).add_text(o.name).add_text(o.hash);
    }
    insert.run();
    done += rows;
  }
}

// Deletes one snapshot with its objects and pins, noting its blobs for collect_remembered.
// Objects go first: the foreign keys hold at every step, and the search index's delete
// trigger still sees the snapshot's state (a kept snapshot's rows are not in the index).
void remove_snapshot(sqlite3* db, std::int64_t snapshot_id) {
  BlobGc::remember(db, "SELECT ?", snapshot_id);
  Statement objects(db, "DELETE FROM metadata_objects WHERE snapshot_id = ?");
  objects.add(snapshot_id);
  objects.run();
  Statement pins(db, "DELETE FROM snapshot_pins WHERE snapshot_id = ?");
  pins.add(snapshot_id);
  pins.run();
  Statement row(db, "DELETE FROM snapshots WHERE id = ?");
  row.add(snapshot_id);
  row.run();
}

// The building snapshot becomes the connection's current one, completed now with its count.
void make_current(sqlite3* db, std::int64_t snapshot_id, std::int64_t connection_id, std::int64_t now) {
  Statement current(db, "UPDATE snapshots SET state = 'current', completed_at = ?1,"
                        " object_count = (SELECT count(*) FROM metadata_objects"
                        "                 WHERE snapshot_id = ?2) WHERE id = ?2");
  current.add(now).add(snapshot_id);
  current.run();
  Statement connection(db, "UPDATE connections SET current_snapshot_id = ? WHERE id = ?");
  connection.add(snapshot_id).add(connection_id);
  connection.run();
}

}  // namespace

std::int64_t Snapshots::create(Session& session, std::int64_t connection_id) {
  WriteScope scope(session);
  std::int64_t id = 0;
  {
    Statement exists(session.db(), "SELECT 1 FROM connections WHERE id = ?");
    exists.add(connection_id);
    if (!exists.step()) {
      fail(HSD_ERR_NOT_FOUND,
           "connections record " + std::to_string(connection_id) + " does not exist");
    }
    Statement insert(session.db(),
                     "INSERT INTO snapshots (connection_id, state, created_at)"
                     " VALUES (?, 'building', ?) RETURNING id");
    insert.add(connection_id).add(now_ms());
    if (!insert.step()) fail(HSD_ERR_INTERNAL, "creating a snapshot returned no id");
    id = insert.column_int(0);
    insert.run();
  }
  scope.commit();
  return id;
}

void Snapshots::add_objects(Session& session, std::int64_t snapshot_id,
                            const hsd_object* objects, std::size_t count,
                            std::size_t object_size) {
  if (count == 0) return;
  if (!objects) fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_add_objects: objects is NULL");
  if (object_size < kMinObjectSize) {
    fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_add_objects: object_size " +
                                       std::to_string(object_size) + " is smaller than hsd_object 1.0");
  }
  WriteScope scope(session);
  {
    const SnapshotRow snapshot = load(session.db(), snapshot_id);
    if (snapshot.state != "building") {
      fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) + " is " + snapshot.state +
                                 "; objects can only be added to a building snapshot");
    }
    // Check the whole batch before writing any of it, so that a bad object adds nothing.
    std::vector<StagedObject> staged;
    staged.reserve(count);
    const auto* base = reinterpret_cast<const unsigned char*>(objects);
    for (std::size_t i = 0; i < count; ++i) {
      const auto* o = reinterpret_cast<const hsd_object*>(base + i * object_size);
      const std::string which = "object " + std::to_string(i) + " of the batch";
      if (o->struct_size < kMinObjectSize) {
        fail(HSD_ERR_INVALID_ARGUMENT, which + " has struct_size " + std::to_string(o->struct_size));
      }
      if (view(o->type).empty()) fail(HSD_ERR_INVALID_ARGUMENT, which + " has an empty type");
      if (view(o->id).empty()) fail(HSD_ERR_INVALID_ARGUMENT, which + " has an empty id");
      staged.push_back({view(o->type), view(o->id), view(o->name), view(o->data_json), ""});
      staged.back().hash = sha256_hex(staged.back().data);
    }
    Statement blob(session.db(),
                   "INSERT INTO metadata_blobs (content_hash, data) VALUES (?, ?)"
                   " ON CONFLICT (content_hash) DO NOTHING");
    for (const StagedObject& o : staged) {
      blob.reset();
      blob.add_text(o.hash).add_blob(o.data);
      blob.run();
    }
    insert_objects(session.db(), snapshot_id, snapshot.connection_id, staged);
  }
  scope.commit();
}

void Snapshots::activate(Session& session, std::int64_t snapshot_id) {
  sqlite3* db = session.db();
  WriteScope scope(session);
  const SnapshotRow snapshot = load(db, snapshot_id);
  if (snapshot.state == "current") {  // activating twice is harmless
    scope.commit();
    return;
  }
  const std::int64_t now = now_ms();
  {
    const char* previous_sql = "SELECT id FROM snapshots WHERE connection_id = ? AND state = 'current'";
    BlobGc::remember(db, previous_sql, snapshot.connection_id);
    Statement objects(db, std::string("DELETE FROM metadata_objects WHERE snapshot_id IN (") + previous_sql + ")");
    objects.add(snapshot.connection_id);
    objects.run();
    Statement pins(db, std::string("DELETE FROM snapshot_pins WHERE snapshot_id IN (") + previous_sql + ")");
    pins.add(snapshot.connection_id);
    pins.run();
    Statement previous(db, "DELETE FROM snapshots WHERE connection_id = ? AND state = 'current'");
    previous.add(snapshot.connection_id);
    previous.run();
    make_current(db, snapshot_id, snapshot.connection_id, now);
  }
  BlobGc::collect_remembered(db);
  scope.commit();
}

void Snapshots::activate_keeping(Session& session, std::int64_t snapshot_id, std::int64_t keep) {
  if (keep < 0) {
    fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_activate_keeping: keep must be 0 or more, not " +
                                       std::to_string(keep));
  }
  sqlite3* db = session.db();
  WriteScope scope(session);
  const SnapshotRow snapshot = load(db, snapshot_id);
  if (snapshot.state == "current") {  // activating twice is harmless
    scope.commit();
    return;
  }
  if (snapshot.state != "building") {
    fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) + " is " + snapshot.state +
                               "; only a building snapshot can be activated");
  }
  const std::int64_t now = now_ms();
  {
    // The search index drops the demoted snapshot's rows (trigger metadata_search_demote).
    Statement demote(db, "UPDATE snapshots SET state = 'previous' WHERE connection_id = ? AND state = 'current'");
    demote.add(snapshot.connection_id);
    demote.run();
    make_current(db, snapshot_id, snapshot.connection_id, now);
  }
  // Kept snapshots beyond the newest `keep` (ids grow with time), oldest first, unless a live
  // pin holds them. Expired pins go with their snapshot.
  std::vector<std::int64_t> prune;
  {
    Statement beyond(db,
                     "SELECT id FROM snapshots s WHERE connection_id = ?1 AND state = 'previous'"
                     " AND id NOT IN (SELECT id FROM snapshots WHERE connection_id = ?1"
                     "                AND state = 'previous' ORDER BY id DESC LIMIT ?2)"
                     " AND NOT EXISTS (SELECT 1 FROM snapshot_pins p WHERE p.snapshot_id = s.id"
                     "                 AND p.until_ms > ?3)"
                     " ORDER BY id");
    beyond.add(snapshot.connection_id).add(keep).add(now);
    while (beyond.step()) prune.push_back(beyond.column_int(0));
  }
  for (std::int64_t id : prune) remove_snapshot(db, id);
  BlobGc::collect_remembered(db);
  scope.commit();
}

void Snapshots::pin(Session& session, std::int64_t snapshot_id, std::string_view holder,
                    std::int64_t until_ms) {
  if (holder.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_pin: holder is empty");
  WriteScope scope(session);
  load(session.db(), snapshot_id);
  {
    Statement pin(session.db(),
                  "INSERT INTO snapshot_pins (snapshot_id, holder, until_ms) VALUES (?, ?, ?)"
                  " ON CONFLICT (snapshot_id, holder) DO UPDATE SET until_ms = excluded.until_ms");
    pin.add(snapshot_id).add_text(holder).add(until_ms);
    pin.run();
  }
  scope.commit();
}

void Snapshots::unpin(Session& session, std::int64_t snapshot_id, std::string_view holder) {
  WriteScope scope(session);
  load(session.db(), snapshot_id);
  {
    Statement unpin(session.db(), "DELETE FROM snapshot_pins WHERE snapshot_id = ? AND holder = ?");
    unpin.add(snapshot_id).add_text(holder);
    unpin.run();
  }
  scope.commit();
}

void Snapshots::discard(Session& session, std::int64_t snapshot_id) {
  sqlite3* db = session.db();
  WriteScope scope(session);
  const SnapshotRow snapshot = load(db, snapshot_id);
  if (snapshot.state == "current") {
    fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) +
                               " is the connection's current snapshot and cannot be discarded");
  }
  remove_snapshot(db, snapshot_id);
  BlobGc::collect_remembered(db);
  scope.commit();
}

}  // namespace hsd::plugins::sqlite
