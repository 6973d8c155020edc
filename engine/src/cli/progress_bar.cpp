#include "progress_bar.hpp"

#include <ostream>

namespace hsd::engine::cli {

ProgressBar::~ProgressBar() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
}

void ProgressBar::step_started(std::string_view step_id, std::string_view uses) {
  step_ = std::string(step_id) + " (" + std::string(uses) + ")";
  type_.clear();
  done_ = total_ = 0;
  draw(true);
}

void ProgressBar::progress(std::string_view type, std::uint64_t done, std::uint64_t total) {
  type_ = type;
  done_ = done;
  total_ = total;
  draw(false);
}

void ProgressBar::draw(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  std::string line = "\r\033[K" + step_;
  if (!type_.empty()) {
    constexpr int kWidth = 24;
    const int filled = total_ ? static_cast<int>(kWidth * done_ / total_) : 0;
    line += " " + type_ + " [" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] " +
            std::to_string(done_) + (total_ ? "/" + std::to_string(total_) : "");
  }
  out_ << line << std::flush;
}

}  // namespace hsd::engine::cli
