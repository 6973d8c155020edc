// The consent page and the token, introspect and revoke endpoints (every version's path).
#pragma once

#include <string>
#include <vector>

#include "router.hpp"

namespace hsd::fakes::detail {

void add_oauth_routes(Router& router);

/** The token endpoint's success body for a freshly issued pair. */
std::string token_response_json(const FakeState& state, const TokenPair& pair);

}  // namespace hsd::fakes::detail
