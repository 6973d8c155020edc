#include "service.hpp"

#include <Poco/Environment.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"
#include "domain/password_hash.hpp"
#include "routes.hpp"

namespace hsd::engine::service {
namespace {

const char* kLogger = "service";

// Job gauges are read from storage at scrape time, so they count every engine's jobs. The
// global registry outlives a service, so the gauges read whichever service runs now.
std::atomic<SessionPool*>& live_sessions() {
  static std::atomic<SessionPool*> sessions{nullptr};
  return sessions;
}

// The rows a gauge reads at scrape time; a failure throws, and the scrape leaves that gauge out.
std::vector<JsonObject> scrape_rows(const std::string& entity, const Query& query) {
  SessionPool* pool = live_sessions().load();
  if (!pool) throw std::runtime_error("no service is running");
  auto lease = pool->acquire();
  if (!lease) throw std::runtime_error(lease.error().message);
  auto rows = (*lease)->find(entity, query);
  if (!rows) throw std::runtime_error(rows.error().message);
  return *rows;
}

std::vector<JsonObject> jobs_in_state(const std::string& state) {
  Query query;
  query.where.set("state", state);
  return scrape_rows("jobs", query);
}

// Each drift watch that has run, by watched connection and watch: its differences (0 clean).
metrics::Registry::GaugeSamples drift_samples() {
  metrics::Registry::GaugeSamples samples;
  for (const auto& row : scrape_rows("drift_watches", Query())) {
    if (row->getValue<std::string>("state").empty()) continue;  // not run yet: nothing known
    samples.push_back({{row->get("connection_id").toString(), row->get("id").toString()},
                       static_cast<double>(row->getValue<std::int64_t>("differences"))});
  }
  return samples;
}

}  // namespace

// A few sign-ins may wait briefly for a hashing turn (two per turn, at most 1 s, while a hash
// takes well under 100 ms); the rest answer 503 at once instead of holding request threads.
Service::Service(Engine& engine)
    : engine_(engine),
      credentials_(engine),
      sessions_(engine.storage(), static_cast<std::size_t>(engine.config().service.threads)),
      password_hashing_(static_cast<std::size_t>(engine.config().service.password_hash_concurrency),
                        2 * static_cast<std::size_t>(engine.config().service.password_hash_concurrency),
                        std::chrono::milliseconds(1000)) {}

Result<std::unique_ptr<Service>> Service::start(Engine& engine) {
  const auto& config = engine.config().service;
  std::unique_ptr<Service> service(new Service(engine));
  WorkerOptions workers;
  workers.workers = config.workers;
  workers.lease = config.job_lease;
  workers.retry_backoff = config.retry_backoff;
  workers.poll = std::min(config.job_poll, config.job_lease / 2);
  workers.name = Poco::Environment::nodeName() + ":" + std::to_string(::getpid());
  service->workers_ = std::make_unique<JobWorkers>(engine, service->credentials_, workers);
  SchedulerOptions scheduling;
  scheduling.tick = config.scheduler_tick;
  scheduling.refresh_ahead = config.refresh_ahead;
  scheduling.retrieve_interval = config.retrieve_interval;
  scheduling.repository_check_interval = config.repository_check_interval;
  JobWorkers* job_workers = service->workers_.get();
  service->scheduler_ =
      std::make_unique<Scheduler>(engine, service->credentials_, scheduling, [job_workers] { job_workers->wake(); });
  service->context_ = std::make_unique<ServiceContext>(
      ServiceContext{engine, service->credentials_, service->sessions_, *service->workers_, service->password_hashing_});
  // Made now, so that the first sign-in with an unknown e-mail costs one hash like any other.
  (void)dummy_password_hash();
  service->register_job_metrics();
  auto http = HttpServer::start(*service->context_, api_router());
  if (!http) return http.error();
  service->http_ = std::move(*http);
  service->workers_->start();
  service->scheduler_->start();
  log::info(kLogger, "service listening",
            {{"url", service->http_->url()}, {"workers", std::to_string(config.workers)},
             {"threads", std::to_string(config.threads)}});
  return service;
}

Service::~Service() { stop(); }

void Service::stop() {
  if (stopped_) return;
  stopped_ = true;
  log::info(kLogger, "stopping: no new requests; running jobs get the grace period",
            {{"grace_ms", std::to_string(engine_.config().service.shutdown_grace.count())}});
  if (http_) http_->stop();
  if (scheduler_) scheduler_->stop();
  if (workers_) workers_->stop(engine_.config().service.shutdown_grace);
  SessionPool* mine = &sessions_;
  live_sessions().compare_exchange_strong(mine, nullptr);
  log::info(kLogger, "stopped");
}

void Service::register_job_metrics() {
  live_sessions() = &sessions_;
  static std::once_flag registered;
  std::call_once(registered, [] {
    auto& registry = metrics::Registry::global();
    registry.add_gauge_callback("hsd_jobs", "Jobs by state (queued and running, from storage)", {"state"}, [] {
      metrics::Registry::GaugeSamples samples;
      for (const std::string state : {"queued", "running"}) {
        samples.push_back({{state}, static_cast<double>(jobs_in_state(state).size())});
      }
      return samples;
    });
    registry.add_gauge_callback("hsd_jobs_oldest_queued_age_seconds", "Age of the oldest queued job that is due", {},
                                [] {
      const std::int64_t now = now_ms();
      double oldest = 0;
      for (const auto& job : jobs_in_state("queued")) {
        if (job->getValue<std::int64_t>("run_after") > now) continue;
        oldest = std::max(oldest, static_cast<double>(now - job->getValue<std::int64_t>("created_at")) / 1000.0);
      }
      return metrics::Registry::GaugeSamples{{{}, oldest}};
    });
    registry.add_gauge_callback("hsd_drift_differences",
                                "Differences each drift watch found in its last comparison (from storage)",
                                {"connection", "watch"}, drift_samples);
  });
}

}  // namespace hsd::engine::service
