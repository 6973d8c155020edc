#include "snapshots.hpp"

#include <openssl/sha.h>

#include <algorithm>

#include <string>
#include <string_view>
#include <vector>

#include "blob_gc.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
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

// The snapshot, locked against concurrent activation, discard and pruning until the end of
// the operation's transaction.
SnapshotRow load(Session& session, std::int64_t snapshot_id) {
  const Rows q = session.query("SELECT connection_id, state FROM snapshots WHERE id = $1::bigint FOR UPDATE",
                               Params().add(snapshot_id));
  if (q.size() == 0) fail(HSD_ERR_NOT_FOUND, snapshot_text(snapshot_id) + " does not exist");
  return {q.integer(0, 0), std::string(q.text(0, 1))};
}

// The smallest hsd_object this plugin can read: every field up to data_json.
constexpr std::size_t kMinObjectSize = offsetof(hsd_object, data_json) + sizeof(hsd_str_view);

struct StagedObject {
  std::string_view type, id, name, data;
  std::string hash;
};

// Rows per INSERT: a power of two, so a batch of any size takes a handful of statement shapes
// (256, 128, ..., 1 rows), each prepared once per connection; 2 + 4 * 256 parameters.
constexpr std::size_t kRowsPerInsert = 256;

// Adding the same (type, id) twice keeps the last: across statements the upsert replaces the
// earlier row's name and hash; within one statement PostgreSQL refuses to touch a row twice,
// so a batch is first reduced to the last object of each (type, id).
void insert_objects(Session& session, std::int64_t snapshot_id, std::int64_t connection_id,
                    const std::vector<StagedObject>& all) {
  std::vector<const StagedObject*> objects;
  {
    std::vector<std::pair<std::pair<std::string_view, std::string_view>, std::size_t>> keys;
    keys.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) keys.push_back({{all[i].type, all[i].id}, i});
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i + 1 < keys.size() && keys[i + 1].first == keys[i].first) continue;  // a later one wins
      objects.push_back(&all[keys[i].second]);
    }
  }
  std::size_t done = 0;
  while (done < objects.size()) {
    std::size_t rows = kRowsPerInsert;
    while (rows > objects.size() - done) rows /= 2;
    std::string sql =
        "INSERT INTO metadata_objects (snapshot_id, connection_id, type, external_id, name, content_hash) VALUES ";
    Params params;
    params.add(snapshot_id).add(connection_id);
    for (std::size_t i = 0; i < rows; ++i) {
      const int n = params.size();
      sql += (i ? ",($1::bigint,$2::bigint,$" : "($1::bigint,$2::bigint,$") + std::to_string(n + 1) +
             "::text,$" + std::to_string(n + 2) + "::text,$" + std::to_string(n + 3) + "::text,$" +
             std::to_string(n + 4) + "::text)";
      const StagedObject& o = *objects[done + i];
      params.add_text(o.type).add_text(o.id).add_text(o.name).add_text(o.hash);
    }
    sql += " ON CONFLICT (snapshot_id, type, external_id)"
           " DO UPDATE SET name = excluded.name, content_hash = excluded.content_hash";
    session.query(sql, params, "snapshot_add_objects");
    done += rows;
  }
}

// Deletes one snapshot with its objects and pins, noting its blobs for the collector.
void remove_snapshot(Session& session, BlobGc& gc, std::int64_t snapshot_id) {
  gc.remember("SELECT $1::bigint", snapshot_id);
  session.query("DELETE FROM metadata_objects WHERE snapshot_id = $1::bigint", Params().add(snapshot_id));
  session.query("DELETE FROM snapshot_pins WHERE snapshot_id = $1::bigint", Params().add(snapshot_id));
  session.query("DELETE FROM snapshots WHERE id = $1::bigint", Params().add(snapshot_id));
}

// The building snapshot becomes the connection's current one, completed now with its count.
void make_current(Session& session, std::int64_t snapshot_id, std::int64_t connection_id, std::int64_t now) {
  session.query("UPDATE snapshots SET state = 'current', completed_at = $1::bigint,"
                " object_count = (SELECT count(*) FROM metadata_objects WHERE snapshot_id = $2::bigint)"
                " WHERE id = $2::bigint",
                Params().add(now).add(snapshot_id));
  session.query("UPDATE connections SET current_snapshot_id = $1::bigint WHERE id = $2::bigint",
                Params().add(snapshot_id).add(connection_id));
}

// Serialises activations of one connection (the row lock on the connection), so two engines
// activating at once cannot both keep a 'current' snapshot.
void lock_connection(Session& session, std::int64_t connection_id) {
  session.query("SELECT 1 FROM connections WHERE id = $1::bigint FOR UPDATE", Params().add(connection_id));
}

}  // namespace

