// Instance is what create() returns: the plugin configuration and the host table. It holds no
// database connection itself; every session opens its own.
#pragma once

#include <hsd/abi.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace hsd::plugins::postgres {

struct Instance {
  const hsd_host_api* host = nullptr;
  std::string dsn;          // libpq connection string or URI, passed through as given
  std::string password;     // the DSN's password, only to scrub it from messages
  std::string server;       // "host=... port=... dbname=... user=..." for messages (no password)
  int pool_size = 0;        // 0: no limit; else at most this many sessions (connections) at once
  // storage.migrate: what loading does with the schema. auto: applies pending migrations;
  // manual: refuses a database with pending ones; inspect (hsdeploy storage status): neither,
  // only schema_status is meant to be called.
  enum class Migrate { automatic, manual, inspect };
  Migrate migrate = Migrate::automatic;

  // The count of open sessions, shared by the instance's copies.
  struct Slots {
    std::mutex mutex;
    std::condition_variable freed;
    int open = 0;
  };
  std::shared_ptr<Slots> slots = std::make_shared<Slots>();

  // Takes a slot for a new session, waiting up to 10 s for one when pool_size sessions are
  // open; else StorageError(UNAVAILABLE, retryable). release() gives it back.
  void acquire() const;
  void release() const;
};

// Parses {"plugin":"postgres","dsn":"...","pool_size":N,"migrate":"auto|manual|inspect"}
// ("path" is ignored: the engine passes its storage block whole), connects once and applies
// the migrations (auto) or checks that none is pending (manual). Throws StorageError.
// An empty configuration (the engine's, for a storage plugin it does not use) gives an
// instance without a DSN, which opens no sessions.
Instance make_instance(const hsd_host_api* host, std::string_view config_json);

// message with the instance's password (when there is one) replaced by "***".
std::string scrub(const Instance& instance, std::string message);

}  // namespace hsd::plugins::postgres
