#include "fake_state.hpp"

namespace hsd::fakes::detail {

FakeState::FakeState(FakeHubSpotOptions opts)
    : options(std::move(opts)),
      limiter(options.rate_limit, options.rate_window, options.daily_limit),
      data_(PortalData::build(options.seed, options.sizes, options.hub_id, 0, options.portal_variant,
                              options.change_percent)) {}

std::shared_ptr<const PortalData> FakeState::data() const {
  std::lock_guard lock(mutex_);
  return data_;
}

int FakeState::change_portal() {
  const int next = data()->revision() + 1;
  auto built = PortalData::build(options.seed, options.sizes, options.hub_id, next, options.portal_variant,
                                 options.change_percent);
  std::lock_guard lock(mutex_);
  data_ = std::move(built);
  return next;
}

std::string FakeState::base_url() const {
  std::lock_guard lock(mutex_);
  return base_url_;
}

void FakeState::set_base_url(std::string url) {
  std::lock_guard lock(mutex_);
  base_url_ = std::move(url);
}

std::optional<std::vector<std::string>> FakeState::private_app_scopes(const std::string& token) const {
  std::lock_guard lock(mutex_);
  const auto it = options.private_app_tokens.find(token);
  if (it == options.private_app_tokens.end()) return std::nullopt;
  return it->second;
}

void FakeState::add_private_app_token(const std::string& token, std::vector<std::string> scopes) {
  std::lock_guard lock(mutex_);
  options.private_app_tokens[token] = std::move(scopes);
}

bool FakeState::wait_or_stop(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void FakeState::signal_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  gates.stop();
}

void FakeState::clear_stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  gates.clear_stop();
}

}  // namespace hsd::fakes::detail
