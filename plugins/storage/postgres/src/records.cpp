#include "records.hpp"

#include <vector>

#include "blob_gc.hpp"
#include "json_codec.hpp"
#include "schema.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

struct Assignment {
  const Column* column;
  Value value;
};

// Validates every key of a record/patch object against the entity's columns.
std::vector<Assignment> assignments(const Entity& entity, const Poco::JSON::Object& object) {
  std::vector<Assignment> out;
  for (const auto& [key, value] : object) {
    if (key == "id") {
      fail(HSD_ERR_INVALID_ARGUMENT,
           "column id of entity '" + entity.name + "' is assigned by the storage");
    }
    const Column& column = Schema::column(entity, key);
    out.push_back({&column, to_value(entity, column, value)});
  }
  return out;
}

bool has(const std::vector<Assignment>& list, const std::string& column) {
  for (const auto& a : list) {
    if (a.column->name == column) return true;
  }
  return false;
}

std::string id_text(const Entity& entity, std::int64_t id) {
  return entity.name + " record " + std::to_string(id);
}

// "$3::bigint": every parameter carries its column's type, so PostgreSQL never guesses one.
std::string placeholder(int number, ColumnType type) {
  return "$" + std::to_string(number) + (type == ColumnType::integer ? "::bigint" : "::text");
}

}  // namespace

std::string Records::insert(Session& session, std::string_view entity_name,
                            std::string_view record_json) {
  const Entity& entity = Schema::entity(entity_name);
  const auto record = parse_object(record_json, "record of " + entity.name);
  auto values = assignments(entity, *record);
  for (const Column& column : entity.columns) {
    if (!column.nullable && !column.has_default && !record->has(column.name)) {
      fail(HSD_ERR_INVALID_ARGUMENT, "column " + entity.name + "." + column.name + " is required");
    }
  }
  const std::int64_t now = now_ms();
  for (const char* stamp : {"created_at", "updated_at"}) {
    if (entity.find(stamp) && !has(values, stamp)) {
      values.push_back({entity.find(stamp), Value::of(now)});
    }
  }

  std::string sql = "INSERT INTO " + entity.name;
  Params params;
  if (values.empty()) {
    sql += " DEFAULT VALUES";
  } else {
    std::string names, marks;
    for (const auto& a : values) {
      names += (names.empty() ? "" : ", ") + a.column->name;
      marks += (marks.empty() ? "" : ", ") + placeholder(params.size() + 1, a.column->type);
      params.add(a.value);
    }
    sql += " (" + names + ") VALUES (" + marks + ")";
  }
  sql += " RETURNING " + entity.select_list();

  WriteScope scope(session);
  const Rows rows = session.query(sql, params, "insert into " + entity.name);
  if (rows.size() != 1) fail(HSD_ERR_INTERNAL, "insert into " + entity.name + " returned no row");
  std::string row = row_json(rows, 0, entity);
  scope.commit();
  return row;
}

