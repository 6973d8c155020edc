// The REST face under /api/v3: who am I, my orgs, repository lists, one repository, branches,
// and the OAuth app's token revocation.
#pragma once

#include "router.hpp"

namespace hsd::fakes::github_detail {

void add_user_routes(Router& router);     // api_user_handlers.cpp
void add_repo_routes(Router& router);     // api_repo_handlers.cpp
void add_listing_routes(Router& router);  // api_listing_handlers.cpp

}  // namespace hsd::fakes::github_detail
