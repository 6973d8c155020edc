#include "jobs.hpp"

#include <hsd/abi.h>

#include <Poco/JSON/Stringifier.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "json_codec.hpp"
#include "locks.hpp"
#include "migrations.hpp"
#include "records.hpp"
#include "schema.hpp"
#include "storage_error.hpp"

namespace hsd::plugins::postgres {
namespace {

// pg_try_advisory_xact_lock(kConnectionLock, connection id): held by a claim while it decides
// that a connection has no live running job and takes one of its jobs ('hsdc').
constexpr std::int64_t kConnectionLock = 1752396899;
// How many candidates one claim reads at a time.
constexpr std::int64_t kCandidates = 16;

// The salt of job_enqueue's transaction-level locks on a job's identity.
constexpr std::string_view kEnqueueSpace = "hsdeploy enqueue";

std::string job_text(std::int64_t id) { return "job " + std::to_string(id); }

void check_worker(std::string_view worker_id) {
  if (worker_id.empty()) fail(HSD_ERR_INVALID_ARGUMENT, "worker_id must not be empty");
}

// After a lease-guarded UPDATE changed nothing: NOT_FOUND, or CONFLICT naming the holder.
[[noreturn]] void lease_lost(Session& session, std::int64_t job_id, std::string_view worker_id) {
  const Rows q = session.query("SELECT state, lease_owner FROM jobs WHERE id = $1::bigint", Params().add(job_id));
  if (q.size() == 0) fail(HSD_ERR_NOT_FOUND, job_text(job_id) + " does not exist");
  const std::string owner = q.is_null(0, 1) ? "nobody" : "'" + std::string(q.text(0, 1)) + "'";
  fail(HSD_ERR_CONFLICT, "worker '" + std::string(worker_id) + "' lost the lease of " +
                             job_text(job_id) + ": it is " + std::string(q.text(0, 0)) +
                             " and held by " + owner);
}

// Tells every session waiting in job_wait, at commit, that a job may have become claimable.
// (PostgreSQL delivers it when the transaction commits, and not at all when it rolls back.)
void notify_waiters(Session& session, std::string_view context) {
  session.exec(std::string("NOTIFY ") + kJobsChannel, context);
}

// unless_states_json: a JSON array drawn from "queued" and "running".
struct UnlessStates {
  bool queued = false;
  bool running = false;
};

UnlessStates unless_states(std::string_view json) {
  const std::string what = "job_enqueue: unless_states";
  Poco::Dynamic::Var parsed;
  try {
    parsed = Poco::JSON::Parser().parse(std::string(json));
  } catch (const Poco::Exception&) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " is not JSON: " + std::string(json));
  }
  if (parsed.type() != typeid(Poco::JSON::Array::Ptr)) {
    fail(HSD_ERR_INVALID_ARGUMENT, what + " must be a JSON array drawn from \"queued\" and \"running\"");
  }
  UnlessStates states;
  for (const auto& state : *parsed.extract<Poco::JSON::Array::Ptr>()) {
    const std::string name = state.isString() ? state.convert<std::string>() : std::string();
    if (name == "queued") {
      states.queued = true;
    } else if (name == "running") {
      states.running = true;
    } else {
      fail(HSD_ERR_INVALID_ARGUMENT, what + " may hold only \"queued\" and \"running\", not " + state.toString());
    }
  }
  return states;
}

// The claim refuses once another engine has migrated the database past this plugin: its jobs
// may need what this hsdeploy does not know.
void refuse_newer_schema(std::int64_t version) {
  if (version > Migrations::latest()) {
    fail(HSD_ERR_UNSUPPORTED, "the database schema is at version " + std::to_string(version) +
                                  "; this hsdeploy knows up to " + std::to_string(Migrations::latest()));
  }
}

