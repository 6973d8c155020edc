#include "credential_service.hpp"

#include <limits>

#include "connections.hpp"
#include "hsd/engine/log.hpp"
#include "hsd/engine/metrics.hpp"

namespace hsd::engine {
namespace {

// Token refreshes by outcome, for the service's /metrics.
void count_refresh(const char* outcome) {
  static auto& refreshes = metrics::Registry::global().counter(
      "hsd_token_refreshes_total", "OAuth token refreshes, by outcome (ok, failed)", {"outcome"});
  refreshes.with({outcome}).inc();
}

std::string associated_data(std::int64_t connection_id) {
  return "connection:" + std::to_string(connection_id);
}

void register_value(const Poco::Dynamic::Var& value) {
  if (value.isString()) {
    log::add_secret(value.toString());
  } else if (value.type() == typeid(JsonObject)) {
    register_secrets(value.extract<JsonObject>());
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < array->size(); ++i) register_value(array->get(i));
  }
}

// Tokens without an expiry (private app tokens) are never refreshed, even when forced.
bool needs_refresh(const JsonObject& connection, std::int64_t margin_ms) {
  if (!connection->has("token_expires_at") || connection->isNull("token_expires_at")) return false;
  return connection->getValue<std::int64_t>("token_expires_at") - now_ms() <= margin_ms;
}

// When the connection's token was last refreshed; 0 when never.
std::int64_t refreshed_at(const JsonObject& connection) {
  if (!connection->has("token_refreshed_at") || connection->isNull("token_refreshed_at")) return 0;
  return connection->getValue<std::int64_t>("token_refreshed_at");
}

}  // namespace

std::string refresh_failed_detail(const Plugin& plugin) {
  return "Token refresh failed: reconnect the " + plugin.manifest().noun;
}

void register_secrets(const JsonObject& credentials) {
  if (!credentials) return;
  for (const auto& [key, value] : *credentials) register_value(value);
}

Status CredentialService::store(Session& session, std::int64_t connection_id,
                                const JsonObject& credentials) {
  register_secrets(credentials);
  auto sealed = engine_.sealer().seal(stringify(credentials), associated_data(connection_id));
  if (!sealed) return sealed.error();
  Query query;
  query.where.set("connection_id", connection_id);
  auto rows = session.find("credentials", query);
  if (!rows) return rows.error();
  Poco::JSON::Object record;
  record.set("sealed", *sealed);
  if (rows->empty()) {
    record.set("connection_id", connection_id);
    auto inserted = session.insert("credentials", record);
    if (!inserted) return inserted.error();
  } else {
    auto updated = session.update("credentials", rows->front()->getValue<std::int64_t>("id"), record);
    if (!updated) return updated.error();
  }
  return {};
}

Result<std::string> CredentialService::load(Session& session, std::int64_t connection_id) {
  Query query;
  query.where.set("connection_id", connection_id);
  auto rows = session.find("credentials", query);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return make_error(ErrorCode::not_found,
                      "connection " + std::to_string(connection_id) + " has no stored credentials; reconnect it");
  }
  auto plain = engine_.sealer().unseal(rows->front()->getValue<std::string>("sealed"),
                                       associated_data(connection_id));
  if (!plain) {
    return make_error(ErrorCode::unauthenticated,
                      "the credentials of connection " + std::to_string(connection_id) +
                          " do not open with this secret key (was HSD_SECRET_KEY or secrets.key_file changed?)");
  }
  if (auto parsed = parse_object(*plain, "stored credentials")) register_secrets(*parsed);
  return plain;
}

std::mutex& CredentialService::lock_for(std::int64_t connection_id) {
  std::lock_guard guard(locks_mutex_);
  auto& slot = locks_[connection_id];
  if (!slot) slot = std::make_unique<std::mutex>();
  return *slot;
}

Result<std::string> CredentialService::fresh(Session& session, std::int64_t connection_id, bool force,
                                             bool* refreshed) {
  return fresh_within(session, connection_id, force ? std::numeric_limits<std::int64_t>::max() : kRefreshMarginMs,
                      refreshed);
}

