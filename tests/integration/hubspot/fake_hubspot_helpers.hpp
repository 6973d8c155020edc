// What the HubSpot end-to-end tests (CLI and service) share about the fake: the small portal
// they run against, whether a refresh token is still alive (asked through its introspection
// endpoint, as a client would), how often a path was requested, and a rate window spent.
#pragma once

#include <cstdint>
#include <string>

#include "hsd/fakes/fake_hubspot.hpp"

namespace hsd::testing {

// A small portal (a second or so per retrieval) with the fake's rate limit off.
fakes::FakeHubSpotOptions small_portal();

bool refresh_token_active(fakes::FakeHubSpot& fake, const std::string& refresh_token);
std::uint64_t requests_to(const fakes::FakeHubSpot& fake, const std::string& path);

// Spends the portal's rate budget from another client (as a second integration would), so that
// a retrieval that follows starts into a full window and is answered 429.
void spend_rate_budget(fakes::FakeHubSpot& fake, int requests);

}  // namespace hsd::testing
