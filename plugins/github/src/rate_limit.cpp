#include "rate_limit.hpp"

#include <hsd/plugins/support/json_reader.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hsd::plugins::github {
namespace {

std::optional<long long> number(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

bool mentions_rate_limit(const std::string& body) {
  std::string message = support::json_string_field(support::parse_json_object(body), "message").value_or("");
  for (auto& c : message) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return message.find("rate limit") != std::string::npos;
}

constexpr int64_t kSecondaryFloorMs = 60'000;

}  // namespace

std::optional<RateLimitHit> classify_rate_limit(const hsd::sdk::HttpResponse& response, int64_t now_ms) {
  if (response.status != 403 && response.status != 429) return std::nullopt;
  RateLimitHit hit;
  if (auto seconds = number(response.header("retry-after"))) {
    hit.kind = RateLimitHit::Kind::kRetryAfter;
    hit.wait_ms = *seconds * 1000;
    hit.known = true;
  } else if (number(response.header("x-ratelimit-remaining")) == 0LL) {
    hit.kind = RateLimitHit::Kind::kPrimary;
    const auto reset = number(response.header("x-ratelimit-reset"));
    if (reset) {
      // One second past the reset absorbs the skew between GitHub's clock and ours.
      hit.wait_ms = std::max<int64_t>(0, *reset * 1000 - now_ms) + 1000;
      hit.known = true;
    } else {
      hit.wait_ms = kSecondaryFloorMs;
    }
  } else if (response.status == 429 || mentions_rate_limit(response.body)) {
    hit.kind = RateLimitHit::Kind::kSecondary;
    hit.wait_ms = kSecondaryFloorMs;
  } else {
    return std::nullopt;
  }
  hit.reset_at_ms = now_ms + hit.wait_ms;
  return hit;
}

}  // namespace hsd::plugins::github
