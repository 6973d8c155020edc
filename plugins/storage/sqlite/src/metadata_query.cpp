#include "metadata_query.hpp"

namespace hsd::plugins::sqlite {
namespace {

// The current snapshot, chosen in the same statement as its objects so that a concurrent
// activate is seen entirely or not at all.
constexpr const char* kCurrentSnapshot =
    "(SELECT id FROM snapshots WHERE connection_id = ? AND state = 'current')";

constexpr const char* kColumns = "SELECT o.type, o.external_id, o.name, o.content_hash, o.snapshot_id";
constexpr const char* kDataColumn = ", (SELECT data FROM metadata_blobs b WHERE b.content_hash = o.content_hash)";

}  // namespace

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string fts_phrase(std::string_view q) {
  std::string out = "\"";
  for (char c : q) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

BoundSql metadata_list_sql(const MetadataListQuery& query) {
  BoundSql out;
  out.sql = kColumns;
  if (query.with_data) out.sql += kDataColumn;
  const bool indexed =
      query.snapshot_id == 0 && !query.q.empty() && code_points(query.q) >= kIndexedQueryMin;
  if (indexed) {
    // The index hands over the rowids whose name or id holds q; CROSS JOIN keeps it the outer
    // loop (SQLite does not reorder a CROSS JOIN), so the planner cannot choose to walk the
    // snapshot's objects and probe the index with each one.
    out.sql += " FROM metadata_search CROSS JOIN metadata_objects o ON o.id = metadata_search.rowid"
               " WHERE metadata_search MATCH ? AND o.snapshot_id = ";
    out.params.push_back(Value::of_text(fts_phrase(query.q)));
  } else {
    out.sql += " FROM metadata_objects o WHERE o.snapshot_id = ";
  }
  if (query.snapshot_id != 0) {
    out.sql += "?";
    out.params.push_back(Value::of(query.snapshot_id));
  } else {
    out.sql += kCurrentSnapshot;
    out.params.push_back(Value::of(query.connection_id));
  }
  if (!query.type.empty()) {
    out.sql += " AND o.type = ?";
    out.params.push_back(Value::of_text(query.type));
  }
  if (!query.q.empty()) {
    // The scan's test, kept after the index too: the trigram index folds case beyond ASCII,
    // lower() folds ASCII only, so the index may offer a candidate the scan would not match.
    // instr avoids LIKE's wildcards.
    out.sql += " AND (instr(lower(o.external_id), lower(?)) > 0 OR instr(lower(o.name), lower(?)) > 0)";
    out.params.push_back(Value::of_text(query.q));
    out.params.push_back(Value::of_text(query.q));
  }
  if (query.has_after && !query.type.empty() && query.after_type == query.type) {
    // Within one type (a comparison or a type's page reading on): with the row value below
    // SQLite walks the index range but sorts every page again in a temporary B-tree, data
    // included ("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"); this form is read in order.
    out.sql += " AND o.external_id > ?";
    out.params.push_back(Value::of_text(query.after_id));
  } else if (query.has_after) {
    out.sql += " AND (o.type, o.external_id) > (?, ?)";
    out.params.push_back(Value::of_text(query.after_type));
    out.params.push_back(Value::of_text(query.after_id));
  }
  out.sql += " ORDER BY o.type, o.external_id LIMIT ?";
  out.params.push_back(Value::of(query.limit));
  return out;
}

BoundSql metadata_get_sql(std::int64_t connection_id, std::string_view type, std::string_view external_id) {
  return {std::string(kColumns) + kDataColumn + " FROM metadata_objects o WHERE o.snapshot_id = " + kCurrentSnapshot +
              " AND o.type = ? AND o.external_id = ?",
          {Value::of(connection_id), Value::of_text(std::string(type)), Value::of_text(std::string(external_id))}};
}

BoundSql metadata_types_sql(std::int64_t connection_id) {
  // The unique index on (snapshot_id, type, external_id) covers this: SQLite walks the
  // snapshot's range of the index, already grouped by type, without reading the table.
  return {std::string("SELECT o.type, count(*) FROM metadata_objects o WHERE o.snapshot_id = ") +
              kCurrentSnapshot + " GROUP BY o.type ORDER BY o.type",
          {Value::of(connection_id)}};
}

}  // namespace hsd::plugins::sqlite
