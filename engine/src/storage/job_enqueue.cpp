// Session::job_enqueue (ABI 1.4): queue a job unless an identical one waits, atomically across
// engines. For a storage plugin older than 1.4 the session reads, then inserts, in one
// transaction: atomic where transactions serialise writers (as one embedded database file
// does), which is what such a plugin offered before.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include <chrono>
#include <optional>
#include <sstream>

#include "hsd/engine/storage.hpp"
#include "storage_call.hpp"

namespace hsd::engine {
namespace {

using detail::RowCollector;
using detail::StorageCall;
using detail::str_view;

std::string json_text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status check_states(const std::vector<std::string>& states) {
  if (states.empty()) return make_error(ErrorCode::invalid_argument, "job_enqueue: unless_states must not be empty");
  for (const auto& state : states) {
    if (state != "queued" && state != "running") {
      return make_error(ErrorCode::invalid_argument,
                        "job_enqueue: unless_states: '" + state + "' is not allowed; allowed: queued, running");
    }
  }
  return {};
}

// A job in `state` identical to the record, or none. A running job stands for the new one only
// while its lease is live: one whose worker died is claimed again anyway.
Result<std::optional<Poco::JSON::Object::Ptr>> find_identical(Session& session, const Poco::JSON::Object& record,
                                                              const std::string& state) {
  Query query;
  query.where.set("connection_id", record.get("connection_id"));
  query.where.set("pipeline", record.get("pipeline"));
  query.where.set("state", state);
  auto rows = session.find("jobs", query);
  if (!rows) return std::move(rows).error();
  const std::string params = json_text(record.get("params"));
  const std::int64_t now = now_ms();
  for (const auto& row : *rows) {
    if (json_text(row->get("params")) != params) continue;
    if (state == "running" &&
        (row->isNull("lease_expires_at") || row->getValue<std::int64_t>("lease_expires_at") < now)) {
      continue;
    }
    return std::optional<Poco::JSON::Object::Ptr>(row);
  }
  return std::optional<Poco::JSON::Object::Ptr>();
}

Result<JobEnqueued> read_then_insert(Session& session, const Poco::JSON::Object& record,
                                     const std::vector<std::string>& states) {
  for (const auto& state : states) {
    auto existing = find_identical(session, record, state);
    if (!existing) return std::move(existing).error();
    if (*existing) return JobEnqueued{**existing, true};
  }
  auto job = session.insert("jobs", record);
  if (!job) return std::move(job).error();
  return JobEnqueued{*job, false};
}

}  // namespace

Result<JobEnqueued> Session::job_enqueue(const Poco::JSON::Object& record, const std::vector<std::string>& unless_states) {
  HSD_TRY(check_states(unless_states));
  if (HSD_STORAGE_HAS(table_, job_enqueue)) {
    Poco::JSON::Array states;
    for (const auto& state : unless_states) states.add(state);
    const std::string record_json = detail::to_json(record);
    const std::string states_json = json_text(Poco::Dynamic::Var(states));
    StorageCall call;
    RowCollector rows;
    const hsd_status s = table_->job_enqueue(handle_, &call, str_view(record_json), str_view(states_json),
                                             &RowCollector::on_row, &rows);
    if (s != HSD_OK) return detail::storage_error(s, call, "job_enqueue");
    if (rows.rows.empty()) return make_error(ErrorCode::internal, "storage job_enqueue handed back no row");
    auto row = detail::parse_row(rows.rows.front(), "job_enqueue");
    if (!row) return std::move(row).error();
    auto job = (*row)->getObject("job");
    if (!job) {
      return make_error(ErrorCode::internal, "storage job_enqueue handed back a row without its job: " + rows.rows.front());
    }
    return JobEnqueued{job, (*row)->optValue<bool>("joined", false)};
  }
  if (in_transaction_) return read_then_insert(*this, record, unless_states);
  auto transaction = Transaction::begin(*this);
  if (!transaction) return std::move(transaction).error();
  auto enqueued = read_then_insert(*this, record, unless_states);
  if (!enqueued) return enqueued;
  HSD_TRY(transaction->commit());
  return enqueued;
}

}  // namespace hsd::engine
