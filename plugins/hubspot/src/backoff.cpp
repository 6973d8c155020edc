#include "backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace hsd::plugins::hubspot {
namespace {

double thread_uniform() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
  }
  try {
    return std::stod(std::string(text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

Backoff::Backoff(BackoffPolicy policy, std::function<double()> uniform)
    : policy_(policy), uniform_(uniform ? std::move(uniform) : std::function<double()>(thread_uniform)) {}

std::chrono::milliseconds Backoff::delay(int retry) const {
  const int exponent = std::clamp(retry - 1, 0, 30);
  const double base = std::min(static_cast<double>(policy_.base.count()) * std::ldexp(1.0, exponent),
                               static_cast<double>(policy_.cap.count()));
  const double u = std::clamp(uniform_(), 0.0, 1.0);
  const double factor = 1.0 + policy_.jitter * (2.0 * u - 1.0);
  return std::chrono::milliseconds(static_cast<long long>(std::llround(base * factor)));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view retry_after,
                                                           std::string_view retry_after_ms) {
  constexpr double kLimitMs = 60000.0;
  if (auto ms = parse_number(retry_after_ms); ms && *ms < kLimitMs) {
    return std::chrono::milliseconds(static_cast<long long>(std::llround(*ms)));
  }
  if (auto seconds = parse_number(retry_after); seconds && *seconds * 1000.0 < kLimitMs) {
    return std::chrono::milliseconds(static_cast<long long>(std::llround(*seconds * 1000.0)));
  }
  return std::nullopt;
}

}  // namespace hsd::plugins::hubspot
