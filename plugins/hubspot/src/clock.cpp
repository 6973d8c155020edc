#include "clock.hpp"

#include <algorithm>

namespace hsd::plugins::hubspot {

bool SteadyClock::sleep_until(time_point deadline, const CancelSignal& stop) {
  constexpr auto kPollHost = std::chrono::milliseconds(200);
  for (;;) {
    if (stop.stop_requested()) return false;
    const auto current = now();
    if (current >= deadline) return true;
    stop.wait_until(std::min(deadline, current + kPollHost));
  }
}

}  // namespace hsd::plugins::hubspot
