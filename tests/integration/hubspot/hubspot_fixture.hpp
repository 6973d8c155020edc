// The fixture of the HubSpot end-to-end tests: an in-process fake HubSpot (port 0), the real
// hsdeploy binary configured against it, and helpers for the steps every test repeats
// (connect, retrieve, read metadata back, compare with what the fake says it holds).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../cli_runner.hpp"
#include "fake_hubspot_helpers.hpp"
#include "hsd/fakes/fake_hubspot.hpp"
#include "recording_proxy.hpp"

namespace hsd::testing {

using Poco::JSON::Array;
using Poco::JSON::Object;

/** The plugin's side of connectors.hubspot in engine.yaml. */
struct PluginSettings {
  int rate_limit = 0;  ///< requests per 10 s the plugin allows itself; 0 = its limiter off
  int max_concurrency = 4;
  int max_attempts = 5;
  /** REST calls go through a RecordingProxy, so a test can learn the tokens hsdeploy holds. */
  bool through_proxy = false;
};

/** The scopes the plugin asks for by default (its README), as the consent URL sends them. */
const std::vector<std::string>& plugin_default_scopes();

std::string sha256_hex(const std::string& bytes);
Object::Ptr parse_object(const std::string& text);
Array::Ptr parse_array(const std::string& text);

using ObjectKey = std::pair<std::string, std::string>;  ///< (type, id)

/** One GET without following redirects, as a browser's first hop. */
struct HttpAnswer {
  int status = 0;
  std::string location;
  std::string body;
};
HttpAnswer browser_get(const std::string& url);

/** The authorize URL `connect hubspot --oauth` printed, from its line on stderr. */
std::string authorize_url(CliProcess& process);

class HubSpotCliTest : public ::testing::Test {
 protected:
  /** Starts the fake with `options` and writes hsdeploy's engine.yaml pointing at it. */
  void start(fakes::FakeHubSpotOptions options = small_portal(), PluginSettings settings = {});

  fakes::FakeHubSpot& fake() { return *fake_; }
  CliRunner& cli() { return *cli_; }
  RecordingProxy& proxy() { return *proxy_; }

  /** `connect hubspot --oauth [--label <label>] [--output json]`, the test playing the browser:
   *  the consent page at the fake, then its redirect to hsdeploy's loopback listener. A code is
   *  never an option: only a connect flow supplies it. */
  CliResult connect_oauth(const std::string& label = "Portal", bool json = true);
  /** The same, asserting success; returns the connection. */
  Object::Ptr connect_oauth_ok(const std::string& label = "Portal");
  /** Registers `token` with the fake (default scopes) and connects with it. */
  CliResult connect_private_app(const std::string& token, const std::vector<std::string>& extra = {});

  CliResult retrieve(const std::string& connection = "Portal", const std::vector<std::string>& global = {});
  Array::Ptr metadata_list(const std::string& connection = "Portal");
  Object::Ptr show_connection(const std::string& ref = "Portal");

  /** (type, id) -> hash of every stored object of the connection's current snapshot. */
  std::map<ObjectKey, std::string> stored_hashes(const std::string& connection = "Portal");
  /** Stored objects equal `expected` object for object, hash for hash, count for count. */
  void expect_stored_equals(const std::vector<fakes::ExpectedObject>& expected,
                            const std::string& connection = "Portal");
  /** Every byte of the database files (main file, WAL, shared memory). */
  std::string database_bytes() const;

  /** Asks the fake's introspection endpoint whether a refresh token is still alive. */
  bool refresh_token_active(const std::string& refresh_token);

  /** The fake's request count for one path (without query). */
  std::uint64_t requests_to(const std::string& path) const;

 private:
  std::unique_ptr<fakes::FakeHubSpot> fake_;
  std::unique_ptr<RecordingProxy> proxy_;
  std::unique_ptr<CliRunner> cli_;
};

}  // namespace hsd::testing
