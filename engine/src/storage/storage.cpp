#include "hsd/engine/storage.hpp"

#include <cstddef>

#include "storage_call.hpp"

namespace hsd::engine {

Storage::Storage(const hsd_storage_api* table, void* instance) : table_(table), instance_(instance) {}

Result<Session> Storage::open_session() {
  // Only the 1.0 operations are required; later ones are checked where they are used.
  constexpr std::size_t kMinTableSize = offsetof(hsd_storage_api, job_finish) + sizeof(void*);
  if (!table_ || table_->struct_size < kMinTableSize || !table_->session_open) {
    return make_error(ErrorCode::internal,
                      "the storage plugin's table is missing or older than ABI 1.0 requires");
  }
  detail::StorageCall call;
  void* handle = nullptr;
  const hsd_status status = table_->session_open(instance_, &call, &handle);
  if (status != HSD_OK) return detail::storage_error(status, call, "session_open");
  return Session(table_, handle);
}

}  // namespace hsd::engine
