// Durations in pipeline and configuration files: "500ms", "30s", "5m", "1h", "30d", or an integer number of seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hsd::engine::detail {

// Longer than any sensible step timeout or backoff: the default maximum.
inline constexpr std::chrono::milliseconds kDefaultMaxDuration{24LL * 60 * 60 * 1000};

// Returns nothing for text that is not a positive duration of at most max.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text,
                                                        std::chrono::milliseconds max = kDefaultMaxDuration);

// The shortest exact spelling: 1500 -> "1500ms", 120000 -> "2m".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace hsd::engine::detail