std::string Records::update(Session& session, std::string_view entity_name, std::int64_t id,
                            std::string_view patch_json, std::string_view expected_json) {
  const Entity& entity = Schema::entity(entity_name);
  auto values = assignments(entity, *parse_object(patch_json, "patch of " + entity.name));
  const auto expected_object = parse_object(expected_json, "expected values of " + entity.name);
  std::vector<Assignment> expected;
  for (const auto& [key, value] : *expected_object) {
    // Expected values may be null (still unset) even where the column itself is not nullable.
    const Column& column = Schema::column(entity, key);
    expected.push_back({&column, value.isEmpty() ? Value::null() : to_value(entity, column, value)});
  }
  if (entity.has_updated_at && !has(values, "updated_at")) {
    values.push_back({entity.find("updated_at"), Value::of(now_ms())});
  }

  Params params;
  std::string sets;
  for (const auto& a : values) {
    sets += (sets.empty() ? "" : ", ") + a.column->name + " = " +
            placeholder(params.size() + 1, a.column->type);
    params.add(a.value);
  }
  if (sets.empty()) sets = "id = id";  // nothing to set: still hands back the row
  std::string sql = "UPDATE " + entity.name + " SET " + sets + " WHERE id = " +
                    placeholder(params.size() + 1, ColumnType::integer);
  params.add(id);
  for (const auto& e : expected) {
    sql += " AND " + e.column->name + " IS NOT DISTINCT FROM " +
           placeholder(params.size() + 1, e.column->type);
    params.add(e.value);
  }
  sql += " RETURNING " + entity.select_list();

  WriteScope scope(session);
  std::string row;
  {
    const Rows rows = session.query(sql, params, "update of " + entity.name);
    if (rows.size() == 1) row = row_json(rows, 0, entity);
  }
  if (row.empty()) {
    const Rows exists = session.query("SELECT 1 FROM " + entity.name + " WHERE id = $1::bigint",
                                      Params().add(id));
    if (exists.size() == 0) fail(HSD_ERR_NOT_FOUND, id_text(entity, id) + " does not exist");
    std::string columns;
    for (const auto& e : expected) columns += (columns.empty() ? "" : ", ") + e.column->name;
    fail(HSD_ERR_CONFLICT, id_text(entity, id) + " changed meanwhile: the expected values of (" +
                               columns + ") no longer hold; nothing was updated");
  }
  scope.commit();
  return row;
}

void Records::remove(Session& session, std::string_view entity_name, std::int64_t id) {
  const Entity& entity = Schema::entity(entity_name);
  WriteScope scope(session);
  std::int64_t removed = 0;
  try {
    removed = session.query("DELETE FROM " + entity.name + " WHERE id = $1::bigint",
                            Params().add(id), "remove from " + entity.name)
                  .affected();
  } catch (const StorageError& e) {
    // A foreign key still pointing here (23503 is INVALID_ARGUMENT for inserts).
    if (e.sqlstate() == "23503") {
      fail(HSD_ERR_CONFLICT, id_text(entity, id) +
                                 " is still referenced by other records; remove those first");
    }
    throw;
  }
  if (removed == 0) fail(HSD_ERR_NOT_FOUND, id_text(entity, id) + " does not exist");
  scope.commit();
}

hsd_status Records::find(Session& session, std::string_view entity_name,
                         std::string_view query_json, const RowSink& sink) {
  const Entity& entity = Schema::entity(entity_name);
  const std::string what = "query of " + entity.name;
  const auto query = parse_object(query_json, what);
  for (const auto& [key, value] : *query) {
    if (key != "where" && key != "after_id" && key != "limit" && key != "order") {
      fail(HSD_ERR_INVALID_ARGUMENT, what + ": unknown key '" + key + "'");
    }
  }
  std::string sql = "SELECT " + entity.select_list() + " FROM " + entity.name + " WHERE true";
  Params params;
  if (query->has("where") && !query->isNull("where")) {
    const auto where = query->getObject("where");
    if (!where) fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"where\" must be an object");
    for (const auto& [key, value] : *where) {
      const Column& column = key == "id" ? Column{"id", ColumnType::integer, false, false}
                                         : Schema::column(entity, key);
      if (column.type == ColumnType::json) {
        fail(HSD_ERR_INVALID_ARGUMENT, what + ": json column " + entity.name + "." + key +
                                           " cannot be used in where");
      }
      if (value.isEmpty()) {
        sql += " AND " + column.name + " IS NULL";
      } else {
        Column check = column;
        check.nullable = false;
        sql += " AND " + column.name + " = " + placeholder(params.size() + 1, column.type);
        params.add(to_value(entity, check, value));
      }
    }
  }
  const std::string order = query->has("order") ? string_field(*query, "order", what) : "asc";
  if (order != "asc" && order != "desc") {
    fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"order\" must be \"asc\" or \"desc\"");
  }
  if (query->has("after_id") && !query->isNull("after_id")) {
    sql += (order == "asc" ? " AND id > " : " AND id < ") +
           placeholder(params.size() + 1, ColumnType::integer);
    params.add(int_field(*query, "after_id", 0, what));
  }
  sql += order == "asc" ? " ORDER BY id ASC" : " ORDER BY id DESC";
  const std::int64_t limit = int_field(*query, "limit", -1, what);
  if (query->has("limit") && !query->isNull("limit")) {
    if (limit < 0) fail(HSD_ERR_INVALID_ARGUMENT, what + ": \"limit\" must not be negative");
    sql += " LIMIT " + placeholder(params.size() + 1, ColumnType::integer);
    params.add(limit);
  }

  const Rows rows = session.query(sql, params, "find in " + entity.name);
  for (int i = 0; i < rows.size(); ++i) {
    const hsd_status status = sink(row_json(rows, i, entity));
    if (status != HSD_OK) return status;
  }
  return HSD_OK;
}

