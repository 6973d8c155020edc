// The metadata endpoints: account info, custom object schemas, properties, v4 flows (list,
// get, batch read) and forms, each under its date-versioned path and its legacy aliases.
#pragma once

#include "router.hpp"

namespace hsd::fakes::detail {

void add_data_routes(Router& router);

}  // namespace hsd::fakes::detail
