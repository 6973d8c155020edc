// BlobGc removes metadata bytes no object refers to any more. Run inside the write
// transaction that removed the objects, so a reader never sees an object without its bytes.
// Before objects are deleted, remember() notes their hashes; collect_remembered() then looks
// only at those, so the work follows what was deleted, not the size of the whole store.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "session.hpp"

namespace hsd::plugins::postgres {

class BlobGc {
 public:
  explicit BlobGc(Session& session) : session_(session) {}
  // Notes the hashes of the objects of the snapshots that `snapshots_sql` selects (a SELECT
  // of snapshot ids with one parameter, $1, bound to id).
  void remember(const std::string& snapshots_sql, std::int64_t id);
  // Removes the remembered blobs that no object uses any more, and forgets them.
  void collect_remembered();
  // Locks the stored blobs among hashes against collect_remembered() until the transaction
  // ends, as the foreign key's check of an object referring to one would (FOR KEY SHARE);
  // waits for a collection under way, whose blobs are then gone and must be inserted again.
  static void keep(Session& session, const std::vector<std::string>& hashes);

 private:
  Session& session_;
  std::set<std::string> hashes_;
};

}  // namespace hsd::plugins::postgres
