// Polling the token endpoint for a device code until the user approves it on GitHub. Polling
// at the server's interval is the protocol: authorization_pending keeps the interval,
// slow_down takes the response's new interval (else adds 5 s), expired_token and
// access_denied end it. The waits are on the call's cancel signal, so a cancelled connect
// returns at once instead of after the interval.
#pragma once

#include "oauth.hpp"

#include <hsd/plugins/support/clock.hpp>

#include <hsd/sdk.hpp>

#include <string>

namespace hsd::plugins::github {

struct DevicePoll {
  std::string device_code;
  long long interval_seconds = 5;
  long long expires_in_seconds = 900;
};

/**
 * Polls until GitHub issues the token. Failures: DEVICE_CODE_EXPIRED ("the device code
 * expired: run connect again"; also when expires_in passes), ACCESS_DENIED (permission
 * denied, "the authorization was refused"), CANCELLED, or the endpoint's other errors.
 */
hsd::sdk::Result<TokenResponse> poll_device_token(OAuthClient& oauth, support::Clock& clock, const support::CancelSignal& stop,
                                                  const DevicePoll& poll, const hsd::sdk::Context& context);

}  // namespace hsd::plugins::github
