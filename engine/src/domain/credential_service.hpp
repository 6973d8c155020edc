// CredentialService keeps connections' credentials sealed at rest and fresh: before a
// plugin uses them it refreshes them (through the plugin's "refresh" action) when fewer than
// five minutes remain, one refresh at a time per connection across every engine on the database
// (a named storage lock), and it stores whatever the refresh returned, the refresh token included.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "hsd/engine/engine.hpp"
#include "json_util.hpp"

namespace hsd::engine {

inline constexpr std::int64_t kRefreshMarginMs = 5 * 60 * 1000;
// A refresh holds the connection's lock across engines: a waiter gives up after the timeout
// (retryable); a holder that died keeps it at most for the lease (one refresh is one HTTP call).
inline constexpr std::chrono::milliseconds kRefreshLockTimeout{30'000};
inline constexpr std::chrono::milliseconds kRefreshLockLease{120'000};
// The status code of a connection whose refresh token the plugin refused: only reconnecting
// helps, so the scheduler leaves it alone.
inline constexpr const char* kReauthRequired = "reauth_required";

// What a person reads then, in the plugin's own noun: "Token refresh failed: reconnect the site".
std::string refresh_failed_detail(const Plugin& plugin);

class CredentialService {
 public:
  // lock_timeout: how long a refresh waits for the connection's lock (tests shorten it).
  explicit CredentialService(Engine& engine, std::chrono::milliseconds lock_timeout = kRefreshLockTimeout)
      : engine_(engine), lock_timeout_(lock_timeout) {}

  // Seals and stores credentials (a JSON object) within the caller's transaction, if any.
  Status store(Session& session, std::int64_t connection_id, const JsonObject& credentials);
  // Stores a refresh's credentials within the caller's transaction, and on the connection when
  // that happened (token_refreshed_at, shown beside the expiry) and token_expires_at from the
  // refresh output's expires_in (seconds), when it has one. The updated connection row.
  Result<JsonObject> store_refreshed(Session& session, std::int64_t connection_id, const JsonObject& credentials,
                                     const JsonObject& output);
  // The connection's credentials JSON, unsealed.
  Result<std::string> load(Session& session, std::int64_t connection_id);
  // The credentials, refreshed first when they expire within kRefreshMarginMs or when forced.
  // A refresh the plugin refuses as unauthenticated puts the connection in error.
  Result<std::string> fresh(Session& session, std::int64_t connection_id, bool force,
                            bool* refreshed = nullptr);
  // The credentials, refreshed first when they expire within margin_ms: the scheduler refreshes
  // ahead of the margin above. Re-checked under the connection's lock
  // ("connection:<id>:credentials", held on this session across the plugin's refresh call), so a
  // token another thread or engine just refreshed is not refreshed again. The lock not free
  // within the lock timeout: a retryable UNAVAILABLE naming the connection.
  Result<std::string> fresh_within(Session& session, std::int64_t connection_id, std::int64_t margin_ms,
                                   bool* refreshed = nullptr);

 private:
  std::mutex& lock_for(std::int64_t connection_id);
  Status refresh(Session& session, const JsonObject& connection, const std::string& credentials);

  Engine& engine_;
  std::chrono::milliseconds lock_timeout_;
  std::mutex locks_mutex_;
  std::map<std::int64_t, std::unique_ptr<std::mutex>> locks_;
};

// Registers every string inside a credentials object with the log redactor.
void register_secrets(const JsonObject& credentials);

}  // namespace hsd::engine
