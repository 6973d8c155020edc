#include "secret_index.hpp"

#include <algorithm>
#include <mutex>

namespace hsd::engine::log::detail {

void SecretIndex::add(std::string_view secret) {
  if (secret.size() < kMinLength) return;
  std::unique_lock lock(mutex_);
  auto& bucket = by_prefix_[std::string(secret.substr(0, kMinLength))];
  if (std::find(bucket.begin(), bucket.end(), secret) != bucket.end()) return;
  bucket.emplace_back(secret);
  std::sort(bucket.begin(), bucket.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  order_.emplace_back(secret);
  if (order_.size() > capacity_) forget_oldest();
}

void SecretIndex::forget_oldest() {
  const std::string oldest = std::move(order_.front());
  order_.pop_front();
  auto found = by_prefix_.find(oldest.substr(0, kMinLength));
  if (found == by_prefix_.end()) return;
  auto& bucket = found->second;
  bucket.erase(std::remove(bucket.begin(), bucket.end(), oldest), bucket.end());
  if (bucket.empty()) by_prefix_.erase(found);
}

std::string SecretIndex::redact(std::string_view text, std::string_view mark) const {
  std::shared_lock lock(mutex_);
  if (by_prefix_.empty() || text.size() < kMinLength) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::string key(kMinLength, '\0');
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + kMinLength <= text.size()) {
      key.assign(text.data() + i, kMinLength);
      if (auto found = by_prefix_.find(key); found != by_prefix_.end()) {
        const auto whole = std::find_if(found->second.begin(), found->second.end(),
                                        [&](const std::string& secret) { return text.substr(i).starts_with(secret); });
        if (whole != found->second.end()) {
          out.append(mark);
          i += whole->size();
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::size_t SecretIndex::size() const {
  std::shared_lock lock(mutex_);
  return order_.size();
}

}  // namespace hsd::engine::log::detail
