// Where a request's bearer token comes from: a token being checked by connect (given by the
// user or just issued by GitHub), or the connection's credentials, fetched from the host
// before every request because the host refreshes them when they are about to expire.
#pragma once

#include <hsd/sdk.hpp>

#include <string>

namespace hsd::plugins::github {

class TokenSource {
 public:
  /** Always token; never refreshed. */
  static TokenSource fixed(std::string token);
  /** The connection's credentials.access_token, through context.credentials(). */
  static TokenSource connection(const hsd::sdk::Context& context);

  /** The token to send; force_refresh asks the host to refresh first. */
  hsd::sdk::Result<std::string> get(bool force_refresh = false);
  /** True when the last credentials read held a refresh token (a forced refresh may help). */
  bool refreshable() const { return refreshable_; }

 private:
  const hsd::sdk::Context* context_ = nullptr;
  std::string fixed_;
  bool refreshable_ = false;
};

}  // namespace hsd::plugins::github
