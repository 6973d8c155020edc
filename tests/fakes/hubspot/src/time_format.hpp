// ISO-8601 UTC timestamps with milliseconds, the format HubSpot's v3+ APIs use.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace hsd::fakes::detail {

std::string iso8601(std::chrono::system_clock::time_point tp);
std::string iso8601_from_epoch_ms(std::int64_t epoch_ms);

}  // namespace hsd::fakes::detail
