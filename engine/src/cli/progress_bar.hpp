// A one-line progress display on a terminal for `hsdeploy run`: the current step, the type
// being fetched, and done / total, redrawn at most ten times a second.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "domain/run_observer.hpp"

namespace hsd::engine::cli {

class ProgressBar final : public RunObserver {
 public:
  explicit ProgressBar(std::ostream& out) : out_(out) {}
  ~ProgressBar() override;
  void step_started(std::string_view step_id, std::string_view uses) override;
  void progress(std::string_view type, std::uint64_t done, std::uint64_t total) override;

 private:
  void draw(bool force);
  std::ostream& out_;
  std::string step_;
  std::string type_;
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace hsd::engine::cli
