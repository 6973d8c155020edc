#include "blob_gc.hpp"

#include "statement.hpp"

namespace hsd::plugins::sqlite {

void BlobGc::collect(sqlite3* db) {
  // Both sides are indexed on content_hash, so this is a merge of two indexes, not a scan of
  // the blob bytes.
  exec(db,
       "DELETE FROM metadata_blobs WHERE content_hash NOT IN"
       " (SELECT content_hash FROM metadata_objects)");
}

}  // namespace hsd::plugins::sqlite
