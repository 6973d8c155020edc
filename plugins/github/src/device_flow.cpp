#include "device_flow.hpp"

#include "github_error.hpp"

namespace hsd::plugins::github {

hsd::sdk::Result<TokenResponse> poll_device_token(OAuthClient& oauth, support::Clock& clock, const support::CancelSignal& stop,
                                                  const DevicePoll& poll, const hsd::sdk::Context& context) {
  const int64_t deadline_ms = clock.now_ms() + poll.expires_in_seconds * 1000;
  long long interval = poll.interval_seconds;
  for (int attempt = 0;; ++attempt) {
    // The first poll goes out at once: the user may have approved the code already.
    if (attempt > 0 && !clock.sleep_for(std::chrono::seconds(interval), stop)) return cancelled_failure();
    if (stop.stop_requested()) return cancelled_failure();
    if (clock.now_ms() >= deadline_ms) {
      TokenResponse expired;
      expired.error = "expired_token";
      return token_error_failure(expired);
    }
    auto answer = oauth.poll_device(poll.device_code);
    if (!answer) return answer.failure();
    if (answer->error.empty()) {
      if (answer->access_token.empty()) return malformed_response("POST /login/oauth/access_token", "lacks access_token");
      return answer;
    }
    if (answer->error == "authorization_pending") continue;
    if (answer->error == "slow_down") {
      interval = answer->interval && *answer->interval >= 0 ? *answer->interval : interval + 5;
      context.debug("GitHub asked to poll the device code more slowly: every " + std::to_string(interval) + " s");
      continue;
    }
    return token_error_failure(*answer);
  }
}

}  // namespace hsd::plugins::github
