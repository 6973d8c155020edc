#include "job_workers.hpp"

#include <algorithm>
#include <random>

#include "connections.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"
#include "pipeline_run.hpp"

namespace hsd::engine {
namespace {

const char* kLogger = "engine.jobs";

std::int64_t backoff_ms(std::chrono::milliseconds base, std::int64_t attempts) {
  const std::int64_t exponent = std::clamp<std::int64_t>(attempts - 1, 0, 10);
  const std::int64_t delay = base.count() << exponent;
  // Up to a quarter more, so that jobs failing together do not retry together.
  thread_local std::mt19937_64 random{std::random_device{}()};
  return delay + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(delay / 4 + 1));
}

// Jobs this process finished, by pipeline and outcome (succeeded, retried, requeued, cancelled,
// failed), for the service's /metrics.
void count_finished(const JsonObject& job, const char* outcome) {
  static auto& finished = metrics::Registry::global().counter(
      "hsd_jobs_finished_total", "Job runs ended by this process, by pipeline and outcome", {"pipeline", "outcome"});
  finished.with({job->getValue<std::string>("pipeline"), outcome}).inc();
}

// An unsuccessful run's result: the error, a retry's time, and the figures the run recorded
// (its HTTP calls) from `figures`.
Poco::JSON::Object error_result(const std::string& message, std::optional<std::int64_t> run_after = std::nullopt,
                                const Poco::JSON::Object& figures = Poco::JSON::Object()) {
  Poco::JSON::Object result;
  result.set("error", message);
  if (run_after) result.set("run_after", *run_after);
  for (const char* key : {"requests", "retries", "rate_limited"}) {
    if (figures.has(key)) result.set(key, figures.get(key));
  }
  return result;
}

}  // namespace

JobWorkers::JobWorkers(Engine& engine, CredentialService& credentials, WorkerOptions options)
    : engine_(engine), credentials_(credentials), options_(std::move(options)) {}

JobWorkers::~JobWorkers() { stop(std::chrono::milliseconds(0)); }

void JobWorkers::start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this, i] { work(i); });
  heartbeat_ = std::thread([this] { beat(); });
  listener_ = std::thread([this] { listen(); });
}

void JobWorkers::wake() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  wake_cv_.notify_all();
}

bool JobWorkers::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::size_t JobWorkers::running_count() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

std::optional<std::string> JobWorkers::claims_stopped() const {
  std::lock_guard lock(mutex_);
  return claims_stopped_;
}

bool JobWorkers::cancel_connection(std::int64_t connection_id, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  auto runs_it = [&] {
    return std::any_of(running_.begin(), running_.end(),
                       [&](const auto& entry) { return entry.second->connection_id == connection_id; });
  };
  for (auto& [id, running] : running_) {
    if (running->connection_id == connection_id) running->cancel = true;
  }
  return changed_cv_.wait_for(lock, wait, [&] { return !runs_it(); });
}

void JobWorkers::stop(std::chrono::milliseconds grace) {
  {
    std::unique_lock lock(mutex_);
    if (stopping_ && threads_.empty() && !heartbeat_.joinable() && !listener_.joinable()) return;
    stopping_ = true;
    listen_cancel_ = true;
    wake_cv_.notify_all();
    changed_cv_.notify_all();
    if (!changed_cv_.wait_for(lock, grace, [&] { return running_.empty(); })) {
      log::warn(kLogger, "jobs still running at the end of the grace period go back to the queue",
                {{"jobs", std::to_string(running_.size())}});
      for (auto& [id, running] : running_) {
        running->requeue = true;
        running->cancel = true;
      }
    }
  }
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  {
    std::lock_guard lock(mutex_);
    heartbeat_stop_ = true;
  }
  changed_cv_.notify_all();
  if (heartbeat_.joinable()) heartbeat_.join();
  if (listener_.joinable()) listener_.join();
}

