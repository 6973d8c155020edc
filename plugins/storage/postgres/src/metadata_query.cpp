#include "metadata_query.hpp"

namespace hsd::plugins::postgres {
namespace {

// The current snapshot, chosen in the same statement as its objects so that a concurrent
// activate is seen entirely or not at all. $1 is the connection.
constexpr const char* kCurrentSnapshot =
    "(SELECT id FROM snapshots WHERE connection_id = $1::bigint AND state = 'current')";

constexpr const char* kColumns = "SELECT o.type, o.external_id, o.name, o.content_hash, o.snapshot_id";
constexpr const char* kDataColumn = ", (SELECT data FROM metadata_blobs b WHERE b.content_hash = o.content_hash)";

std::string next(BoundSql& out, Value value, const char* cast) {
  out.params.push_back(std::move(value));
  return "$" + std::to_string(out.params.size()) + cast;
}

}  // namespace

std::string like_pattern(std::string_view q) {
  std::string out = "%";
  for (char c : q) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

BoundSql metadata_list_sql(const MetadataListQuery& query) {
  BoundSql out;
  out.sql = kColumns;
  if (query.with_data) out.sql += kDataColumn;
  out.sql += " FROM metadata_objects o WHERE o.snapshot_id = ";
  if (query.snapshot_id != 0) {
    out.sql += next(out, Value::of(query.snapshot_id), "::bigint");
  } else {
    out.params.push_back(Value::of(query.connection_id));
    out.sql += kCurrentSnapshot;
  }
  if (!query.type.empty()) {
    out.sql += " AND o.type = " + next(out, Value::of_text(query.type), "::text");
  }
  if (!query.q.empty()) {
    // lower() folds ASCII letters only (the columns are COLLATE "C"), as the pattern does.
    // The trigram indexes are on exactly these expressions; the planner picks them when they
    // are selective, and rechecks each candidate, so the answer is a scan's either way.
    const std::string pattern = next(out, Value::of_text(like_pattern(query.q)), "::text");
    out.sql += " AND (lower(o.external_id) LIKE " + pattern + " OR lower(o.name) LIKE " + pattern + ")";
  }
  if (query.has_after && !query.type.empty() && query.after_type == query.type) {
    out.sql += " AND o.external_id > " + next(out, Value::of_text(query.after_id), "::text");
  } else if (query.has_after) {
    const std::string t = next(out, Value::of_text(query.after_type), "::text");
    const std::string i = next(out, Value::of_text(query.after_id), "::text");
    out.sql += " AND (o.type, o.external_id) > (" + t + " COLLATE \"C\", " + i + " COLLATE \"C\")";
  }
  out.sql += " ORDER BY o.type, o.external_id LIMIT " + next(out, Value::of(query.limit), "::bigint");
  return out;
}

BoundSql metadata_get_sql(std::int64_t connection_id, std::string_view type, std::string_view external_id) {
  return {std::string(kColumns) + kDataColumn + " FROM metadata_objects o WHERE o.snapshot_id = " +
              kCurrentSnapshot + " AND o.type = $2::text AND o.external_id = $3::text",
          {Value::of(connection_id), Value::of_text(std::string(type)), Value::of_text(std::string(external_id))}};
}

BoundSql metadata_types_sql(std::int64_t connection_id) {
  // The unique index on (snapshot_id, type, external_id) covers this.
  return {std::string("SELECT o.type, count(*) FROM metadata_objects o WHERE o.snapshot_id = ") +
              kCurrentSnapshot + " GROUP BY o.type ORDER BY o.type",
          {Value::of(connection_id)}};
}

}  // namespace hsd::plugins::postgres
