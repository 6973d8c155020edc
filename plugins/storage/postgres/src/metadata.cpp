#include "metadata.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <sstream>
#include <tuple>
#include <vector>

#include "json_codec.hpp"
#include "metadata_query.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

constexpr std::int64_t kDefaultLimit = 100;
constexpr std::int64_t kMaxLimit = 100000;
// Types are plugin identifiers and never contain a newline, so the first one splits a cursor.
constexpr char kCursorSeparator = '\n';

// The cursor is opaque to callers: base64url of "type\nexternal_id", safe in a query string.
std::string encode_cursor(std::string_view type, std::string_view external_id) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder << type << kCursorSeparator << external_id;
  encoder.close();
  return out.str();
}

std::pair<std::string, std::string> decode_cursor(const std::string& cursor) {
  std::string plain;
  try {
    std::istringstream in(cursor);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    plain.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    plain.clear();
  }
  const auto at = plain.find(kCursorSeparator);
  if (at == std::string::npos) {
    fail(HSD_ERR_INVALID_ARGUMENT, "metadata cursor '" + cursor + "' is not one this storage gave out");
  }
  return {plain.substr(0, at), plain.substr(at + 1)};
}

void require_connection(Session& session, std::int64_t connection_id) {
  if (session.query("SELECT 1 FROM connections WHERE id = $1::bigint", Params().add(connection_id)).size() == 0) {
    fail(HSD_ERR_NOT_FOUND, "connections record " + std::to_string(connection_id) + " does not exist");
  }
}

// Columns: type, external_id, name, content_hash, snapshot_id[, data].
std::string object_json(const Rows& rows, int row, bool with_data) {
  std::string out = "{\"type\":";
  append_json_string(out, rows.text(row, 0));
  out += ",\"id\":";
  append_json_string(out, rows.text(row, 1));
  out += ",\"name\":";
  append_json_string(out, rows.text(row, 2));
  out += ",\"hash\":";
  append_json_string(out, rows.text(row, 3));
  out += ",\"snapshot\":" + std::to_string(rows.integer(row, 4));
  out += ",\"cursor\":";
  append_json_string(out, encode_cursor(rows.text(row, 0), rows.text(row, 1)));
  if (with_data) {
    out += ",\"data\":";
    append_json_string(out, rows.bytes(row, 5));
  }
  out += '}';
  return out;
}

// Parses the query keys metadata_list and snapshot_objects share into query (without its
// connection or snapshot); bad input fails naming the key.
void parse_list_query(std::string_view query_json, MetadataListQuery& out) {
  const std::string what = "metadata query";
  const auto query = parse_object(query_json, what);
  for (const auto& [key, value] : *query) {
    if (key != "type" && key != "q" && key != "after" && key != "limit" && key != "with_data") {
      fail(HSD_ERR_INVALID_ARGUMENT, what + ": unknown key '" + key + "'");
    }
  }
  bool with_data = false;
  if (query->has("with_data") && !query->isNull("with_data")) {
    const auto v = query->get("with_data");
    if (!v.isBoolean()) fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"with_data\" must be a boolean");
    with_data = v.convert<bool>();
  }
  const std::int64_t limit = int_field(*query, "limit", kDefaultLimit, what);
  if (limit < 1 || limit > kMaxLimit) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"limit\" must be 1.." + std::to_string(kMaxLimit));
  }
  out.type = string_field(*query, "type", what);
  out.q = string_field(*query, "q", what);
  const std::string after = string_field(*query, "after", what);
  if (!after.empty()) {
    std::tie(out.after_type, out.after_id) = decode_cursor(after);
    out.has_after = true;
  }
  out.limit = limit;
  out.with_data = with_data;
}

Rows query(Session& session, const BoundSql& bound) {
  Params params;
  for (const auto& p : bound.params) params.add(p);
  return session.query(bound.sql, params);
}

hsd_status run_list(Session& session, const MetadataListQuery& list_query, const RowSink& sink) {
  const Rows rows = query(session, metadata_list_sql(list_query));
  for (int i = 0; i < rows.size(); ++i) {
    const hsd_status status = sink(object_json(rows, i, list_query.with_data));
    if (status != HSD_OK) return status;
  }
  return HSD_OK;
}

}  // namespace

hsd_status Metadata::list(Session& session, std::int64_t connection_id,
                          std::string_view query_json, const RowSink& sink) {
  MetadataListQuery list_query;
  parse_list_query(query_json, list_query);
  require_connection(session, connection_id);
  list_query.connection_id = connection_id;
  return run_list(session, list_query, sink);
}

hsd_status Metadata::list_snapshot(Session& session, std::int64_t snapshot_id,
                                   std::string_view query_json, const RowSink& sink) {
  MetadataListQuery list_query;
  parse_list_query(query_json, list_query);
  // The state is read in the same statement as the rows would be only at the cost of two
  // shapes of answer; instead a repeatable-read transaction (when the caller has none) keeps
  // one snapshot of the database across both, so a prune cannot slip in between them.
  const bool own = !session.in_transaction();
  if (own) session.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "snapshot_objects");
  struct End {
    Session& session;
    bool own;
    ~End() {
      if (own && PQstatus(session.conn()) == CONNECTION_OK) PQclear(PQexec(session.conn(), "COMMIT"));
    }
  } end{session, own};
  const Rows state = session.query("SELECT state FROM snapshots WHERE id = $1::bigint", Params().add(snapshot_id));
  if (state.size() == 0) {
    fail(HSD_ERR_NOT_FOUND, "snapshot " + std::to_string(snapshot_id) +
                                " does not exist (it may have been pruned)");
  }
  if (state.text(0, 0) == "building") {
    fail(HSD_ERR_CONFLICT, "snapshot " + std::to_string(snapshot_id) +
                               " is still building; only current and kept snapshots can be read");
  }
  list_query.snapshot_id = snapshot_id;
  return run_list(session, list_query, sink);
}

std::string Metadata::get(Session& session, std::int64_t connection_id, std::string_view type,
                          std::string_view external_id) {
  require_connection(session, connection_id);
  const Rows rows = query(session, metadata_get_sql(connection_id, type, external_id));
  if (rows.size() == 0) {
    fail(HSD_ERR_NOT_FOUND, "no " + std::string(type) + " object '" + std::string(external_id) +
                                "' in the current snapshot of connection " +
                                std::to_string(connection_id));
  }
  return object_json(rows, 0, true);
}

hsd_status Metadata::types(Session& session, std::int64_t connection_id, const RowSink& sink) {
  require_connection(session, connection_id);
  const Rows rows = query(session, metadata_types_sql(connection_id));
  for (int i = 0; i < rows.size(); ++i) {
    std::string row = "{\"type\":";
    append_json_string(row, rows.text(i, 0));
    row += ",\"count\":" + std::to_string(rows.integer(i, 1)) + "}";
    const hsd_status status = sink(row);
    if (status != HSD_OK) return status;
  }
  return HSD_OK;
}

}  // namespace hsd::plugins::postgres
