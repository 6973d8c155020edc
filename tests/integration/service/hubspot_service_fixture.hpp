// The fixture of the service tests against the fake HubSpot: an in-process fake (port 0),
// optionally behind a RecordingProxy that learns the tokens hsdeploy holds, the real
// `hsdeploy serve` configured against it, an owner, and helpers for what the tests repeat:
// the browser's side of the OAuth consent, waiting for log lines under a deadline, reading
// metadata back through the API and the CLI, and reading the database directly.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hsd/fakes/fake_hubspot.hpp"
#include "../hubspot/fake_hubspot_helpers.hpp"
#include "service_harness.hpp"

namespace hsd::testing {

class RecordingProxy;

using ObjectKey = std::pair<std::string, std::string>;  ///< (type, external id)
using ObjectHashes = std::map<ObjectKey, std::string>;  ///< -> content hash

/** (type, id) -> sha256 of the exact bytes, for what the fake says a retrieval must store. */
ObjectHashes hashes_of(const std::vector<fakes::ExpectedObject>& expected);

/** A fault on every request whose path starts with `path`. */
fakes::Fault slow_fault(const std::string& path, std::chrono::milliseconds delay, int count);

/** The lines of `log` (a process's whole stderr) containing every needle, with their offsets. */
std::vector<std::pair<std::size_t, std::string>> lines_with(const std::string& log,
                                                           const std::vector<std::string>& needles);


class HubSpotServiceTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::seconds kWait{15};

  // Out of line, where RecordingProxy is complete.
  HubSpotServiceTest();
  ~HubSpotServiceTest() override;

  /** Starts the fake; with through_proxy, the plugin's REST calls go through a RecordingProxy. */
  void start_fake(fakes::FakeHubSpotOptions options = small_portal(), bool through_proxy = false);
  /**
   * Writes engine.yaml (`service:` keys as given, a connectors.hubspot block pointing at the
   * fake, plus `connector_keys`: more YAML lines of that block), bootstraps owner@acme.test in
   * workspace "acme", and starts the service.
   */
  void start_service(const std::string& service_keys, const std::string& connector_keys = "");

  fakes::FakeHubSpot& fake() { return *fake_; }
  RecordingProxy& proxy() { return *proxy_; }
  ServiceUnderTest& service() { return *service_; }
  const ApiClient& api() { return service_->api(); }
  const Bootstrapped& owner() const { return owner_; }

  /** GET /api/v1/oauth/{plugin}/start?workspace=ws with `token` (none when empty). */
  HttpReply oauth_start(const std::string& token, std::int64_t workspace, const std::string& plugin = "hubspot");
  /** The browser at the consent page: GETs the authorize URL at the fake; the 302's Location. */
  std::string consent(const std::string& authorize_url);
  /** The browser coming back: GETs the path and query of `location` at the service, with no token. */
  HttpReply follow_to_service(const std::string& location);
  /** The whole OAuth flow as the owner, asserting every step; the new connection's id. */
  std::int64_t connect_oauth(std::int64_t workspace);
  /** Registers a private app token with the fake and connects with it over the API; the id. */
  std::int64_t connect_private_app(const std::string& token);

  /**
   * Waits for a service log line containing every needle. Past the deadline the service is
   * killed (so the wait ends) and the test fails, naming what it waited for. "" when none came.
   */
  std::string wait_log(const std::vector<std::string>& needles, std::chrono::seconds timeout = kWait);
  std::string wait_log(const std::string& needle, std::chrono::seconds timeout = kWait) {
    return wait_log(std::vector<std::string>{needle}, timeout);
  }
  /** Polls `done` every 20 ms until it holds or the deadline passes; false (and a failure) then. */
  bool poll_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds timeout = kWait);

  /** GET /api/v1/connections/{id} as the owner, asserting 200. */
  Poco::JSON::Object::Ptr connection(std::int64_t id);
  /** The connection's current metadata through GET .../metadata, every page; snapshot ids seen. */
  ObjectHashes api_metadata(std::int64_t id, std::set<std::int64_t>* snapshots = nullptr);
  /** The same through `hsdeploy metadata list` (works while the service is down). */
  ObjectHashes cli_metadata(std::int64_t id);

  /** The first column of the first row of `query` on the service's database (nullopt: none or NULL). */
  std::optional<std::string> sql_value(const std::string& query);
  std::int64_t sql_int(const std::string& query);
  void sql_exec(const std::string& statement);

  /** Asks the fake's introspection endpoint whether a refresh token is still alive. */
  bool refresh_token_active(const std::string& refresh_token);

  /** The fake's request count for one path (without query). */
  std::uint64_t requests_to(const std::string& path) const;

 private:
  std::unique_ptr<fakes::FakeHubSpot> fake_;
  std::unique_ptr<RecordingProxy> proxy_;
  std::unique_ptr<ServiceUnderTest> service_;
  Bootstrapped owner_;
};

}  // namespace hsd::testing
