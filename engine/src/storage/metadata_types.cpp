// Session::metadata_types: the storage's own count (ABI 1.3), or, for an older storage plugin
// whose table ends before the operation, a count made by paging through metadata_list.
#include <cstddef>
#include <utility>

#include "hsd/engine/storage.hpp"
#include "storage_call.hpp"

namespace hsd::engine {
namespace {

using detail::RowCollector;
using detail::StorageCall;

// Big pages keep the fallback to a few calls; rows without data are small.
constexpr std::int64_t kFallbackPage = 1000;

Result<MetadataTypeCount> type_count_row(const std::string& text) {
  auto parsed = detail::parse_row(text, "metadata_types");
  if (!parsed) return std::move(parsed).error();
  const auto& o = **parsed;
  MetadataTypeCount row;
  row.type = o.optValue<std::string>("type", "");
  row.count = o.optValue<Poco::Int64>("count", -1);
  if (row.type.empty() || row.count < 0) {
    return make_error(ErrorCode::internal,
                      "storage metadata_types handed back a row without a type or count: " + text);
  }
  return row;
}

}  // namespace

Result<std::vector<MetadataTypeCount>> Session::metadata_types(std::int64_t connection_id) {
  std::vector<MetadataTypeCount> out;
  if (HSD_STORAGE_HAS(table_, metadata_types)) {
    StorageCall call;
    RowCollector rows;
    const hsd_status s = table_->metadata_types(handle_, &call, connection_id,
                                                &RowCollector::on_row, &rows);
    if (s != HSD_OK) return detail::storage_error(s, call, "metadata_types");
    out.reserve(rows.rows.size());
    for (const auto& text : rows.rows) {
      auto row = type_count_row(text);
      if (!row) return std::move(row).error();
      out.push_back(std::move(*row));
    }
    return out;
  }
  // metadata_list hands rows back in (type, id) order, so each type's rows are contiguous.
  MetadataQuery query;
  query.limit = kFallbackPage;
  do {
    auto page = metadata_list(connection_id, query);
    if (!page) return std::move(page).error();
    for (const auto& row : page->rows) {
      if (out.empty() || out.back().type != row.type) out.push_back({row.type, 0});
      ++out.back().count;
    }
    query.cursor = std::move(page->next_cursor);
  } while (!query.cursor.empty());
  return out;
}

}  // namespace hsd::engine
