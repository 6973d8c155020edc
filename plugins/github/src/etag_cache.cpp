#include "etag_cache.hpp"

#include "crypto.hpp"

namespace hsd::plugins::github {

std::string EtagCache::key(std::string_view token, std::string_view url) {
  return sha256_hex(token) + " " + std::string(url);
}

void EtagCache::touch(Entry& entry, const std::string& key) {
  recency_.erase(entry.position);
  recency_.push_front(key);
  entry.position = recency_.begin();
}

std::string EtagCache::etag(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? std::string() : it->second.etag;
}

std::optional<hsd::sdk::HttpResponse> EtagCache::response(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  touch(it->second, key);
  return it->second.response;
}

void EtagCache::store(const std::string& key, const hsd::sdk::HttpResponse& response) {
  const std::string etag = response.header("ETag");
  if (response.status != 200 || etag.empty()) return;
  std::lock_guard lock(mutex_);
  if (response.body.size() > max_body_bytes_ || max_entries_ == 0) return;
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.etag = etag;
    it->second.response = response;
    touch(it->second, key);
    return;
  }
  while (entries_.size() >= max_entries_ && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(key);
  entries_.emplace(key, Entry{etag, response, recency_.begin()});
}

void EtagCache::erase(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  recency_.erase(it->second.position);
  entries_.erase(it);
}

size_t EtagCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace hsd::plugins::github
