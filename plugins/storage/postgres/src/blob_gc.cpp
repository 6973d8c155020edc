#include "blob_gc.hpp"

namespace hsd::plugins::postgres {

void BlobGc::remember(const std::string& snapshots_sql, std::int64_t id) {
  const Rows rows = session_.query(
      "SELECT DISTINCT content_hash FROM metadata_objects WHERE snapshot_id IN (" + snapshots_sql + ")",
      Params().add(id));
  for (int i = 0; i < rows.size(); ++i) hashes_.emplace(rows.text(i, 0));
}

namespace {

// Hashes are hex digits: a text[] literal needs no quoting.
template <class Hashes>
std::string text_array(const Hashes& hashes) {
  std::string array = "{";
  for (const std::string& hash : hashes) array += (array.size() > 1 ? "," : "") + hash;
  return array + "}";
}

}  // namespace

void BlobGc::collect_remembered() {
  if (hashes_.empty()) return;
  // A blob another transaction has locked (keep(), or the foreign key's check of an object
  // that refers to it) is about to be used again: skipped, rather than waited for and then
  // refused by the foreign key. Both lookups use an index.
  session_.query(
      "DELETE FROM metadata_blobs WHERE content_hash IN (SELECT b.content_hash FROM metadata_blobs b"
      " WHERE b.content_hash = ANY($1::text[])"
      " AND NOT EXISTS (SELECT 1 FROM metadata_objects o WHERE o.content_hash = b.content_hash)"
      " FOR UPDATE SKIP LOCKED)",
      Params().add_text(text_array(hashes_)));
  hashes_.clear();
}

void BlobGc::keep(Session& session, const std::vector<std::string>& hashes) {
  if (hashes.empty()) return;
  session.query("SELECT 1 FROM metadata_blobs WHERE content_hash = ANY($1::text[]) FOR KEY SHARE",
                Params().add_text(text_array(hashes)));
}

}  // namespace hsd::plugins::postgres
