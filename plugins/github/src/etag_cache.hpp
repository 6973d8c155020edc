// Conditional GETs: GitHub answers If-None-Match with 304, which does not count against the
// primary rate limit, so a repository checked every few minutes costs almost nothing. The
// cache lives in the plugin instance and is shared by every call, hence thread-safe; it is
// keyed by (SHA-256 of the token, URL) so one token never sees what another was shown, and
// holds no token. Bounded by entry count and body size; the least recently used entry goes.
#pragma once

#include <hsd/sdk.hpp>

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace hsd::plugins::github {

class EtagCache {
 public:
  explicit EtagCache(size_t max_entries = 512, size_t max_body_bytes = 1 << 20)
      : max_entries_(max_entries), max_body_bytes_(max_body_bytes) {}

  /** The key of a (token, URL) pair. */
  static std::string key(std::string_view token, std::string_view url);

  /** The stored ETag for key, or "" when there is none. */
  std::string etag(const std::string& key);
  /** The stored 200 response for key (after a 304). */
  std::optional<hsd::sdk::HttpResponse> response(const std::string& key);
  /** Stores a 200 response carrying an ETag; too large a body is not kept. */
  void store(const std::string& key, const hsd::sdk::HttpResponse& response);
  void erase(const std::string& key);
  size_t size() const;

 private:
  struct Entry {
    std::string etag;
    hsd::sdk::HttpResponse response;
    std::list<std::string>::iterator position;  // in recency_, most recent first
  };
  void touch(Entry& entry, const std::string& key);

  const size_t max_entries_;
  const size_t max_body_bytes_;
  mutable std::mutex mutex_;
  std::list<std::string> recency_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace hsd::plugins::github
