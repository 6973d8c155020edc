// Session's ABI 1.3 snapshot-history operations: keeping earlier snapshots, pinning them
// against pruning, and reading one of them. An older storage plugin's table ends before these
// fields; the client then answers UNSUPPORTED naming the operation rather than calling past
// the end of the table.
#include <string>

#include "hsd/engine/storage.hpp"
#include "storage_call.hpp"

namespace hsd::engine {
namespace {

using detail::RowCollector;
using detail::StorageCall;
using detail::str_view;

Error missing(std::string_view operation) {
  return make_error(ErrorCode::unsupported,
                    "the storage plugin does not offer " + std::string(operation) +
                        " (storage ABI 1.3, snapshot history); upgrade the storage plugin");
}

}  // namespace

Status Session::snapshot_activate_keeping(std::int64_t snapshot_id, std::int64_t keep) {
  if (!HSD_STORAGE_HAS(table_, snapshot_activate_keeping)) return missing("snapshot_activate_keeping");
  StorageCall call;
  const hsd_status s = table_->snapshot_activate_keeping(handle_, &call, snapshot_id, keep);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_activate_keeping");
  return {};
}

Status Session::snapshot_pin(std::int64_t snapshot_id, std::string_view holder, std::int64_t until_ms) {
  if (!HSD_STORAGE_HAS(table_, snapshot_pin)) return missing("snapshot_pin");
  StorageCall call;
  const hsd_status s = table_->snapshot_pin(handle_, &call, snapshot_id, str_view(holder), until_ms);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_pin");
  return {};
}

Status Session::snapshot_unpin(std::int64_t snapshot_id, std::string_view holder) {
  if (!HSD_STORAGE_HAS(table_, snapshot_unpin)) return missing("snapshot_unpin");
  StorageCall call;
  const hsd_status s = table_->snapshot_unpin(handle_, &call, snapshot_id, str_view(holder));
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_unpin");
  return {};
}

Result<MetadataPage> Session::snapshot_objects(std::int64_t snapshot_id, const MetadataQuery& query) {
  if (!HSD_STORAGE_HAS(table_, snapshot_objects)) return missing("snapshot_objects");
  if (query.limit < 1) return make_error(ErrorCode::invalid_argument, "metadata limit must be positive");
  const std::string json = detail::metadata_query_json(query);
  StorageCall call;
  RowCollector rows;
  const hsd_status s = table_->snapshot_objects(handle_, &call, snapshot_id, str_view(json),
                                                &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_objects");
  return detail::metadata_page(rows.rows, query.limit);
}

}  // namespace hsd::engine
