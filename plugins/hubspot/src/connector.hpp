// The plugin instance: configuration, the per-portal rate limiters shared by all calls, and
// the actions. Thread-safe: invoke runs concurrently for different connections, and each
// call keeps its own state on its stack.
#pragma once

#include "backoff.hpp"
#include "config.hpp"
#include "rate_limiter_registry.hpp"

#include <hsd/plugins/support/clock.hpp>

#include <hsd/sdk.hpp>

#include <Poco/JSON/Object.h>

#include <functional>
#include <memory>
#include <string_view>

namespace hsd::plugins::hubspot {

class Connector {
 public:
  /** clock: steady in production, virtual in tests; uniform: backoff jitter source (may be empty). */
  Connector(Config config, std::shared_ptr<support::Clock> clock, std::function<double()> uniform = {});

  hsd::sdk::Status invoke(const hsd::sdk::Context& context, std::string_view action, std::string_view input_json);

  const Config& config() const { return config_; }

 private:
  using Object = Poco::JSON::Object::Ptr;
  hsd::sdk::Status oauth_start(const hsd::sdk::Context& context, const Object& params);
  hsd::sdk::Status connect(const hsd::sdk::Context& context, const Object& params);
  hsd::sdk::Status connect_private_app(const hsd::sdk::Context& context, const std::string& token);
  hsd::sdk::Status connect_oauth(const hsd::sdk::Context& context, const std::string& code,
                                 const std::string& redirect_uri);
  hsd::sdk::Status refresh(const hsd::sdk::Context& context, const Object& credentials);
  hsd::sdk::Status retrieve(const hsd::sdk::Context& context, const Object& params, const Object& connection);
  hsd::sdk::Status revoke(const hsd::sdk::Context& context, const Object& credentials);
  Backoff backoff() const;

  const Config config_;
  std::shared_ptr<support::Clock> clock_;
  std::function<double()> uniform_;
  RateLimiterRegistry limiters_;
};

}  // namespace hsd::plugins::hubspot
