// BlobGc removes metadata bytes no object refers to any more. Run inside the write
// transaction that removed the objects, so a reader never sees an object without its bytes.
// Before objects are deleted, remember() notes their hashes; collect_remembered() then looks
// only at those, so the work follows what was deleted, not the size of the whole store.
#pragma once

#include <sqlite3.h>

#include <cstdint>

namespace hsd::plugins::sqlite {

class BlobGc {
 public:
  // Notes the hashes of the objects of the snapshots that `snapshots_sql` selects (a SELECT
  // of snapshot ids with one parameter, bound to id).
  static void remember(sqlite3* db, const char* snapshots_sql, std::int64_t id);
  // Removes the remembered blobs that no object uses any more, and forgets them.
  static void collect_remembered(sqlite3* db);
  // Removes every blob no object uses (after a cascade that touched many snapshots).
  static void collect(sqlite3* db);
};

}  // namespace hsd::plugins::sqlite