// One round trip of a claim: the applied schema version, then the first of a batch of
// candidates that this claimer locks, the batch's size and its last id (to read on after it).
// Candidates are the oldest runnable jobs (after the id $4 in later batches). A queued job is
// runnable when its connection has no job running under a live lease; a lapsed lease is taken
// over while attempts remain. `state IN (...)` plus a CASE (which no other index matches) leaves
// the planner one way that needs no statistics: jobs_runnable in id order, stopping after $2
// rows. The first batch has no lower bound, which would make the planner fetch and sort every
// queued row when it has no statistics; later batches (only under contention) have one.
// The candidates are then locked one by one, in id order, until one is taken: the nested loop
// over the materialised batch (the only plan a LATERAL reference allows) stops at the first row
// LIMIT 1 takes, so each claimer locks only the one it takes and claimers at once spread over
// the jobs. Locked only while still runnable (FOR UPDATE rechecks a row changed meanwhile);
// SKIP LOCKED: a job another claimer holds is left to it. Two claimers could each see no running
// job for a connection (neither sees the other's uncommitted claim) and both start one: the
// connection's advisory lock, held until the claim commits, makes them take turns, and the
// claim's UPDATE, a later statement, checks the connection again.
std::string claim_candidate_sql(bool after) {
  return "WITH candidates AS MATERIALIZED ("
         "  SELECT id FROM jobs j WHERE state IN ('queued', 'running')" +
         std::string(after ? " AND id > $4::bigint" : "") +
         "  AND CASE state WHEN 'queued' THEN run_after <= $1::bigint"
         "   AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.connection_id = j.connection_id"
         "                   AND r.state = 'running' AND r.lease_expires_at >= $1::bigint)"
         "  ELSE lease_expires_at < $1::bigint AND attempts < max_attempts END"
         "  ORDER BY id LIMIT $2::bigint)"
         " SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations),"
         "  (SELECT l.id FROM candidates c CROSS JOIN LATERAL ("
         "    SELECT id FROM jobs WHERE id = c.id AND state IN ('queued', 'running')"
         "    AND CASE state WHEN 'queued' THEN run_after <= $1::bigint"
         "     ELSE lease_expires_at < $1::bigint AND attempts < max_attempts END"
         "    AND (connection_id IS NULL OR pg_try_advisory_xact_lock($3::bigint # connection_id))"
         "    FOR UPDATE SKIP LOCKED) l"
         "   LIMIT 1),"
         "  (SELECT count(*) FROM candidates), (SELECT max(id) FROM candidates)";
}

}  // namespace

std::string Jobs::enqueue(Session& session, std::string_view record_json,
                          std::string_view unless_states_json) {
  const Entity& jobs = Schema::entity("jobs");
  const UnlessStates states = unless_states(unless_states_json);
  // The identity as it will be stored: params as the codec writes json columns.
  const auto record = parse_object(record_json, "record of jobs");
  if (!record->has("pipeline")) fail(HSD_ERR_INVALID_ARGUMENT, "column jobs.pipeline is required");
  const Value pipeline = to_value(jobs, Schema::column(jobs, "pipeline"), record->get("pipeline"));
  const Value connection = record->has("connection_id")
                               ? to_value(jobs, Schema::column(jobs, "connection_id"), record->get("connection_id"))
                               : Value::null();
  const Value params = record->has("params") ? to_value(jobs, Schema::column(jobs, "params"), record->get("params"))
                                             : Value::of_text("{}");
  const std::string identity = (connection.kind == Value::Kind::null ? "null" : std::to_string(connection.integer)) +
                               std::string(1, '\0') + pipeline.text + std::string(1, '\0') + params.text;
  const AdvisoryKey key = advisory_key(kEnqueueSpace, identity);

  WriteScope scope(session);
  // Until this transaction ends (the caller's, inside one) every enqueue of the same identity
  // waits here, and then sees this one's job: read, then insert, is atomic.
  session.query("SELECT pg_advisory_xact_lock($1::integer, $2::integer)",
                Params().add(std::int64_t{key.high}).add(std::int64_t{key.low}), "job_enqueue");
  // "= $1" or "IS NULL" (never IS NOT DISTINCT FROM, which no index answers): the index on
  // (connection_id, state) finds the few candidates among all the jobs ever run.
  const bool unbound = connection.kind == Value::Kind::null;
  const Rows existing = session.query(
      "SELECT " + jobs.select_list() + " FROM jobs WHERE " +
          (unbound ? "connection_id IS NULL AND $1::bigint IS NULL" : "connection_id = $1::bigint") +
          " AND pipeline = $2::text AND params = $3::text"
          " AND (($4::bigint = 1 AND state = 'queued')"
          "      OR ($5::bigint = 1 AND state = 'running' AND lease_expires_at >= $6::bigint))"
          " ORDER BY id LIMIT 1",
      Params().add(connection).add(pipeline).add(params).add(std::int64_t{states.queued})
          .add(std::int64_t{states.running}).add(now_ms()),
      "job_enqueue");
  std::string row;
  if (existing.size() > 0) {
    row = "{\"job\":" + row_json(existing, 0, jobs) + ",\"joined\":true}";
  } else {
    const std::string job = Records::insert(session, "jobs", record_json);
    notify_waiters(session, "job_enqueue");
    row = "{\"job\":" + job + ",\"joined\":false}";
  }
  scope.commit();
  return row;
}

