#include "blob_gc.hpp"

namespace hsd::plugins::postgres {

void BlobGc::remember(const std::string& snapshots_sql, std::int64_t id) {
  const Rows rows = session_.query(
      "SELECT DISTINCT content_hash FROM metadata_objects WHERE snapshot_id IN (" + snapshots_sql + ")",
      Params().add(id));
  for (int i = 0; i < rows.size(); ++i) hashes_.emplace(rows.text(i, 0));
}

void BlobGc::collect_remembered() {
  if (hashes_.empty()) return;
  // Hashes are hex digits: a text[] literal needs no quoting. Both lookups use an index.
  std::string array = "{";
  for (const std::string& hash : hashes_) array += (array.size() > 1 ? "," : "") + hash;
  array += "}";
  session_.query(
      "DELETE FROM metadata_blobs b WHERE b.content_hash = ANY($1::text[])"
      " AND NOT EXISTS (SELECT 1 FROM metadata_objects o WHERE o.content_hash = b.content_hash)",
      Params().add_text(array));
  hashes_.clear();
}

}  // namespace hsd::plugins::postgres