Result<std::string> CredentialService::fresh_within(Session& session, std::int64_t connection_id,
                                                    std::int64_t margin_ms, bool* refreshed) {
  if (refreshed) *refreshed = false;
  // One refresh at a time per connection in this process, so that it asks the database for
  // the connection's lock once; callers that waited find the result when they re-read the row.
  std::lock_guard guard(lock_for(connection_id));
  auto connection = session.get("connections", connection_id);
  if (!connection) return connection.error();
  auto credentials = load(session, connection_id);
  if (!credentials) return credentials;
  if (!needs_refresh(*connection, margin_ms)) return credentials;
  // Another engine on the database may be refreshing it right now, and a provider's refresh
  // token is often good for one use only: refresh under the connection's lock, and look again
  // once it is ours.
  const std::string key = "connection:" + std::to_string(connection_id) + ":credentials";
  auto locked = session.lock_acquire(key, lock_timeout_, kRefreshLockLease);
  if (!locked && locked.error().code != ErrorCode::unavailable) return locked.error();
  if (!locked) {
    Error error = make_error(ErrorCode::unavailable,
                             "the credentials of connection " + std::to_string(connection_id) +
                                 " are being refreshed elsewhere: the lock '" + key + "' was not free within " +
                                 std::to_string(lock_timeout_.count()) + " ms; try again");
    error.retryable = true;
    return error;
  }
  auto result = [&]() -> Result<std::string> {
    auto current = session.get("connections", connection_id);
    if (!current) return current.error();
    // Refreshed meanwhile (the expiry moved, or a forced refresh someone else already made).
    const bool refreshed_elsewhere = refreshed_at(*current) != refreshed_at(*connection);
    if (refreshed_elsewhere || !needs_refresh(*current, margin_ms)) return load(session, connection_id);
    auto latest = load(session, connection_id);
    if (!latest) return latest;
    HSD_TRY(refresh(session, *current, *latest));
    if (refreshed) *refreshed = true;
    return load(session, connection_id);
  }();
  auto released = session.lock_release(key);
  if (!released) {
    log::warn("engine.credentials", "releasing the refresh lock failed: " + released.error().message,
              {{"connection", std::to_string(connection_id)}});
  }
  return result;
}

Result<JsonObject> CredentialService::store_refreshed(Session& session, std::int64_t connection_id,
                                                     const JsonObject& credentials, const JsonObject& output) {
  HSD_TRY(store(session, connection_id, credentials));
  const std::int64_t now = now_ms();
  Poco::JSON::Object patch;
  patch.set("token_refreshed_at", now);
  if (output->has("expires_in")) patch.set("token_expires_at", now + output->getValue<std::int64_t>("expires_in") * 1000);
  return session.update("connections", connection_id, patch);
}

Status CredentialService::refresh(Session& session, const JsonObject& connection,
                                  const std::string& credentials) {
  const auto id = connection->getValue<std::int64_t>("id");
  const auto plugin_id = connection->getValue<std::string>("plugin");
  Plugin* plugin = engine_.plugins().find(plugin_id);
  if (!plugin) {
    return make_error(ErrorCode::unavailable, "plugin '" + plugin_id + "' of connection " +
                                                  std::to_string(id) + " is not loaded");
  }
  CallContext call;
  call.http = &engine_.http();
  const std::string input = "{\"params\":{},\"connection\":" + stringify(connection_view(connection)) +
                            ",\"credentials\":" + credentials + "}";
  auto status = plugin->invoke(call, "refresh", input);
  count_refresh(status ? "ok" : "failed");
  if (!status) {
    Error error = status.error();
    if (error.code == ErrorCode::unauthenticated || error.code == ErrorCode::invalid_argument) {
      // The refresh token is dead: only the user can fix it, so stop and say how.
      const std::string detail = refresh_failed_detail(*plugin);
      auto marked = set_connection_status(session, id, "error", detail, kReauthRequired);
      if (!marked) log::error("engine.credentials", marked.error().message);
      log::warn("engine.credentials", "the plugin refused the refresh: " + error.message,
                {{"connection", std::to_string(id)}});
      error.message = detail;
      error.reason = kReauthRequired;
      error.code = ErrorCode::unauthenticated;
      error.retryable = false;
    }
    return error;
  }
  auto output = parse_object(call.output(), "the refresh action's output");
  if (!output) return output.error();
  auto fresh = (*output)->getObject("credentials");
  if (!fresh) {
    return make_error(ErrorCode::internal, "plugin '" + plugin_id + "' refreshed without returning credentials");
  }
  auto transaction = Transaction::begin(session);
  if (!transaction) return transaction.error();
  auto updated = store_refreshed(session, id, fresh, *output);
  if (!updated) return updated.error();
  HSD_TRY(transaction->commit());
  log::info("engine.credentials", "credentials refreshed", {{"connection", std::to_string(id)}});
  return {};
}

}  // namespace hsd::engine
