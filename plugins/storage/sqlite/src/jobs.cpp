#include "jobs.hpp"

#include <hsd/abi.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "json_codec.hpp"
#include "migrations.hpp"
#include "records.hpp"
#include "schema.hpp"
#include "statement.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::sqlite {
namespace {

std::string job_text(std::int64_t id) { return "job " + std::to_string(id); }

void check_worker(std::string_view worker_id) {
  if (worker_id.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "worker_id must not be empty");
}

// After a lease-guarded UPDATE changed nothing: NOT_FOUND, or CONFLICT naming the holder.
[[noreturn]] void lease_lost(sqlite3* db, std::int64_t job_id, std::string_view worker_id) {
  Statement q(db, "SELECT state, lease_owner FROM jobs WHERE id = ?");
  q.add(job_id);
  if (!q.step()) fail(HSD_ERR_NOT_FOUND, job_text(job_id) + " does not exist");
  const std::string owner = q.is_null(1) ? "nobody" : "'" + std::string(q.column_text(1)) + "'";
  fail(HSD_ERR_CONFLICT, "worker '" + std::string(worker_id) + "' lost the lease of " +
                             job_text(job_id) + ": it is " + std::string(q.column_text(0)) +
                             " and held by " + owner);
}

// Which states of an identical job make job_enqueue join it instead of inserting.
struct JoinStates {
  bool queued = false;
  bool running = false;
};

JoinStates join_states(std::string_view json) {
  const std::string expected =
      "unless_states_json must be a JSON array of \"queued\" and \"running\", not ";
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (const Poco::Exception&) {
    fail(HSD_ERR_INVALID_ARGUMENT, expected + "'" + std::string(json) + "'");
  }
  if (parsed.type() != typeid(Poco::JSON::Array::Ptr)) {
    fail(HSD_ERR_INVALID_ARGUMENT, expected + "'" + std::string(json) + "'");
  }
  JoinStates states;
  for (const auto& item : *parsed.extract<Poco::JSON::Array::Ptr>()) {
    const std::string state = item.isString() ? item.convert<std::string>() : std::string();
    if (state == "queued") {
      states.queued = true;
    } else if (state == "running") {
      states.running = true;
    } else {
      std::ostringstream text;
      Poco::JSON::Stringifier::condense(item, text);
      fail(HSD_ERR_INVALID_ARGUMENT, "unless_states_json: " + text.str() +
                                         " is not a state to join (\"queued\" or \"running\")");
    }
  }
  return states;
}

// A record value checked against its column: the text or integer the row would store.
Value column_value(const Entity& jobs, const Poco::JSON::Object& record, const std::string& name,
                   Value fallback) {
  const Column& column = Schema::column(jobs, name);
  if (!record.has(name)) return fallback;
  return to_value(jobs, column, record.get(name));
}

}  // namespace

std::string Jobs::enqueue(Session& session, std::string_view record_json,
                          std::string_view unless_states_json) {
  const JoinStates states = join_states(unless_states_json);
  const Entity& jobs = Schema::entity("jobs");
  const auto record = parse_object(record_json, "record of jobs");
  // Every column checked now, so a bad record is refused whether or not a twin exists.
  for (const auto& [key, value] : *record) to_value(jobs, Schema::column(jobs, key), value);
  if (!record->has("pipeline")) fail(HSD_ERR_INVALID_ARGUMENT, "column jobs.pipeline is required");
  const Value connection = column_value(jobs, *record, "connection_id", Value::null());
  const Value pipeline = column_value(jobs, *record, "pipeline", Value::null());
  // The stored text of params: the codec's compact form, as an insert would store it.
  const Value params = column_value(jobs, *record, "params", Value::of_text("{}"));

  WriteScope scope(session);
  std::string row;
  {
    // `state IN (...)` as written lets SQLite use the partial index jobs_pending_identity.
    Statement twin(session.db(),
                   "SELECT " + jobs.select_list() + " FROM jobs"
                   " WHERE connection_id IS ?1 AND pipeline = ?2 AND state IN ('queued', 'running')"
                   "   AND params = ?3 AND ((state = 'queued' AND ?4)"
                   "     OR (state = 'running' AND ?5 AND lease_expires_at >= ?6))"
                   " ORDER BY id LIMIT 1");
    twin.add(connection).add(pipeline).add(params).add(std::int64_t{states.queued})
        .add(std::int64_t{states.running}).add(now_ms());
    if (twin.step()) row = row_json(twin, jobs);
  }
  const bool joined = !row.empty();
  if (!joined) row = Records::insert(session, "jobs", record_json);
  scope.commit();
  return "{\"job\":" + row + ",\"joined\":" + (joined ? "true" : "false") + "}";
}

