// Durations in pipeline and configuration files: "500ms", "30s", "5m", "1h", or an integer number of seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hsd::engine::detail {

// Returns nothing for text that is not a positive duration of at most 24 hours.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact spelling: 1500 -> "1500ms", 120000 -> "2m".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace hsd::engine::detail
