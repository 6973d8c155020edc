// The plugin's configuration: the connectors.github block of engine.yaml, handed to create()
// as JSON. Both base URLs are configurable so that GitHub Enterprise Server and the test
// fakes work: REST calls go to api_base_url, OAuth pages and git to web_base_url.
#pragma once

#include <hsd/sdk.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::github {

/** "hsdeploy/<version of the hsdeploy build>". */
std::string default_user_agent();

struct Config {
  std::string client_id;      // the OAuth (or GitHub App) client id; empty: tokens only
  std::string client_secret;  // needed by the web flow and revoke; not by the device flow
  std::string api_base_url = "https://api.github.com";
  std::string web_base_url = "https://github.com";
  std::vector<std::string> scopes = {"repo", "read:org"};
  std::string user_agent = default_user_agent();  // GitHub refuses requests without one
  int max_rate_limit_wait_seconds = 60;  // longer rate-limit waits fail RATE_LIMITED instead

  std::string api_url(std::string_view path) const { return api_base_url + std::string(path); }
  std::string web_url(std::string_view path) const { return web_base_url + std::string(path); }
};

/**
 * Reads the config JSON ({} or empty text means all defaults). An unknown key, a wrong type
 * or an out-of-range value is an HSD_ERR_INVALID_ARGUMENT failure naming
 * connectors.github.<key>. A key given as null keeps its default.
 */
hsd::sdk::Result<Config> parse_config(std::string_view json);

}  // namespace hsd::plugins::github
