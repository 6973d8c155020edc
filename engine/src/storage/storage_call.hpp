// Helpers shared by the storage client's files: making one call through the C table and
// turning its status and set_error message into an Error, and JSON in and out.
#pragma once

#include <hsd/abi.h>

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

#include "hsd/engine/call_context.hpp"
#include "hsd/engine/result.hpp"
#include "hsd/engine/storage.hpp"

// Whether the storage table offers an operation: it reaches that far (an older plugin's table
// ends sooner) and the plugin filled it in.
#define HSD_STORAGE_HAS(table, field) (HSD_HAS_FIELD(table, hsd_storage_api, field) && (table)->field)

namespace hsd::engine::detail {

inline hsd_str_view str_view(std::string_view s) { return {s.data(), s.size()}; }

// The Error for a failed call: the plugin's set_error message when it gave one.
Error storage_error(hsd_status status, CallContext& call, std::string_view operation);

// Collects rows handed back through an hsd_row_fn.
struct RowCollector {
  std::vector<std::string> rows;
  static hsd_status on_row(void* user, hsd_str_view row) noexcept;
};

std::string to_json(const Poco::JSON::Object& object);
Result<Poco::JSON::Object::Ptr> parse_row(const std::string& row, std::string_view operation);

// metadata_list's and snapshot_objects' query JSON (asking one row more than the page) and
// the page made of the rows handed back (its cursor set when that extra row came).
std::string metadata_query_json(const MetadataQuery& query);
Result<MetadataPage> metadata_page(std::vector<std::string>& rows, std::int64_t limit);

// A fresh call context for one storage call; the table's set_error lands in its error.
struct StorageCall : CallContext {
  StorageCall() { plugin_id = "storage"; }
};

}  // namespace hsd::engine::detail
