// The web face: consent (auto-approved), the token endpoint's three grants, the device flow,
// and the OAuth app's token revocation under /api/v3.
#pragma once

#include "router.hpp"

namespace hsd::fakes::github_detail {

void add_oauth_routes(Router& router);  // oauth_web.cpp
/** POST /login/oauth/access_token (oauth_token.cpp). */
Reply access_token(GitHubState& state, Request& request, const Caller* caller);
/** DELETE /api/v3/applications/{client_id}/token with Basic client_id:client_secret. */
Reply revoke_app_token(GitHubState& state, Request& request, const Caller* caller);

}  // namespace hsd::fakes::github_detail
