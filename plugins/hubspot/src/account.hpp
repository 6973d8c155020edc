// The account-info details call: checks a private app token and tells which portal it
// belongs to (private app tokens have no introspection endpoint).
#pragma once

#include "api_client.hpp"
#include "config.hpp"

#include <hsd/sdk.hpp>

#include <string>

namespace hsd::plugins::hubspot {

struct AccountDetails {
  std::string portal_id;
  std::string portal_name;  // 2026-09 and later
  std::string ui_domain;    // app.hubspot.com, app-eu1.hubspot.com, ...
  std::string time_zone;
  std::string account_type;

  /** portalName when HubSpot sent one, else "Portal <id> (<uiDomain>)", else "Portal <id>". */
  std::string display_name() const;
};

/**
 * GET account_info with token as Bearer. A refused token is HSD_ERR_UNAUTHENTICATED with a
 * message saying what to check.
 */
hsd::sdk::Result<AccountDetails> fetch_account_details(ApiClient& api, const Config& config, const std::string& token);

}  // namespace hsd::plugins::hubspot
