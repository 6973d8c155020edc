// The GitHub plugin's FakeHost: the shared fake host (plugins/support/testing) handing out
// GitHub-shaped tokens and answering an unknown URL the way GitHub does.
#pragma once

#include <hsd/plugins/support/testing/fake_host.hpp>

namespace hsd::plugins::github::testing {

using support::testing::Recorded;
using support::testing::Scripted;

class FakeHost : public support::testing::FakeHost {
 public:
  FakeHost()
      : support::testing::FakeHost({
            R"({"access_token":"gho_token1","token_type":"bearer"})",
            R"({"access_token":"ghu_token2","token_type":"bearer","refresh_token":"ghr_2"})",
            R"json({"message":"Not Found (no scripted response)"})json",
        }) {}
};

}  // namespace hsd::plugins::github::testing
