// Session::schema_status (ABI 1.4): the database's applied schema version against the newest
// the storage plugin knows, and its pending and applied migrations. An older storage plugin
// cannot tell: the status is then unknown rather than an error.
#include <Poco/JSON/Array.h>

#include <string>

#include "hsd/engine/storage.hpp"
#include "storage_call.hpp"

namespace hsd::engine {
namespace {

using detail::RowCollector;
using detail::StorageCall;

std::vector<SchemaMigration> migrations(const Poco::JSON::Object& row, const std::string& key) {
  std::vector<SchemaMigration> out;
  auto list = row.getArray(key);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto item = list->getObject(static_cast<unsigned>(i));
    if (!item) continue;
    SchemaMigration migration;
    migration.version = item->optValue<Poco::Int64>("version", 0);
    migration.name = item->optValue<std::string>("name", "");
    migration.applied_at = item->optValue<Poco::Int64>("applied_at", 0);
    out.push_back(std::move(migration));
  }
  return out;
}

}  // namespace

Result<SchemaStatus> Session::schema_status() {
  SchemaStatus status;
  if (!HSD_STORAGE_HAS(table_, schema_status)) return status;
  StorageCall call;
  RowCollector rows;
  const hsd_status s = table_->schema_status(handle_, &call, &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "schema_status");
  if (rows.rows.empty()) return make_error(ErrorCode::internal, "storage schema_status handed back no row");
  auto row = detail::parse_row(rows.rows.front(), "schema_status");
  if (!row) return std::move(row).error();
  const auto& o = **row;
  if (!o.has("version") || !o.has("supported")) {
    return make_error(ErrorCode::internal,
                      "storage schema_status handed back a row without version or supported: " + rows.rows.front());
  }
  status.known = true;
  status.version = o.getValue<Poco::Int64>("version");
  status.supported = o.getValue<Poco::Int64>("supported");
  status.pending = migrations(o, "pending");
  status.applied = migrations(o, "applied");
  return status;
}

}  // namespace hsd::engine
