// Kept-alive HTTP sessions per origin (scheme://host:port), so repeated calls to one API skip
// the TCP and TLS handshakes. A session is owned by one request at a time: taken from the
// pool, used without the lock, and given back only when its connection is reusable.
#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hsd::engine::detail {

class SessionPool {
 public:
  explicit SessionPool(std::size_t max_idle_per_origin) : max_idle_(max_idle_per_origin) {}

  // The most recently returned idle session for the origin, or null.
  std::unique_ptr<Poco::Net::HTTPClientSession> take(const std::string& origin);

  // Keeps the session for reuse unless the origin already has max_idle sessions.
  void give_back(const std::string& origin, std::unique_ptr<Poco::Net::HTTPClientSession> session);

 private:
  std::size_t max_idle_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>>> idle_;
};

// True when the server has closed (or written unexpectedly on) an idle kept-alive connection,
// checked without blocking before the connection is used again.
bool peer_closed(Poco::Net::HTTPClientSession& session);

}  // namespace hsd::engine::detail
