#include "sign_in.hpp"

#include <algorithm>

#include "identity.hpp"
#include "login_throttle.hpp"
#include "password_hash.hpp"

namespace hsd::engine {
namespace {

// Longer input is never a password this service stored (check_new_password allows 256
// characters, at most 1 KiB in UTF-8); it is still checked against the dummy hash.
constexpr std::size_t kLongestPasswordBytes = 1024;

std::string email_details(const std::string& email) {
  return "{\"email\":" + stringify(Poco::Dynamic::Var(normal_email(email))) + "}";
}

}  // namespace

Error retry_later(ErrorCode code, const std::string& message, std::int64_t wait_ms) {
  const std::int64_t seconds = std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
  Error error = make_error(code, message);
  error.details_json = "{\"retry_after\":" + std::to_string(seconds) + "}";
  return error;
}

Result<SignedIn> sign_in(Session& session, HashGate& gate, const std::string& email, const std::string& password,
                         const Actor& actor, const SessionTimes& times) {
  const std::string account_key = account_throttle_key(email);
  const std::string address_key = address_throttle_key(actor.remote_addr);
  const std::int64_t started = now_ms();
  auto account_wait = stored_throttle_wait(session, account_key, started);
  if (!account_wait) return account_wait.error();
  auto address_wait = stored_throttle_wait(session, address_key, started);
  if (!address_wait) return address_wait.error();
  if (const std::int64_t wait = std::max(*account_wait, *address_wait); wait > 0) {
    return retry_later(ErrorCode::rate_limited, "too many failed sign-ins; wait before trying again", wait);
  }

  auto found = find_user(session, email);
  if (!found && found.error().code != ErrorCode::not_found) return found.error();
  const JsonObject user = found ? *found : JsonObject();
  const std::string stored = user ? user->getValue<std::string>("password_hash") : std::string();
  bool matched = false;
  {
    auto turn = gate.enter();
    if (!turn) {
      return retry_later(ErrorCode::unavailable, "too many sign-ins are being checked at once; try again in a moment",
                         gate.retry_after_seconds() * 1000);
    }
    const bool real = !stored.empty() && password.size() <= kLongestPasswordBytes;
    const bool verified = verify_password(password, real ? stored : dummy_password_hash());
    matched = real && verified;
  }

  const std::int64_t now = now_ms();
  if (!matched) {
    HSD_TRY(record_throttle_failure(session, account_key, kAccountThrottle, now));
    HSD_TRY(record_throttle_failure(session, address_key, kAddressThrottle, now));
    // The actor is unknown (whoever typed it); the target is the account tried, if it exists.
    audit(session, std::nullopt, actor, "auth.sign_in_failed", "user", user ? user->get("id").toString() : "",
          email_details(email));
    return make_error(ErrorCode::unauthenticated, kWrongCredentials);
  }
  const auto user_id = user->getValue<std::int64_t>("id");
  HSD_TRY(clear_throttle(session, account_key));
  auto issued = create_web_session(session, user_id, actor.remote_addr, times, now);
  if (!issued) return issued.error();
  Actor who = actor;
  who.user_id = user_id;
  audit(session, std::nullopt, who, "auth.sign_in", "user", std::to_string(user_id),
        R"({"session":)" + issued->row->get("id").toString() + "}");
  return SignedIn{user, std::move(*issued)};
}

}  // namespace hsd::engine
