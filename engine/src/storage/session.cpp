#include <Poco/JSON/Array.h>

#include <utility>

#include "hsd/engine/storage.hpp"
#include "metadata_row_reader.hpp"
#include "process_locks.hpp"
#include "storage_call.hpp"

namespace hsd::engine {
namespace {

using detail::RowCollector;
using detail::StorageCall;
using detail::str_view;

Result<Poco::JSON::Object::Ptr> single_row(const RowCollector& rows, std::string_view op) {
  if (rows.rows.empty()) {
    return make_error(ErrorCode::internal, "storage " + std::string(op) + " handed back no row");
  }
  return detail::parse_row(rows.rows.front(), op);
}

Result<MetadataRow> metadata_row(const std::string& text) {
  if (auto quick = detail::quick_metadata_row(text)) return std::move(*quick);
  auto parsed = detail::parse_row(text, "metadata_list");
  if (!parsed) return std::move(parsed).error();
  const auto& o = **parsed;
  MetadataRow row;
  row.type = o.optValue<std::string>("type", "");
  row.id = o.optValue<std::string>("id", "");
  row.name = o.optValue<std::string>("name", "");
  row.hash = o.optValue<std::string>("hash", "");
  row.snapshot = o.optValue<Poco::Int64>("snapshot", 0);
  row.cursor = o.optValue<std::string>("cursor", "");
  if (o.has("data") && !o.isNull("data")) row.data = o.getValue<std::string>("data");
  return row;
}

}  // namespace

Session::Session(Session&& other) noexcept
    : table_(std::exchange(other.table_, nullptr)),
      handle_(std::exchange(other.handle_, nullptr)),
      in_transaction_(std::exchange(other.in_transaction_, false)),
      process_locks_(std::move(other.process_locks_)) {
  other.process_locks_.clear();
}

Session& Session::operator=(Session&& other) noexcept {
  if (this != &other) {
    close();
    table_ = std::exchange(other.table_, nullptr);
    handle_ = std::exchange(other.handle_, nullptr);
    in_transaction_ = std::exchange(other.in_transaction_, false);
    process_locks_ = std::move(other.process_locks_);
    other.process_locks_.clear();
  }
  return *this;
}

Session::~Session() { close(); }

void Session::close() noexcept {
  // The database releases the session's own locks when it closes; this process's stand-ins
  // are released here.
  for (const auto& key : process_locks_) detail::ProcessLocks::instance().release(key, handle_);
  process_locks_.clear();
  if (table_ && handle_) table_->session_close(handle_);
  handle_ = nullptr;
  in_transaction_ = false;
}

Status Session::begin() {
  StorageCall call;
  const hsd_status s = table_->begin(handle_, &call);
  if (s != HSD_OK) return detail::storage_error(s, call, "begin");
  in_transaction_ = true;
  return {};
}

Status Session::commit() {
  StorageCall call;
  const hsd_status s = table_->commit(handle_, &call);
  if (s != HSD_OK) return detail::storage_error(s, call, "commit");
  in_transaction_ = false;
  return {};
}

Status Session::rollback() {
  StorageCall call;
  const hsd_status s = table_->rollback(handle_, &call);
  // Whatever the answer, the caller is done with the transaction.
  in_transaction_ = false;
  if (s != HSD_OK) return detail::storage_error(s, call, "rollback");
  return {};
}

Result<Poco::JSON::Object::Ptr> Session::insert(std::string_view entity,
                                                const Poco::JSON::Object& record) {
  StorageCall call;
  RowCollector rows;
  const std::string json = detail::to_json(record);
  const hsd_status s = table_->insert(handle_, &call, str_view(entity), str_view(json),
                                      &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "insert");
  return single_row(rows, "insert");
}

Result<Poco::JSON::Object::Ptr> Session::update(std::string_view entity, std::int64_t id,
                                                const Poco::JSON::Object& patch,
                                                const Poco::JSON::Object& expected) {
  StorageCall call;
  RowCollector rows;
  const std::string patch_json = detail::to_json(patch);
  const std::string expected_json = expected.size() ? detail::to_json(expected) : std::string();
  const hsd_status s = table_->update(handle_, &call, str_view(entity), id, str_view(patch_json),
                                      str_view(expected_json), &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "update");
  return single_row(rows, "update");
}

Status Session::remove(std::string_view entity, std::int64_t id) {
  StorageCall call;
  const hsd_status s = table_->remove(handle_, &call, str_view(entity), id);
  if (s != HSD_OK) return detail::storage_error(s, call, "remove");
  return {};
}

Result<std::vector<Poco::JSON::Object::Ptr>> Session::find(std::string_view entity,
                                                           const Query& query) {
  Poco::JSON::Object q;
  q.set("where", query.where);
  if (query.after_id) q.set("after_id", *query.after_id);
  if (query.limit) q.set("limit", *query.limit);
  q.set("order", query.descending ? "desc" : "asc");
  const std::string json = detail::to_json(q);

  StorageCall call;
  RowCollector rows;
  const hsd_status s =
      table_->find(handle_, &call, str_view(entity), str_view(json), &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "find");
  std::vector<Poco::JSON::Object::Ptr> out;
  out.reserve(rows.rows.size());
  for (const auto& text : rows.rows) {
    auto row = detail::parse_row(text, "find");
    if (!row) return std::move(row).error();
    out.push_back(*row);
  }
  return out;
}

Result<Poco::JSON::Object::Ptr> Session::get(std::string_view entity, std::int64_t id) {
  Query query;
  query.where.set("id", id);
  query.limit = 1;
  auto rows = find(entity, query);
  if (!rows) return std::move(rows).error();
  if (rows->empty()) {
    return make_error(ErrorCode::not_found,
                      std::string(entity) + " record " + std::to_string(id) + " does not exist");
  }
  return rows->front();
}

Status Session::delete_connection(std::int64_t connection_id) {
  StorageCall call;
  const hsd_status s = table_->delete_connection(handle_, &call, connection_id);
  if (s != HSD_OK) return detail::storage_error(s, call, "delete_connection");
  return {};
}

Result<std::int64_t> Session::snapshot_create(std::int64_t connection_id) {
  StorageCall call;
  std::int64_t id = 0;
  const hsd_status s = table_->snapshot_create(handle_, &call, connection_id, &id);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_create");
  return id;
}

Status Session::snapshot_add_objects(std::int64_t snapshot_id,
                                     const std::vector<ObjectRecord>& objects) {
  std::vector<hsd_object> views(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    hsd_object& o = views[i];
    o = hsd_object{};
    o.struct_size = sizeof(hsd_object);
    o.type = str_view(objects[i].type);
    o.id = str_view(objects[i].id);
    o.name = str_view(objects[i].name);
    o.data_json = str_view(objects[i].data);
  }
  StorageCall call;
  const hsd_status s = table_->snapshot_add_objects(handle_, &call, snapshot_id, views.data(),
                                                    views.size(), sizeof(hsd_object));
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_add_objects");
  return {};
}

Status Session::snapshot_activate(std::int64_t snapshot_id) {
  StorageCall call;
  const hsd_status s = table_->snapshot_activate(handle_, &call, snapshot_id);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_activate");
  return {};
}

Status Session::snapshot_discard(std::int64_t snapshot_id) {
  StorageCall call;
  const hsd_status s = table_->snapshot_discard(handle_, &call, snapshot_id);
  if (s != HSD_OK) return detail::storage_error(s, call, "snapshot_discard");
  return {};
}

namespace detail {

std::string metadata_query_json(const MetadataQuery& query) {
  // One row more than asked tells whether another page follows, so the last page has no
  // cursor (and a caller never fetches an empty page).
  Poco::JSON::Object q;
  if (!query.type.empty()) q.set("type", query.type);
  if (!query.q.empty()) q.set("q", query.q);
  if (!query.cursor.empty()) q.set("after", query.cursor);
  q.set("limit", query.limit + 1);
  q.set("with_data", query.with_data);
  return detail::to_json(q);
}

Result<MetadataPage> metadata_page(std::vector<std::string>& rows, std::int64_t limit) {
  MetadataPage page;
  const bool more = rows.size() > static_cast<std::size_t>(limit);
  if (more) rows.resize(static_cast<std::size_t>(limit));
  for (const auto& text : rows) {
    auto row = metadata_row(text);
    if (!row) return std::move(row).error();
    page.rows.push_back(std::move(*row));
  }
  if (more) page.next_cursor = page.rows.back().cursor;
  return page;
}

}  // namespace detail

Result<MetadataPage> Session::metadata_list(std::int64_t connection_id, const MetadataQuery& query) {
  if (query.limit < 1) return make_error(ErrorCode::invalid_argument, "metadata limit must be positive");
  const std::string json = detail::metadata_query_json(query);
  StorageCall call;
  RowCollector rows;
  const hsd_status s = table_->metadata_list(handle_, &call, connection_id, str_view(json),
                                             &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "metadata_list");
  return detail::metadata_page(rows.rows, query.limit);
}

Result<MetadataRow> Session::metadata_get(std::int64_t connection_id, std::string_view type,
                                          std::string_view id) {
  StorageCall call;
  RowCollector rows;
  const hsd_status s = table_->metadata_get(handle_, &call, connection_id, str_view(type),
                                            str_view(id), &RowCollector::on_row, &rows);
  if (s != HSD_OK) return detail::storage_error(s, call, "metadata_get");
  if (rows.rows.empty()) {
    return make_error(ErrorCode::internal, "storage metadata_get handed back no row");
  }
  return metadata_row(rows.rows.front());
}

Result<Poco::JSON::Object::Ptr> Session::job_claim(std::string_view worker_id, std::int64_t now_ms,
                                                   std::int64_t lease_ms) {
  StorageCall call;
  RowCollector rows;
  const hsd_status s = table_->job_claim(handle_, &call, str_view(worker_id), now_ms, lease_ms,
                                         &RowCollector::on_row, &rows);
  if (s == HSD_ERR_NOT_FOUND) return Poco::JSON::Object::Ptr();
  if (s != HSD_OK) return detail::storage_error(s, call, "job_claim");
  return single_row(rows, "job_claim");
}

Status Session::job_heartbeat(std::int64_t job_id, std::string_view worker_id, std::int64_t now_ms,
                              std::int64_t lease_ms) {
  StorageCall call;
  const hsd_status s =
      table_->job_heartbeat(handle_, &call, job_id, str_view(worker_id), now_ms, lease_ms);
  if (s != HSD_OK) return detail::storage_error(s, call, "job_heartbeat");
  return {};
}

Status Session::job_finish(std::int64_t job_id, std::string_view worker_id, std::string_view state,
                           const Poco::JSON::Object& result) {
  StorageCall call;
  const std::string json = detail::to_json(result);
  const hsd_status s = table_->job_finish(handle_, &call, job_id, str_view(worker_id),
                                          str_view(state), str_view(json));
  if (s != HSD_OK) return detail::storage_error(s, call, "job_finish");
  return {};
}

}  // namespace hsd::engine