std::string Jobs::claim(Session& session, std::string_view worker_id, std::int64_t now_ms,
                        std::int64_t lease_ms) {
  check_worker(worker_id);
  if (lease_ms <= 0) fail(HSD_ERR_INVALID_ARGUMENT, "lease_ms must be positive");
  const Entity& jobs = Schema::entity("jobs");
  WriteScope scope(session);
  // Batch after batch until a job is taken: candidates other claimers hold are passed over,
  // and "no job" means that none is runnable and left to take.
  for (std::int64_t after = 0;;) {
    Params params;
    params.add(now_ms).add(kCandidates).add(kConnectionLock << 32);
    if (after > 0) params.add(after);
    const Rows batch = session.query(claim_candidate_sql(after > 0), params, "job_claim");
    refuse_newer_schema(batch.integer(0, 0));
    if (batch.is_null(0, 1)) {
      if (batch.integer(0, 2) < kCandidates) break;
      after = batch.integer(0, 3);
      continue;
    }
    const std::int64_t id = batch.integer(0, 1);
    // Its connection checked again (this statement sees the claim of whoever held the
    // connection's lock before).
    const Rows claimed = session.query(
        "UPDATE jobs SET state = 'running', lease_owner = $1::text,"
        " lease_expires_at = $2::bigint + $3::bigint, started_at = coalesce(started_at, $2::bigint),"
        " attempts = attempts + 1, updated_at = $2::bigint"
        " WHERE id = $4::bigint AND NOT EXISTS (SELECT 1 FROM jobs r"
        "  WHERE r.connection_id = jobs.connection_id AND r.id <> jobs.id"
        "  AND r.state = 'running' AND r.lease_expires_at >= $2::bigint)"
        " RETURNING " + jobs.select_list(),
        Params().add_text(worker_id).add(now_ms).add(lease_ms).add(id), "job_claim");
    if (claimed.size() > 0) {
      std::string row = row_json(claimed, 0, jobs);
      scope.commit();
      return row;
    }
    after = id;  // its connection has a job running after all: read on after it
  }
  fail(HSD_ERR_NOT_FOUND, "no job is ready to run");
}

void Jobs::heartbeat(Session& session, std::int64_t job_id, std::string_view worker_id,
                     std::int64_t now_ms, std::int64_t lease_ms) {
  check_worker(worker_id);
  if (lease_ms <= 0) fail(HSD_ERR_INVALID_ARGUMENT, "lease_ms must be positive");
  WriteScope scope(session);
  // A lease that expired but was not claimed by anyone else is still the worker's to extend.
  const Rows beat = session.query(
      "UPDATE jobs SET lease_expires_at = $1::bigint + $2::bigint, updated_at = $1::bigint"
      " WHERE id = $3::bigint AND state = 'running' AND lease_owner = $4::text",
      Params().add(now_ms).add(lease_ms).add(job_id).add_text(worker_id), "job_heartbeat");
  if (beat.affected() == 0) lease_lost(session, job_id, worker_id);
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
  const Rows done = session.query(
      "UPDATE jobs SET state = $1::text, result = $2::text, error = $3::text, updated_at = $4::bigint,"
      " finished_at = CASE WHEN $1::text = 'queued' THEN NULL ELSE $4::bigint END,"
      " run_after = CASE WHEN $1::text = 'queued' THEN $5::bigint ELSE run_after END,"
      " lease_owner = CASE WHEN $1::text = 'queued' THEN NULL ELSE lease_owner END,"
      " lease_expires_at = NULL"
      " WHERE id = $6::bigint AND state = 'running' AND lease_owner = $7::text",
      Params().add_text(state).add_text(stored).add_text(error).add(now).add(run_after).add(job_id)
          .add_text(worker_id),
      "job_finish");
  if (done.affected() == 0) lease_lost(session, job_id, worker_id);
  // A finished job frees its connection (and a retry is queued again) for the next claim.
  notify_waiters(session, "job_finish");
  scope.commit();
}

}  // namespace hsd::plugins::postgres