std::string Jobs::claim(Session& session, std::string_view worker_id, std::int64_t now_ms,
                        std::int64_t lease_ms) {
  check_worker(worker_id);
  if (lease_ms <= 0) fail(HSD_ERR_INVALID_ARGUMENT, "lease_ms must be positive");
  const Entity& jobs = Schema::entity("jobs");
  WriteScope scope(session);
  // Another engine may have migrated the database past this plugin while it runs: claiming
  // then could run a job against tables this plugin does not know.
  Migrations::refuse_newer(session.db());
  std::string row;
  {
    // Each branch of the union walks its own index to the oldest candidate. A connection runs
    // one job at a time; a lapsed lease is taken over only while attempts remain (the engine
    // fails jobs whose workers died too often).
    Statement claim(session.db(),
                    "UPDATE jobs SET state = 'running', lease_owner = ?1,"
                    " lease_expires_at = ?2 + ?3, started_at = coalesce(started_at, ?2),"
                    " attempts = attempts + 1, updated_at = ?2"
                    " WHERE id = (SELECT min(id) FROM ("
                    "   SELECT min(id) AS id FROM jobs q WHERE state = 'queued' AND run_after <= ?2"
                    "     AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.connection_id = q.connection_id"
                    "                     AND r.state = 'running' AND r.lease_expires_at >= ?2)"
                    "   UNION ALL"
                    "   SELECT min(id) FROM jobs WHERE state = 'running' AND lease_expires_at < ?2"
                    "     AND attempts < max_attempts))"
                    " RETURNING " + jobs.select_list());
    claim.add_text(worker_id).add(now_ms).add(lease_ms);
    if (claim.step()) {
      row = row_json(claim, jobs);
      claim.run();
    }
  }
  if (row.empty()) fail(HSD_ERR_NOT_FOUND, "no job is ready to run");
  scope.commit();
  return row;
}

void Jobs::heartbeat(Session& session, std::int64_t job_id, std::string_view worker_id,
                     std::int64_t now_ms, std::int64_t lease_ms) {
  check_worker(worker_id);
  if (lease_ms <= 0) fail(HSD_ERR_INVALID_ARGUMENT, "lease_ms must be positive");
  WriteScope scope(session);
  // A lease that expired but was not claimed by anyone else is still the worker's to extend.
  Statement beat(session.db(),
                 "UPDATE jobs SET lease_expires_at = ?1 + ?2, updated_at = ?1"
                 " WHERE id = ?3 AND state = 'running' AND lease_owner = ?4");
  beat.add(now_ms).add(lease_ms).add(job_id).add_text(worker_id);
  beat.run();
  if (changes(session.db()) == 0) lease_lost(session.db(), job_id, worker_id);
  scope.commit();
}

void Jobs::finish(Session& session, std::int64_t job_id, std::string_view worker_id,
                  std::string_view state, std::string_view result_json) {
  check_worker(worker_id);
  if (state != "succeeded" && state != "failed" && state != "cancelled" && state != "queued") {
    fail(HSD_ERR_INVALID_ARGUMENT, "job state '" + std::string(state) +
                                       "' is not succeeded, failed, cancelled or queued");
  }
  const std::string what = "result of " + job_text(job_id);
  const auto result = parse_object(result_json, what);
  std::string error;
  if (result->has("error") && !result->isNull("error")) {
    const auto value = result->get("error");
    if (value.isString()) {
      error = value.convert<std::string>();
    } else {
      std::ostringstream out;
      Poco::JSON::Stringifier::condense(value, out);
      error = out.str();
    }
  }
  const std::int64_t now = now_ms();
  const std::int64_t run_after = int_field(*result, "run_after", now, what);
  // Stored as given: it parsed as an object, and keeping the caller's bytes costs nothing.
  const std::string stored = result_json.empty() ? "{}" : std::string(result_json);

  WriteScope scope(session);
  Statement done(session.db(),
                 "UPDATE jobs SET state = ?1, result = ?2, error = ?3, updated_at = ?4,"
                 " finished_at = CASE WHEN ?1 = 'queued' THEN NULL ELSE ?4 END,"
                 " run_after = CASE WHEN ?1 = 'queued' THEN ?5 ELSE run_after END,"
                 " lease_owner = CASE WHEN ?1 = 'queued' THEN NULL ELSE lease_owner END,"
                 " lease_expires_at = NULL"
                 " WHERE id = ?6 AND state = 'running' AND lease_owner = ?7");
  done.add_text(state).add_text(stored).add_text(error).add(now).add(run_after).add(job_id)
      .add_text(worker_id);
  done.run();
  if (changes(session.db()) == 0) lease_lost(session.db(), job_id, worker_id);
  scope.commit();
}

}  // namespace hsd::plugins::sqlite
