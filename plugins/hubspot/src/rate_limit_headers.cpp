#include "rate_limit_headers.hpp"

#include <cctype>
#include <charconv>

namespace hsd::plugins::hubspot {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<long long> number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

RateLimitHeaders parse_rate_limit_headers(const std::vector<std::pair<std::string, std::string>>& headers) {
  RateLimitHeaders out;
  for (const auto& [name, value] : headers) {
    const std::string key = lower(name);
    if (key.rfind("x-hubspot-ratelimit-", 0) != 0) continue;
    const std::string rest = key.substr(20);
    std::optional<long long>* slot = nullptr;
    if (rest == "max") slot = &out.max;
    else if (rest == "remaining") slot = &out.remaining;
    else if (rest == "interval-milliseconds") slot = &out.interval_ms;
    else if (rest == "daily") slot = &out.daily;
    else if (rest == "daily-remaining") slot = &out.daily_remaining;
    if (slot && !*slot) *slot = number(value);
  }
  return out;
}

}  // namespace hsd::plugins::hubspot
