// The secrets the log must never show, indexed so that redacting a line costs one hash lookup
// per character whatever the number of secrets (a service holds thousands of tokens), and
// bounded: past the cap the oldest are forgotten, which are rotated-out tokens that no longer
// work. Thread-safe; lookups share the lock.
#pragma once

#include <cstddef>
#include <deque>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hsd::engine::log::detail {

class SecretIndex {
 public:
  static constexpr std::size_t kMinLength = 6;  // shorter values would redact ordinary words

  explicit SecretIndex(std::size_t capacity) : capacity_(capacity) {}

  void add(std::string_view secret);
  // Replaces every occurrence of a known secret (the longest at each place) with `mark`.
  std::string redact(std::string_view text, std::string_view mark) const;
  std::size_t size() const;

 private:
  void forget_oldest();

  std::size_t capacity_;
  mutable std::shared_mutex mutex_;
  // First kMinLength bytes -> the secrets that start so, longest first.
  std::unordered_map<std::string, std::vector<std::string>> by_prefix_;
  std::deque<std::string> order_;  // oldest first
};

}  // namespace hsd::engine::log::detail