std::int64_t Snapshots::create(Session& session, std::int64_t connection_id) {
  WriteScope scope(session);
  if (session.query("SELECT 1 FROM connections WHERE id = $1::bigint", Params().add(connection_id)).size() == 0) {
    fail(HSD_ERR_NOT_FOUND,
         "connections record " + std::to_string(connection_id) + " does not exist");
  }
  const Rows inserted = session.query(
      "INSERT INTO snapshots (connection_id, state, created_at) VALUES ($1::bigint, 'building', $2::bigint)"
      " RETURNING id",
      Params().add(connection_id).add(now_ms()));
  const std::int64_t id = inserted.integer(0, 0);
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
  WriteScope scope(session);
  const SnapshotRow snapshot = load(session, snapshot_id);
  if (snapshot.state != "building") {
    fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) + " is " + snapshot.state +
                               "; objects can only be added to a building snapshot");
  }
  // Blobs already stored are locked first: a collection in another transaction could
  // otherwise remove one between the insert below finding it and the objects referring to it.
  std::vector<std::string> hashes;
  hashes.reserve(staged.size());
  for (const StagedObject& o : staged) hashes.push_back(o.hash);
  BlobGc::keep(session, hashes);
  for (const StagedObject& o : staged) {
    session.query("INSERT INTO metadata_blobs (content_hash, data) VALUES ($1::text, $2::bytea)"
                  " ON CONFLICT (content_hash) DO NOTHING",
                  Params().add_text(o.hash).add_bytes(o.data), "snapshot_add_objects");
  }
  insert_objects(session, snapshot_id, snapshot.connection_id, staged);
  scope.commit();
}

void Snapshots::activate(Session& session, std::int64_t snapshot_id) {
  WriteScope scope(session);
  SnapshotRow snapshot = load(session, snapshot_id);
  lock_connection(session, snapshot.connection_id);
  if (snapshot.state == "current") {  // activating twice is harmless
    scope.commit();
    return;
  }
  BlobGc gc(session);
  const std::string previous_sql =
      "SELECT id FROM snapshots WHERE connection_id = $1::bigint AND state = 'current'";
  gc.remember(previous_sql, snapshot.connection_id);
  const Params connection = Params().add(snapshot.connection_id);
  session.query("DELETE FROM metadata_objects WHERE snapshot_id IN (" + previous_sql + ")", connection);
  session.query("DELETE FROM snapshot_pins WHERE snapshot_id IN (" + previous_sql + ")", connection);
  session.query("DELETE FROM snapshots WHERE connection_id = $1::bigint AND state = 'current'", connection);
  make_current(session, snapshot_id, snapshot.connection_id, now_ms());
  gc.collect_remembered();
  scope.commit();
}

void Snapshots::activate_keeping(Session& session, std::int64_t snapshot_id, std::int64_t keep) {
  if (keep < 0) {
    fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_activate_keeping: keep must be 0 or more, not " +
                                       std::to_string(keep));
  }
  WriteScope scope(session);
  const SnapshotRow snapshot = load(session, snapshot_id);
  lock_connection(session, snapshot.connection_id);
  if (snapshot.state == "current") {  // activating twice is harmless
    scope.commit();
    return;
  }
  if (snapshot.state != "building") {
    fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) + " is " + snapshot.state +
                               "; only a building snapshot can be activated");
  }
  const std::int64_t now = now_ms();
  session.query("UPDATE snapshots SET state = 'previous' WHERE connection_id = $1::bigint AND state = 'current'",
                Params().add(snapshot.connection_id));
  make_current(session, snapshot_id, snapshot.connection_id, now);
  // Kept snapshots beyond the newest `keep` (ids grow with time), oldest first, unless a live
  // pin holds them. Expired pins go with their snapshot.
  const Rows beyond = session.query(
      "SELECT id FROM snapshots s WHERE connection_id = $1::bigint AND state = 'previous'"
      " AND id NOT IN (SELECT id FROM snapshots WHERE connection_id = $1::bigint"
      "                AND state = 'previous' ORDER BY id DESC LIMIT $2::bigint)"
      " AND NOT EXISTS (SELECT 1 FROM snapshot_pins p WHERE p.snapshot_id = s.id"
      "                 AND p.until_ms > $3::bigint)"
      " ORDER BY id",
      Params().add(snapshot.connection_id).add(keep).add(now));
  BlobGc gc(session);
  for (int i = 0; i < beyond.size(); ++i) remove_snapshot(session, gc, beyond.integer(i, 0));
  gc.collect_remembered();
  scope.commit();
}

void Snapshots::pin(Session& session, std::int64_t snapshot_id, std::string_view holder,
                    std::int64_t until_ms) {
  if (holder.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "snapshot_pin: holder is empty");
  WriteScope scope(session);
  load(session, snapshot_id);
  session.query("INSERT INTO snapshot_pins (snapshot_id, holder, until_ms) VALUES ($1::bigint, $2::text, $3::bigint)"
                " ON CONFLICT (snapshot_id, holder) DO UPDATE SET until_ms = excluded.until_ms",
                Params().add(snapshot_id).add_text(holder).add(until_ms));
  scope.commit();
}

void Snapshots::unpin(Session& session, std::int64_t snapshot_id, std::string_view holder) {
  WriteScope scope(session);
  load(session, snapshot_id);
  session.query("DELETE FROM snapshot_pins WHERE snapshot_id = $1::bigint AND holder = $2::text",
                Params().add(snapshot_id).add_text(holder));
  scope.commit();
}

void Snapshots::discard(Session& session, std::int64_t snapshot_id) {
  WriteScope scope(session);
  const SnapshotRow snapshot = load(session, snapshot_id);
  if (snapshot.state == "current") {
    fail(HSD_ERR_CONFLICT, snapshot_text(snapshot_id) +
                               " is the connection's current snapshot and cannot be discarded");
  }
  BlobGc gc(session);
  remove_snapshot(session, gc, snapshot_id);
  gc.collect_remembered();
  scope.commit();
}

}  // namespace hsd::plugins::postgres
