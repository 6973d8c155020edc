// Thread-safe request counters behind FakeHubSpot::stats().
#pragma once

#include <mutex>
#include <string>

#include "hsd/fakes/fake_hubspot_options.hpp"

namespace hsd::fakes::detail {

class RequestStats {
 public:
  void request(const std::string& path);
  void status(int status);  // 0 = connection reset
  void expired_token();
  void fault();
  FakeStats snapshot() const;
  void reset();

 private:
  mutable std::mutex mutex_;
  FakeStats stats_;
};

}  // namespace hsd::fakes::detail
