// The HubSpot plugin's FakeHost: the shared fake host (plugins/support/testing) handing out
// HubSpot-shaped tokens and answering an unknown URL the way HubSpot does.
#pragma once

#include <hsd/plugins/support/testing/fake_host.hpp>

namespace hsd::plugins::hubspot::testing {

using support::testing::Recorded;
using support::testing::Scripted;

class FakeHost : public support::testing::FakeHost {
 public:
  FakeHost()
      : support::testing::FakeHost({
            R"({"access_token":"tok-1","refresh_token":"ref-1"})",
            R"({"access_token":"tok-2","refresh_token":"ref-1"})",
            R"({"status":"error","message":"no scripted response","category":"OBJECT_NOT_FOUND"})",
        }) {}
};

}  // namespace hsd::plugins::hubspot::testing
