// What every /api/v3 call goes through, in GitHub's order: User-Agent check, the OAuth app's
// Basic-auth routes, token authentication (401 Bad credentials), the rate limit (injected or
// spent budget), the handler, then ETag/304 and the x-ratelimit-* and X-OAuth-Scopes headers.
#pragma once

#include "router.hpp"
#include "state.hpp"

namespace hsd::fakes::github_detail {

class ApiPipeline {
 public:
  ApiPipeline();
  Reply handle(GitHubState& state, Request& request) const;

 private:
  Router token_routes_;  // Authorization: Bearer|token
  Router basic_routes_;  // Basic client_id:client_secret
};

}  // namespace hsd::fakes::github_detail
