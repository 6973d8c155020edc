// Everything the request handlers share: options, the current portal revision, OAuth state,
// rate limits, faults and counters. Owned by FakeHubSpot, outlives the HTTP server.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fault_injector.hpp"
#include "hsd/fakes/fake_hubspot_options.hpp"
#include "portal_data.hpp"
#include "rate_limiter.hpp"
#include "request_gates.hpp"
#include "request_stats.hpp"
#include "token_store.hpp"

namespace hsd::fakes::detail {

/** Who made a data call: resolved from the bearer token. */
struct Caller {
  std::vector<std::string> scopes;
  bool private_app = false;
  std::string rate_key;
};

struct FakeState {
  explicit FakeState(FakeHubSpotOptions opts);

  FakeHubSpotOptions options;
  TokenStore tokens;
  RateLimiter limiter;
  FaultInjector faults;
  RequestGates gates;
  RequestStats stats;

  TimePoint now() const { return options.clock ? options.clock() : std::chrono::system_clock::now(); }

  std::shared_ptr<const PortalData> data() const;
  /** Builds revision+1 and swaps it in; requests in flight keep the revision they started with. */
  int change_portal();

  std::string base_url() const;
  void set_base_url(std::string url);

  std::optional<std::vector<std::string>> private_app_scopes(const std::string& token) const;
  void add_private_app_token(const std::string& token, std::vector<std::string> scopes);

  /** Sleeps for a slow-answer fault; returns early (false) when the server stops. */
  bool wait_or_stop(std::chrono::milliseconds delay);
  void signal_stop();
  void clear_stop();

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const PortalData> data_;
  std::string base_url_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

}  // namespace hsd::fakes::detail
