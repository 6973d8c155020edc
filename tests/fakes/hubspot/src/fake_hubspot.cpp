#include "hsd/fakes/fake_hubspot.hpp"

#include "fake_state.hpp"
#include "oauth_handlers.hpp"
#include "server.hpp"

namespace hsd::fakes {

PortalSizes PortalSizes::small() { return PortalSizes{}; }

PortalSizes PortalSizes::medium() {
  PortalSizes s;
  s.custom_schemas = 10;
  s.properties_per_schema = 20;
  s.contact_properties = 600;
  s.deal_properties = 300;
  s.flows = 600;
  s.forms = 300;
  return s;
}

PortalSizes PortalSizes::large() {
  PortalSizes s;
  s.custom_schemas = 40;
  s.properties_per_schema = 30;
  s.contact_properties = 3000;
  s.deal_properties = 1500;
  s.archived_properties = 40;
  s.sensitive_properties = 10;
  s.highly_sensitive_properties = 5;
  s.flows = 3000;
  s.forms = 1500;
  s.archived_forms = 20;
  return s;
}

ManualClock::ManualClock(std::chrono::system_clock::time_point start) : now_(start) {}

std::chrono::system_clock::time_point ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::advance(std::chrono::milliseconds by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

Clock ManualClock::as_clock() const {
  return [this] { return now(); };
}

std::vector<std::string> default_granted_scopes() {
  return {"oauth",
          "crm.objects.custom.read",
          "crm.objects.custom.write",
          "crm.schemas.custom.read",
          "crm.schemas.custom.write",
          "crm.schemas.contacts.read",
          "crm.objects.contacts.read",
          "crm.schemas.deals.read",
          "crm.objects.deals.read",
          "automation",
          "forms"};
}

FakeHubSpot::FakeHubSpot(FakeHubSpotOptions options)
    : state_(std::make_unique<detail::FakeState>(std::move(options))) {}

FakeHubSpot::~FakeHubSpot() { stop(); }

void FakeHubSpot::start() {
  if (server_) return;
  state_->clear_stop();
  server_ = std::make_unique<detail::Server>(*state_, state_->options.host, state_->options.port,
                                             state_->options.max_threads);
  state_->set_base_url("http://" + state_->options.host + ":" + std::to_string(server_->port()));
}

void FakeHubSpot::stop() {
  if (!server_) return;
  state_->signal_stop();  // wakes slow answers first so the server's stop does not wait on them
  server_->stop();
  server_.reset();
}

std::uint16_t FakeHubSpot::port() const { return server_ ? server_->port() : 0; }

std::string FakeHubSpot::base_url() const { return state_->base_url(); }

std::vector<ExpectedObject> FakeHubSpot::expected_objects() const {
  return state_->data()->expected(state_->options.granted_scopes);
}

std::vector<ExpectedObject> FakeHubSpot::expected_objects(const std::vector<std::string>& scopes) const {
  return state_->data()->expected(scopes);
}

std::vector<PlantedDifference> FakeHubSpot::planted_differences() const { return state_->data()->planted(); }

FakeStats FakeHubSpot::stats() const { return state_->stats.snapshot(); }

void FakeHubSpot::reset_stats() { state_->stats.reset(); }

void FakeHubSpot::inject_fault(Fault fault) { state_->faults.add(std::move(fault)); }

void FakeHubSpot::clear_faults() { state_->faults.clear(); }

void FakeHubSpot::revoke_refresh_token(const std::string& refresh_token) {
  state_->tokens.revoke_refresh(refresh_token);
}

int FakeHubSpot::change_portal() { return state_->change_portal(); }

int FakeHubSpot::revision() const { return state_->data()->revision(); }

std::string FakeHubSpot::issue_token(const std::vector<std::string>& scopes) {
  const auto pair = state_->tokens.issue(scopes, state_->now() + state_->options.access_token_lifetime);
  return detail::token_response_json(*state_, pair);
}

void FakeHubSpot::add_private_app_token(const std::string& token, const std::vector<std::string>& scopes) {
  state_->add_private_app_token(token, scopes);
}

const FakeHubSpotOptions& FakeHubSpot::options() const { return state_->options; }

}  // namespace hsd::fakes
