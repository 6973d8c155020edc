#include "clock.hpp"

#include <algorithm>
#include <ctime>

namespace hsd::plugins::github {

int64_t SystemClock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool SystemClock::sleep_for(std::chrono::milliseconds delay, const CancelSignal& stop) {
  constexpr auto kPollHost = std::chrono::milliseconds(200);
  // Deadlines on the steady clock: a wall-clock jump must not stretch or cut a wait.
  const auto deadline = std::chrono::steady_clock::now() + delay;
  for (;;) {
    if (stop.stop_requested()) return false;
    const auto current = std::chrono::steady_clock::now();
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

}  // namespace hsd::plugins::github
