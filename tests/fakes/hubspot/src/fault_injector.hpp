// Faults queued by tests or the control endpoint, each for the next N requests whose path
// starts with a prefix. The first matching fault wins and is used up one request at a time.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"

namespace hsd::fakes::detail {

class FaultInjector {
 public:
  void add(Fault fault);
  void clear();
  /** The fault to apply to this request, if any; decrements its count. */
  std::optional<Fault> take(const std::string& path);

 private:
  std::mutex mutex_;
  std::vector<Fault> faults_;
};

}  // namespace hsd::fakes::detail
