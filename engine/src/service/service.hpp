// `hsdeploy serve`: the engine as a long-lived service. It owns the job workers, the scheduler
// and the HTTP server, and stops them in the order that loses no work: stop accepting requests,
// stop scheduling, then let running jobs finish up to the grace period and requeue the rest.
#pragma once

#include <memory>
#include <string>

#include "domain/credential_service.hpp"
#include "domain/hash_gate.hpp"
#include "domain/job_workers.hpp"
#include "domain/scheduler.hpp"
#include "domain/session_pool.hpp"
#include "http_server.hpp"

namespace hsd::engine::service {

class Service {
 public:
  static Result<std::unique_ptr<Service>> start(Engine& engine);
  ~Service();

  const std::string& url() const { return http_->url(); }
  void stop();

 private:
  explicit Service(Engine& engine);
  // Gauges read from storage at scrape time: jobs by state, the oldest queued job, drift.
  void register_job_metrics();

  Engine& engine_;
  CredentialService credentials_;
  SessionPool sessions_;
  HashGate password_hashing_;
  std::unique_ptr<JobWorkers> workers_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<ServiceContext> context_;
  std::unique_ptr<HttpServer> http_;
  bool stopped_ = false;
};

}  // namespace hsd::engine::service
