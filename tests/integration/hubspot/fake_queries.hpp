// Questions the HubSpot end-to-end tests (CLI and service) ask the fake: whether a refresh
// token is still alive (through its introspection endpoint, as a client would) and how often a
// path was requested.
#pragma once

#include <cstdint>
#include <string>

#include "hsd/fakes/fake_hubspot.hpp"

namespace hsd::testing {

bool refresh_token_active(fakes::FakeHubSpot& fake, const std::string& refresh_token);
std::uint64_t requests_to(const fakes::FakeHubSpot& fake, const std::string& path);

}  // namespace hsd::testing
