// A forwarding HTTP proxy in front of the fake HubSpot that remembers the tokens going
// through it. The engine seals credentials at rest, so a test that needs the refresh token
// hsdeploy holds (to revoke it in the fake, or to check that deletion revoked it) reads it
// off the wire here instead of reaching into the database or the engine's key.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace hsd::testing {

class RecordingProxy {
 public:
  /** Starts listening on 127.0.0.1 (ephemeral port) and forwards to target_port there. */
  explicit RecordingProxy(std::uint16_t target_port);
  ~RecordingProxy();
  RecordingProxy(const RecordingProxy&) = delete;
  RecordingProxy& operator=(const RecordingProxy&) = delete;

  std::string base_url() const;

  /** refresh_token / access_token of every successful token-endpoint answer, in order. */
  std::vector<std::string> refresh_tokens() const;
  std::vector<std::string> access_tokens() const;
  /** The bearer token of every request that carried one, in order. */
  std::vector<std::string> bearer_tokens() const;

  struct Log {
    mutable std::mutex mutex;
    std::vector<std::string> refresh_tokens;
    std::vector<std::string> access_tokens;
    std::vector<std::string> bearer_tokens;
  };

 private:
  std::uint16_t port_ = 0;
  std::shared_ptr<Log> log_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace hsd::testing
