#include "plugin_call.hpp"

#include "hsd/engine/log.hpp"
#include "json_util.hpp"

namespace hsd::engine {

void PluginCall::check_deadline() {
  // Plugins poll is_cancelled(); a step past its timeout is asked to stop that way.
  if (std::chrono::steady_clock::now() > deadline_) cancel();
}

hsd_status PluginCall::on_object(const hsd_object& object) {
  check_deadline();
  if (cancelled()) return HSD_ERR_CANCELLED;
  if (!writer_) return CallContext::on_object(object);
  auto status = writer_->add(object);
  if (status) return HSD_OK;
  set_error(status.error());
  return static_cast<hsd_status>(status.error().code);
}

void PluginCall::on_progress(std::string_view type, std::uint64_t done, std::uint64_t total) {
  check_deadline();
  std::lock_guard lock(progress_mutex_);
  if (observer_) observer_->progress(type, done, total);
  if (!connection_id_) return;
  // The connection row shows progress to other readers; once a second is plenty.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_saved_ < std::chrono::seconds(1) && done != total) return;
  last_saved_ = now;
  std::lock_guard session_lock(session_mutex_);
  Poco::JSON::Object patch;
  patch.set("progress_done", done);
  patch.set("progress_total", total);
  patch.set("progress_type", std::string(type));
  auto updated = session_.update("connections", *connection_id_, patch);
  if (!updated) log::warn("engine.pipeline", "could not save progress: " + updated.error().message);
}

hsd_status PluginCall::on_credentials(std::uint32_t flags, std::string& out_json) {
  if (!connection_id_) return CallContext::on_credentials(flags, out_json);
  std::lock_guard lock(session_mutex_);
  auto fresh = credentials_.fresh(session_, *connection_id_, (flags & HSD_CREDENTIALS_FORCE_REFRESH) != 0);
  if (!fresh) {
    if (fresh.error().reason == kReauthRequired) refresh_refusal_ = fresh.error();
    set_error(fresh.error());
    return static_cast<hsd_status>(fresh.error().code);
  }
  out_json = std::move(*fresh);
  return HSD_OK;
}

}  // namespace hsd::engine

namespace hsd::engine {

hsd_status PluginCall::on_read_objects(std::string_view query_json, hsd_object_fn visit, void* user) {
  if (!read_connection_) return CallContext::on_read_objects(query_json, visit, user);
  MetadataQuery query;
  query.limit = 1000;
  query.with_data = true;
  if (!query_json.empty()) {
    auto parsed = parse_object(query_json, "read_objects' query");
    if (!parsed) {
      set_error(parsed.error());
      return HSD_ERR_INVALID_ARGUMENT;
    }
    query.type = (*parsed)->optValue<std::string>("type", "");
  }
  // Pages follow the current snapshot; one that changes under the reader (a retrieval
  // finished meanwhile) would mix two snapshots, so the read fails and can be retried.
  std::int64_t snapshot = 0;
  while (true) {
    check_deadline();
    if (cancelled()) return HSD_ERR_CANCELLED;
    Result<MetadataPage> page = MetadataPage{};
    {
      std::lock_guard lock(session_mutex_);
      page = session_.metadata_list(*read_connection_, query);
    }
    if (!page) {
      set_error(page.error());
      return static_cast<hsd_status>(page.error().code);
    }
    for (const auto& row : page->rows) {
      if (snapshot == 0) snapshot = row.snapshot;
      if (row.snapshot != snapshot) {
        Error changed = make_error(ErrorCode::unavailable, "the source's snapshot changed while it was being read; run again");
        changed.retryable = true;
        set_error(std::move(changed));
        return HSD_ERR_UNAVAILABLE;
      }
      hsd_object object{};
      object.struct_size = sizeof(object);
      object.type = {row.type.data(), row.type.size()};
      object.id = {row.id.data(), row.id.size()};
      object.name = {row.name.data(), row.name.size()};
      if (row.data) object.data_json = {row.data->data(), row.data->size()};
      const hsd_status status = visit(user, &object, {row.hash.data(), row.hash.size()});
      if (status != HSD_OK) return status;
    }
    if (page->next_cursor.empty()) return HSD_OK;
    query.cursor = page->next_cursor;
  }
}

}  // namespace hsd::engine
