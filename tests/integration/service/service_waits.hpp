// Bounded waits of the service tests: on the API's state (polled) and on the service's log.
// A wait that would block for ever ends at its timeout with a test failure naming what it
// waited for.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "service_harness.hpp"

namespace hsd::testing {

// Re-checks `done` (an API read) until it holds; a failure naming `what` after the timeout.
bool poll_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds timeout);

// The first log line of the service holding every needle. Past the timeout the service is
// killed (its log then ends), and the wait fails naming the needles.
std::string wait_for_log_lines(ServiceUnderTest& service, const std::vector<std::string>& needles,
                               std::chrono::seconds timeout);

}  // namespace hsd::testing
