#include "hsd/fakes/fake_github.hpp"

#include "control_ops.hpp"
#include "server.hpp"
#include "state.hpp"

namespace hsd::fakes {

FakeGitHub::FakeGitHub(FakeGitHubOptions options) : state_(std::make_unique<github_detail::GitHubState>(std::move(options))) {}

FakeGitHub::~FakeGitHub() { stop(); }

void FakeGitHub::start() {
  if (server_) return;
  server_ = std::make_unique<github_detail::Server>(*state_, state_->options.host, state_->options.port,
                                             state_->options.max_threads);
  std::lock_guard lock(state_->mutex);
  state_->base_url = "http://" + state_->options.host + ":" + std::to_string(server_->port());
}

void FakeGitHub::stop() {
  if (!server_) return;
  server_->stop();
  server_.reset();
}

std::uint16_t FakeGitHub::port() const { return server_ ? server_->port() : 0; }

std::string FakeGitHub::base_url() const {
  std::lock_guard lock(state_->mutex);
  return state_->base_url;
}

std::string FakeGitHub::api_url() const { return base_url() + "/api/v3"; }

std::string FakeGitHub::clone_url(const std::string& full_name) const { return base_url() + "/" + full_name + ".git"; }

std::string FakeGitHub::root() const { return state_->root.string(); }

std::int64_t FakeGitHub::create_user(const UserSpec& spec) { return github_detail::create_user(*state_, spec); }

std::string FakeGitHub::create_token(const TokenSpec& spec) { return github_detail::create_token(*state_, spec); }

void FakeGitHub::revoke_token(const std::string& token) { github_detail::revoke_token(*state_, token); }

void FakeGitHub::expire_tokens(const std::string& token) { github_detail::expire_tokens(*state_, token); }

void FakeGitHub::authorize_sso(const std::string& token, const std::string& org) {
  github_detail::authorize_sso(*state_, token, org);
}

void FakeGitHub::set_oauth_client(const std::string& client_id, const std::string& client_secret,
                                  const std::vector<std::string>& redirect_uris) {
  github_detail::set_oauth_client(*state_, client_id, client_secret, redirect_uris);
}

void FakeGitHub::set_oauth(const OAuthSettings& settings) { github_detail::set_oauth(*state_, settings); }

void FakeGitHub::queue_device_answers(const std::vector<DeviceAnswer>& answers) {
  github_detail::queue_device_answers(*state_, answers);
}

CreatedRepo FakeGitHub::create_repo(const RepoSpec& spec) { return github_detail::create_repo(*state_, spec); }

void FakeGitHub::rename_repo(std::int64_t id, const std::string& new_full_name) {
  github_detail::rename_repo(*state_, id, new_full_name);
}

void FakeGitHub::delete_repo(std::int64_t id) { github_detail::delete_repo(*state_, id); }

void FakeGitHub::archive_repo(std::int64_t id, bool archived) { github_detail::archive_repo(*state_, id, archived); }

void FakeGitHub::protect_branch(std::int64_t id, const std::string& branch) {
  github_detail::protect_branch(*state_, id, branch);
}

void FakeGitHub::saml_enforce(const std::string& org, bool enforced) { github_detail::saml_enforce(*state_, org, enforced); }
void FakeGitHub::refuse_git_credentials(bool refuse) { github_detail::refuse_git_credentials(*state_, refuse); }

void FakeGitHub::rate_limit(RateLimitKind kind, int requests, int seconds, int status) {
  github_detail::rate_limit(*state_, kind, requests, seconds, status);
}

void FakeGitHub::clear_rate_limits() { github_detail::clear_rate_limits(*state_); }

void FakeGitHub::advance_clock(std::chrono::seconds by) { state_->advance_clock(by); }

FakeGitHubStats FakeGitHub::stats() const { return state_->stats.snapshot(); }

void FakeGitHub::reset_stats() { state_->stats.reset(); }

void FakeGitHub::reset() { github_detail::reset(*state_); }

}  // namespace hsd::fakes
