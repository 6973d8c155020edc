// The plugin's configuration: the connectors.hubspot block of engine.yaml, handed to create()
// as JSON. Every API path is configurable because HubSpot moves versions (date versions, the
// automation API still in beta); the defaults are the 2026-03 paths where they exist.
#pragma once

#include <hsd/sdk.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hsd::plugins::hubspot {

struct Endpoints {
  std::string token = "/oauth/2026-03/token";
  std::string introspect = "/oauth/2026-03/token/introspect";
  std::string revoke = "/oauth/2026-03/token/revoke";
  std::string authorize = "/oauth/authorize";  // on auth_base_url
  std::string account_info = "/account-info/2026-03/details";
  std::string schemas = "/crm-object-schemas/2026-03/schemas";
  std::string properties = "/crm/properties/2026-03/{objectType}";
  std::string flows = "/automation/v4/flows";
  std::string flows_batch_read = "/automation/v4/flows/batch/read";
  std::string forms = "/marketing/v3/forms";
};

struct Config {
  std::string client_id;
  std::string client_secret;
  std::string redirect_uri;
  std::string api_base_url = "https://api.hubapi.com";
  std::string auth_base_url = "https://app.hubspot.com";
  std::vector<std::string> scopes = {"crm.objects.custom.read", "crm.objects.custom.write",
                                     "crm.schemas.custom.read", "crm.schemas.custom.write",
                                     "crm.schemas.contacts.read", "crm.schemas.deals.read",
                                     "automation", "forms"};
  std::vector<std::string> optional_scopes;
  Endpoints endpoints;
  int rate_limit = 110;  // requests per 10 s per portal; 0 turns the proactive limiter off
  int max_concurrency = 4;
  int max_attempts = 5;
  int flows_page_size = 100;
  int flows_batch_size = 100;
  int forms_page_size = 50;  // HubSpot drops `paging` from forms pages above 50

  bool oauth_configured() const { return !client_id.empty() && !client_secret.empty(); }
  /** api_base_url + path (path starts with '/'). */
  std::string api_url(std::string_view path) const { return api_base_url + std::string(path); }
};

/**
 * Reads the config JSON ({} or empty text means all defaults). An unknown key, a wrong type
 * or an out-of-range value is an HSD_ERR_INVALID_ARGUMENT failure naming the key.
 */
hsd::sdk::Result<Config> parse_config(std::string_view json);

}  // namespace hsd::plugins::hubspot
