// The SQL of the metadata reads, apart from running it so that a test can ask SQLite for its
// plan (EXPLAIN QUERY PLAN). A q of kIndexedQueryMin code points or more is answered from the
// FTS5 trigram index (migration 0005); a shorter one, which trigrams cannot answer, by reading
// the snapshot's objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "value.hpp"

namespace hsd::plugins::sqlite {

inline constexpr std::size_t kIndexedQueryMin = 3;

struct MetadataListQuery {
  std::int64_t connection_id = 0;
  // Non-zero: list this snapshot (snapshot_objects) rather than the connection's current one.
  // A kept snapshot is not in the search index, so its q is always answered by a scan.
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

// The number of UTF-8 code points in text (bytes that do not continue a sequence).
std::size_t code_points(std::string_view text);
// q as one FTS5 phrase: in double quotes, its own quotes doubled, so that nothing in it (*, -,
// OR, NEAR(, column filters) is read as query syntax.
std::string fts_phrase(std::string_view q);
// Columns: type, external_id, name, content_hash, snapshot_id[, data].
BoundSql metadata_list_sql(const MetadataListQuery& query);
// One object with its data: columns type, external_id, name, content_hash, snapshot_id, data.
BoundSql metadata_get_sql(std::int64_t connection_id, std::string_view type, std::string_view external_id);
// Columns: type, count.
BoundSql metadata_types_sql(std::int64_t connection_id);

}  // namespace hsd::plugins::sqlite
