#include "blob_gc.hpp"

#include <string>

#include "statement.hpp"

namespace hsd::plugins::sqlite {
namespace {

// A temporary table lives in the session's own temp schema: invisible to other sessions.
void ensure_candidates(sqlite3* db) {
  exec(db, "CREATE TEMP TABLE IF NOT EXISTS gc_candidates (content_hash TEXT PRIMARY KEY)");
}

}  // namespace

void BlobGc::remember(sqlite3* db, const char* snapshots_sql, std::int64_t id) {
  ensure_candidates(db);
  Statement note(db, std::string("INSERT OR IGNORE INTO temp.gc_candidates SELECT DISTINCT content_hash"
                                 " FROM metadata_objects WHERE snapshot_id IN (") +
                         snapshots_sql + ")");
  note.add(id);
  note.run();
}

void BlobGc::collect_remembered(sqlite3* db) {
  ensure_candidates(db);
  // Both lookups use an index on content_hash.
  exec(db,
       "DELETE FROM metadata_blobs WHERE content_hash IN (SELECT content_hash FROM temp.gc_candidates)"
       " AND NOT EXISTS (SELECT 1 FROM metadata_objects o WHERE o.content_hash = metadata_blobs.content_hash)");
  exec(db, "DELETE FROM temp.gc_candidates");
}

void BlobGc::collect(sqlite3* db) {
  exec(db,
       "DELETE FROM metadata_blobs WHERE NOT EXISTS"
       " (SELECT 1 FROM metadata_objects o WHERE o.content_hash = metadata_blobs.content_hash)");
}

}  // namespace hsd::plugins::sqlite
