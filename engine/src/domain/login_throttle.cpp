#include "login_throttle.hpp"

#include <algorithm>

#include "identity.hpp"

namespace hsd::engine {
namespace {

constexpr int kCompareAndSetAttempts = 8;

ThrottleState state_of(const JsonObject& row) {
  ThrottleState state;
  state.failures = row->getValue<std::int64_t>("failures");
  state.first_failure_at = row->getValue<std::int64_t>("first_failure_at");
  state.blocked_until = row->getValue<std::int64_t>("blocked_until");
  state.updated_at = row->getValue<std::int64_t>("updated_at");
  return state;
}

Result<JsonObject> find_row(Session& session, const std::string& key) {
  Query query;
  query.where.set("key", key);
  auto rows = session.find("login_throttles", query);
  if (!rows) return rows.error();
  return rows->empty() ? JsonObject() : rows->front();
}

}  // namespace

std::int64_t throttle_wait_ms(const ThrottleState& state, std::int64_t now) {
  return state.blocked_until > now ? state.blocked_until - now : 0;
}

ThrottleState after_failure(ThrottleState state, const ThrottlePolicy& policy, std::int64_t now) {
  const std::int64_t quiet_since = std::max(state.updated_at, state.blocked_until);
  if (state.failures > 0 && now - quiet_since >= policy.window_ms) state = ThrottleState{};
  if (state.failures == 0) state.first_failure_at = now;
  state.failures += 1;
  state.updated_at = now;
  if (state.failures >= policy.free_failures) {
    // base * 2^(failures beyond the free ones), capped; the shift is bounded so it cannot overflow.
    const std::int64_t doublings = std::min<std::int64_t>(state.failures - policy.free_failures, 40);
    std::int64_t delay = policy.max_delay_ms;
    if (doublings < 40 && policy.base_delay_ms <= (policy.max_delay_ms >> doublings)) {
      delay = policy.base_delay_ms << doublings;
    }
    state.blocked_until = now + std::min(delay, policy.max_delay_ms);
  }
  return state;
}

std::string account_throttle_key(const std::string& email) { return "account:" + normal_email(email); }
std::string address_throttle_key(const std::string& address) { return "address:" + address; }

Result<std::int64_t> stored_throttle_wait(Session& session, const std::string& key, std::int64_t now) {
  auto row = find_row(session, key);
  if (!row) return row.error();
  if (!*row) return std::int64_t{0};
  return throttle_wait_ms(state_of(*row), now);
}

Status record_throttle_failure(Session& session, const std::string& key, const ThrottlePolicy& policy,
                               std::int64_t now) {
  for (int attempt = 0; attempt < kCompareAndSetAttempts; ++attempt) {
    auto row = find_row(session, key);
    if (!row) return row.error();
    if (!*row) {
      const ThrottleState next = after_failure(ThrottleState{}, policy, now);
      Poco::JSON::Object record;
      record.set("key", key);
      record.set("failures", next.failures);
      record.set("first_failure_at", next.first_failure_at);
      record.set("blocked_until", next.blocked_until);
      record.set("updated_at", next.updated_at);
      auto inserted = session.insert("login_throttles", record);
      if (inserted) return {};
      if (inserted.error().code != ErrorCode::conflict) return inserted.error();
      continue;  // another request counted the first failure at the same moment
    }
    const ThrottleState current = state_of(*row);
    const ThrottleState next = after_failure(current, policy, now);
    Poco::JSON::Object patch;
    patch.set("failures", next.failures);
    patch.set("first_failure_at", next.first_failure_at);
    patch.set("blocked_until", next.blocked_until);
    patch.set("updated_at", next.updated_at);
    Poco::JSON::Object expected;
    expected.set("failures", current.failures);
    expected.set("updated_at", current.updated_at);
    auto updated = session.update("login_throttles", (*row)->getValue<std::int64_t>("id"), patch, expected);
    if (updated) return {};
    if (updated.error().code != ErrorCode::conflict && updated.error().code != ErrorCode::not_found) {
      return updated.error();
    }
  }
  return make_error(ErrorCode::unavailable, "too many sign-in failures are being counted at once; try again shortly");
}

Status clear_throttle(Session& session, const std::string& key) {
  auto row = find_row(session, key);
  if (!row) return row.error();
  if (!*row) return {};
  auto removed = session.remove("login_throttles", (*row)->getValue<std::int64_t>("id"));
  if (!removed && removed.error().code != ErrorCode::not_found) return removed.error();
  return {};
}

}  // namespace hsd::engine