void JobWorkers::work(int index) {
  const std::string worker_id = options_.name + "/" + std::to_string(index);
  std::optional<Session> session;
  while (!stopping()) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      seen = generation_;
    }
    if (!session) {
      auto opened = engine_.storage().open_session();
      if (opened) session.emplace(std::move(*opened));
      else log::error(kLogger, "worker cannot open storage: " + opened.error().message);
    }
    bool ran = false;
    if (session && !claims_stopped()) {
      if (index == 0) reap_abandoned(*session);
      auto claimed = session->job_claim(worker_id, now_ms(), options_.lease.count());
      if (!claimed && claimed.error().code == ErrorCode::unsupported) {
        stop_claiming(*session, claimed.error());
      } else if (!claimed) {
        log::error(kLogger, "claiming a job failed: " + claimed.error().message);
      } else if (*claimed) {
        run_job(*session, worker_id, *claimed);
        ran = true;
      }
    }
    if (ran) continue;
    std::unique_lock lock(mutex_);
    wake_cv_.wait_for(lock, options_.poll, [&] { return stopping_ || generation_ != seen; });
  }
}

void JobWorkers::stop_claiming(Session& session, const Error& error) {
  std::string reason;
  auto schema = session.schema_status();
  if (schema && schema->newer()) {
    reason = "the database schema is at version " + std::to_string(schema->version) + ", newer than this engine (" +
             std::to_string(schema->supported) +
             "): another engine has migrated it; this engine stops claiming jobs until it is upgraded";
  } else {
    reason = "the storage refused to claim jobs (" + error.message +
             "); this engine stops claiming jobs until it is upgraded";
  }
  {
    std::lock_guard lock(mutex_);
    if (claims_stopped_) return;  // another worker said it already
    claims_stopped_ = reason;
  }
  log::error(kLogger, reason);
}

