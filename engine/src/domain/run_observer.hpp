// What a pipeline run reports while it runs, for a progress bar or a job record.
#pragma once

#include <cstdint>
#include <string_view>

namespace hsd::engine {

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void step_started(std::string_view step_id, std::string_view uses) = 0;
  virtual void progress(std::string_view type, std::uint64_t done, std::uint64_t total) = 0;
};

}  // namespace hsd::engine
