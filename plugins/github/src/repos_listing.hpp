// repos_available: the accounts a token acts for and every repository it can see, for the
// engine to offer as backup targets. /user/repos already holds the organisation repositories
// the user is a member of; each organisation's own listing adds those reachable only through
// the organisation (and fails visibly, as a warning, where an organisation restricts access).
#pragma once

#include "api_client.hpp"

#include <hsd/sdk.hpp>

#include <string>

namespace hsd::plugins::github {

/** The repos_available output: {"accounts": [...], "repositories": [...], "warnings": [...]}. */
hsd::sdk::Result<std::string> list_available_repositories(ApiClient& api);

}  // namespace hsd::plugins::github
