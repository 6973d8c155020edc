#include "hsd/engine/duration.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace hsd::engine::detail {
namespace {

// Far below int64's range, so that the arithmetic on any allowed maximum cannot overflow.
constexpr std::int64_t kLongestMaximum = 10LL * 365 * 24 * 60 * 60 * 1000;

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::chrono::milliseconds max) {
  const std::int64_t limit = std::min<std::int64_t>(max.count(), kLongestMaximum);
  std::int64_t amount = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, ec] = std::from_chars(begin, end, amount);
  if (ec != std::errc() || rest == begin || amount <= 0) return std::nullopt;
  std::string_view unit(rest, static_cast<std::size_t>(end - rest));
  std::int64_t factor = 0;
  if (unit.empty() || unit == "s") {
    factor = 1000;
  } else if (unit == "ms") {
    factor = 1;
  } else if (unit == "m") {
    factor = 60 * 1000;
  } else if (unit == "h") {
    factor = 60 * 60 * 1000;
  } else if (unit == "d") {
    factor = 24 * 60 * 60 * 1000;
  } else {
    return std::nullopt;
  }
  if (amount > limit / factor) return std::nullopt;
  return std::chrono::milliseconds(amount * factor);
}

std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms != 0 && ms % (60 * 60 * 1000) == 0) return std::to_string(ms / (60 * 60 * 1000)) + "h";
  if (ms != 0 && ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace hsd::engine::detail