void JobWorkers::listen() {
  // Long waits: a wake-up ends one at once, and the slices only bound how stale a broken
  // session can get before it is opened again.
  constexpr std::chrono::milliseconds kWait{30'000};
  std::optional<Session> session;
  bool failing = false;
  while (!stopping()) {
    if (!session) {
      auto opened = engine_.storage().open_session();
      if (opened) session.emplace(std::move(*opened));
    }
    Result<bool> woken = session ? session->job_wait(kWait, &listen_cancel_)
                                 : Result<bool>(make_error(ErrorCode::unavailable, "the storage cannot be opened"));
    if (woken) {
      failing = false;
      if (*woken) wake();
      continue;
    }
    const Error& error = woken.error();
    if (error.code == ErrorCode::cancelled) return;
    if (error.code == ErrorCode::unsupported) {
      log::debug(kLogger, "idle workers poll for jobs: " + error.message,
                 {{"poll_ms", std::to_string(options_.poll.count())}});
      return;
    }
    // The database went away: workers poll meanwhile; wait a poll interval and open a new session.
    if (!failing) log::warn(kLogger, "waiting for jobs failed; workers poll until it works again: " + error.message);
    failing = true;
    session.reset();
    std::unique_lock lock(mutex_);
    wake_cv_.wait_for(lock, options_.poll, [&] { return stopping_; });
  }
}

void JobWorkers::beat() {
  auto session = engine_.storage().open_session();
  if (!session) {
    log::error(kLogger, "the heartbeat cannot open storage: " + session.error().message);
    return;
  }
  const auto interval = std::max(options_.lease / 3, std::chrono::milliseconds(50));
  std::unique_lock lock(mutex_);
  while (!heartbeat_stop_) {
    changed_cv_.wait_for(lock, interval, [&] { return heartbeat_stop_; });
    if (heartbeat_stop_) break;
    std::vector<std::shared_ptr<Running>> runs;
    for (const auto& [id, running] : running_) runs.push_back(running);
    lock.unlock();
    for (const auto& running : runs) {
      auto status = session->job_heartbeat(running->job_id, running->worker_id, now_ms(), options_.lease.count());
      if (!status && (status.error().code == ErrorCode::conflict || status.error().code == ErrorCode::not_found)) {
        // Cancelled, deleted, or taken over after a stall: this run must not go on writing.
        log::warn(kLogger, "job lost its lease and stops: " + status.error().message,
                  {{"job", std::to_string(running->job_id)}});
        running->cancel = true;
      } else if (!status) {
        log::error(kLogger, "heartbeat failed: " + status.error().message, {{"job", std::to_string(running->job_id)}});
      }
    }
    lock.lock();
  }
}

void JobWorkers::run_job(Session& session, const std::string& worker_id, const JsonObject& job) {
  auto running = std::make_shared<Running>();
  running->job_id = job->getValue<std::int64_t>("id");
  running->worker_id = worker_id;
  if (!job->isNull("connection_id")) running->connection_id = job->getValue<std::int64_t>("connection_id");
  {
    std::lock_guard lock(mutex_);
    running_[running->job_id] = running;
    // Claimed just as shutdown began: it goes straight back.
    if (stopping_) running->requeue = running->cancel = true;
  }
  const std::string pipeline = job->getValue<std::string>("pipeline");
  log::info(kLogger, "job started", {{"job", std::to_string(running->job_id)}, {"pipeline", pipeline},
                                     {"attempt", job->get("attempts").toString()}});

  PipelineRequest request;
  request.pipeline = pipeline;
  request.params_json = stringify(job->get("params"));
  request.target.actor = Actor{std::nullopt, "worker " + worker_id};
  request.cancel = &running->cancel;
  std::optional<Error> error;
  Poco::JSON::Object success;
  if (running->connection_id) {
    auto connection = session.get("connections", *running->connection_id);
    if (!connection) {
      error = make_error(ErrorCode::not_found, "connection " + std::to_string(*running->connection_id) +
                                                   " no longer exists");
    } else {
      request.target.connection = *connection;
      request.target.plugin = (*connection)->getValue<std::string>("plugin");
      request.target.workspace_id = (*connection)->getValue<std::int64_t>("workspace_id");
    }
  }
  if (!error) {
    auto outcome = run_named_pipeline(engine_, credentials_, request);
    if (outcome) {
      // What the run cost at the provider, whatever its outcome (a failed run's retries and
      // 429s are often why it failed).
      success.set("requests", outcome->http.requests);
      success.set("retries", outcome->http.retries);
      success.set("rate_limited", outcome->http.rate_limited);
    }
    if (!outcome) {
      error = outcome.error();
    } else if (!outcome->report.ok) {
      error = outcome->report.error.value_or(make_error(ErrorCode::internal, "the pipeline failed"));
    } else {
      success.set("objects", outcome->objects);
      Poco::JSON::Object by_type;
      for (const auto& [type, count] : outcome->objects_by_type) by_type.set(type, count);
      success.set("objects_by_type", by_type);
    }
  }
  finish(session, *running, job, error ? &*error : nullptr, success);
  {
    std::lock_guard lock(mutex_);
    running_.erase(running->job_id);
  }
  changed_cv_.notify_all();
}

void JobWorkers::finish(Session& session, const Running& running, const JsonObject& job, const Error* error,
                        const Poco::JSON::Object& success) {
  const std::string job_text = std::to_string(running.job_id);
  auto report = [&](const Status& status) {
    if (!status) log::warn(kLogger, "could not record the job's outcome: " + status.error().message, {{"job", job_text}});
  };
  auto set_status = [&](const std::string& status, const std::string& detail, const std::string& code = "") {
    if (!running.connection_id) return;
    auto updated = set_connection_status(session, *running.connection_id, status, detail, code);
    if (!updated && updated.error().code != ErrorCode::not_found) log::warn(kLogger, updated.error().message);
  };
  if (!error) {
    report(session.job_finish(running.job_id, running.worker_id, "succeeded", success));
    count_finished(job, "succeeded");
    log::info(kLogger, "job succeeded", {{"job", job_text}});
    return;
  }
  const auto attempts = job->getValue<std::int64_t>("attempts");
  const auto max_attempts = job->getValue<std::int64_t>("max_attempts");
  // The job's outcome and the connection's status change together, so that no reader sees a
  // job back in the queue beside a connection in error. (A failed transaction start leaves
  // each write to stand alone, which is no worse.)
  auto together = Transaction::begin(session);
  auto commit = [&] {
    if (together) report(together->commit());
  };
  if (running.requeue) {
    // Shutdown interrupted it: it goes back as it was, without spending an attempt.
    Poco::JSON::Object patch, expected;
    patch.set("attempts", attempts - 1);
    expected.set("lease_owner", running.worker_id);
    expected.set("state", std::string("running"));
    auto undone = session.update("jobs", running.job_id, patch, expected);
    if (!undone) report(undone.error());
    report(session.job_finish(running.job_id, running.worker_id, "queued",
                              error_result("interrupted by a shutdown", now_ms(), success)));
    set_status("pending", "put back in the queue when the service stopped; it runs again at the next start");
    commit();
    count_finished(job, "requeued");
    log::info(kLogger, "job put back in the queue", {{"job", job_text}});
    return;
  }
  if (running.cancel) {
    report(session.job_finish(running.job_id, running.worker_id, "cancelled",
                              error_result(error->message, std::nullopt, success)));
    commit();
    count_finished(job, "cancelled");
    log::info(kLogger, "job cancelled", {{"job", job_text}});
    return;
  }
  if (error->retryable && attempts < max_attempts) {
    const std::int64_t run_after = now_ms() + backoff_ms(options_.retry_backoff, attempts);
    report(session.job_finish(running.job_id, running.worker_id, "queued",
                              error_result(error->message, run_after, success)));
    set_status("pending", "attempt " + std::to_string(attempts) + " of " + std::to_string(max_attempts) +
                              " failed: " + error->message + "; next attempt at " + iso8601(run_after));
    commit();
    count_finished(job, "retried");
    log::warn(kLogger, "job will be retried: " + error->message, {{"job", job_text}, {"run_after", iso8601(run_after)}});
    return;
  }
  report(session.job_finish(running.job_id, running.worker_id, "failed",
                            error_result(error->message, std::nullopt, success)));
  // The pipeline's error handler normally sets this; a run that never started did not.
  if (running.connection_id) {
    auto row = session.get("connections", *running.connection_id);
    if (row && (*row)->getValue<std::string>("status") != "error") set_status("error", error->message, error_status_code(*error));
  }
  commit();
  count_finished(job, "failed");
  log::error(kLogger, "job failed: " + error->message, {{"job", job_text}});
}

void JobWorkers::reap_abandoned(Session& session) {
  Query query;
  query.where.set("state", std::string("running"));
  auto rows = session.find("jobs", query);
  if (!rows) return;
  const std::int64_t now = now_ms();
  for (const auto& job : *rows) {
    if (job->isNull("lease_expires_at") || job->getValue<std::int64_t>("lease_expires_at") >= now) continue;
    const auto attempts = job->getValue<std::int64_t>("attempts");
    if (attempts < job->getValue<std::int64_t>("max_attempts")) continue;  // still claimable
    const std::string message = "its worker stopped while running it " + std::to_string(attempts) +
                                " times (last: " + job->getValue<std::string>("lease_owner") + "); run it again";
    Poco::JSON::Object patch, expected;
    patch.set("state", std::string("failed"));
    patch.set("error", message);
    patch.set("finished_at", now);
    expected.set("state", std::string("running"));
    expected.set("lease_expires_at", job->get("lease_expires_at"));
    auto updated = session.update("jobs", job->getValue<std::int64_t>("id"), patch, expected);
    if (!updated) continue;  // a heartbeat or another reaper got there first
    log::error(kLogger, "job abandoned: " + message, {{"job", job->get("id").toString()}});
    if (!job->isNull("connection_id")) {
      (void)set_connection_status(session, job->getValue<std::int64_t>("connection_id"), "error", "The job " + message,
                                  "worker_lost");
    }
  }
}

}  // namespace hsd::engine
