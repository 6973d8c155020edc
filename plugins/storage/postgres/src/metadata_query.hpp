// The SQL of the metadata reads. A q of kIndexedQueryMin code points or more can be answered
// from the pg_trgm GIN indexes of migration 0002 (LIKE on lower(name) / lower(external_id));
// a shorter one, which trigrams cannot answer, by reading the snapshot's objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace hsd::plugins::postgres {

inline constexpr std::size_t kIndexedQueryMin = 3;

struct MetadataListQuery {
  std::int64_t connection_id = 0;
  // Non-zero: list this snapshot (snapshot_objects) rather than the connection's current one.
  std::int64_t snapshot_id = 0;
  std::string type;        // empty: every type
  std::string q;           // empty: no filter
  std::string after_type;  // the cursor's (type, external_id); both empty: the first page
  std::string after_id;
  bool has_after = false;
  std::int64_t limit = 100;
  bool with_data = false;
};

struct BoundSql {
  std::string sql;
  std::vector<Value> params;
};

// q as a LIKE pattern matching it anywhere, lowered (ASCII), with \, % and _ escaped, so that
// nothing in q is pattern syntax.
std::string like_pattern(std::string_view q);
// Columns: type, external_id, name, content_hash, snapshot_id[, data].
BoundSql metadata_list_sql(const MetadataListQuery& query);
// One object with its data: columns type, external_id, name, content_hash, snapshot_id, data.
BoundSql metadata_get_sql(std::int64_t connection_id, std::string_view type, std::string_view external_id);
// Columns: type, count.
BoundSql metadata_types_sql(std::int64_t connection_id);

}  // namespace hsd::plugins::postgres