void Records::delete_connection(Session& session, std::int64_t connection_id) {
  WriteScope scope(session);
  if (session.query("SELECT 1 FROM connections WHERE id = $1::bigint FOR UPDATE",
                    Params().add(connection_id))
          .size() == 0) {
    fail(HSD_ERR_NOT_FOUND, "connections record " + std::to_string(connection_id) +
                                " does not exist");
  }
  // Children before parents, so the foreign keys hold at every step. $1 is the connection.
  // A comparison uses the connection when it names it on either side or reads a backup from one
  // of its repositories; a watch, when it watches it, compares against it, or reads one of its
  // repositories or a backup configuration removed below.
  const std::string repos = "(SELECT id FROM repositories WHERE connection_id = $1::bigint)";
  const std::string comparisons =
      "(SELECT id FROM comparisons WHERE connection_id = $1::bigint OR other_connection_id = $1::bigint"
      " OR left_repository_id IN " + repos + " OR right_repository_id IN " + repos + ")";
  const std::string backup_configs =
      "(SELECT id FROM backup_configs WHERE connection_id = $1::bigint OR repository_id IN " + repos + ")";
  const std::string snapshots = "(SELECT id FROM snapshots WHERE connection_id = $1::bigint)";
  const std::string steps[] = {
      "DELETE FROM comparison_changes WHERE comparison_id IN " + comparisons,
      "DELETE FROM comparisons WHERE id IN " + comparisons,
      "DELETE FROM drift_watches WHERE connection_id = $1::bigint OR other_connection_id = $1::bigint"
      " OR repository_id IN " + repos + " OR backup_config_id IN " + backup_configs,
      "DELETE FROM metadata_objects WHERE connection_id = $1::bigint OR snapshot_id IN " + snapshots,
      "DELETE FROM snapshot_pins WHERE snapshot_id IN " + snapshots,
      "DELETE FROM snapshots WHERE connection_id = $1::bigint",
      "DELETE FROM backup_runs WHERE connection_id = $1::bigint OR backup_config_id IN " + backup_configs,
      "DELETE FROM backup_configs WHERE id IN " + backup_configs,
      "DELETE FROM deployments WHERE connection_id = $1::bigint",
      "DELETE FROM jobs WHERE connection_id = $1::bigint",
      "DELETE FROM credentials WHERE connection_id = $1::bigint",
      // data is JSON text written through to_value(); a non-object or a non-numeric
      // connection_id simply does not match.
      "DELETE FROM oauth_states WHERE CASE WHEN data LIKE '{%'"
      " THEN (data::jsonb -> 'connection_id') = to_jsonb($1::bigint) ELSE false END",
      "DELETE FROM repositories WHERE connection_id = $1::bigint",
      "DELETE FROM connections WHERE id = $1::bigint",
  };
  BlobGc gc(session);
  gc.remember(snapshots.substr(1, snapshots.size() - 2), connection_id);
  for (const std::string& sql : steps) {
    session.query(sql, Params().add(connection_id), "delete_connection");
  }
  gc.collect_remembered();
  scope.commit();
}

}  // namespace hsd::plugins::postgres
