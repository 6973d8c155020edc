#include <hsd/plugins/support/clock.hpp>

#include <algorithm>
#include <ctime>

namespace hsd::plugins::support {

int64_t SystemClock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool SystemClock::sleep_until(time_point deadline, const CancelSignal& stop) {
  constexpr auto kPollHost = std::chrono::milliseconds(200);
  for (;;) {
    if (stop.stop_requested()) return false;
    const auto current = now();
    if (current >= deadline) return true;
    stop.wait_until(std::min(deadline, current + kPollHost));
  }
}

std::string iso8601_utc(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace hsd::plugins::support
