// What handlers share: the engine and its services, and, per request, the caller, a pooled
// storage session and the actor for the audit log.
#pragma once

#include <optional>
#include <stdexcept>

#include "api.hpp"
#include "domain/credential_service.hpp"
#include "domain/hash_gate.hpp"
#include "domain/identity.hpp"
#include "domain/job_workers.hpp"
#include "domain/session_pool.hpp"
#include "hsd/engine/engine.hpp"

namespace hsd::engine::service {

struct ServiceContext {
  Engine& engine;
  CredentialService& credentials;
  SessionPool& sessions;
  JobWorkers& workers;
  HashGate& password_hashing;  // caps concurrent scrypt work (service.password_hash_concurrency)
};

// Thrown when no storage session can be had; the server answers 503.
struct StorageUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RequestContext {
 public:
  RequestContext(ServiceContext& service, ApiRequest& request) : service(service), request(request) {}

  ServiceContext& service;
  ApiRequest& request;
  std::optional<Caller> caller;  // set for authenticated routes

  // A pooled session, taken on first use (so /healthz works without storage).
  Session& session() {
    if (!session_) {
      auto lease = service.sessions.acquire();
      if (!lease) throw StorageUnavailable(lease.error().message);
      session_.emplace(std::move(*lease));
    }
    return **session_;
  }
  const Caller& user() const { return *caller; }
  Actor actor() const {
    return Actor{caller ? std::optional<std::int64_t>(caller->user_id) : std::nullopt, request.remote_addr};
  }

 private:
  std::optional<SessionPool::Lease> session_;
};

}  // namespace hsd::engine::service
