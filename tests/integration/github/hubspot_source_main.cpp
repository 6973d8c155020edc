// The backup source of the GitHub end-to-end tests: the fake HubSpot with the small portal
// the HubSpot tests use, in its own process. (The fake HubSpot and the fake GitHub libraries
// both define hsd::fakes::detail::JsonWriter and RequestStats, so one test binary cannot link
// both; the tests drive this one through its /__fake/ control endpoints instead.)
// Prints "listening on http://127.0.0.1:PORT hub_id N" once ready; stops on SIGTERM/SIGINT.
// `--portal-variant staging` serves the same portal as another account holds it, with known
// differences planted (hub id 62516), for the comparison tests.
#include <pthread.h>
#include <signal.h>

#include <cstring>
#include <exception>
#include <iostream>

#include "../hubspot/fake_hubspot_helpers.hpp"
#include "hsd/fakes/fake_hubspot.hpp"

int main(int argc, char** argv) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    auto options = hsd::testing::small_portal();
    if (argc == 3 && std::strcmp(argv[1], "--portal-variant") == 0 && std::strcmp(argv[2], "staging") == 0) {
      options.portal_variant = hsd::fakes::PortalVariant::kStaging;
      options.hub_id = 62516;
    } else if (argc != 1) {
      std::cerr << "usage: github_it_fake_hubspot [--portal-variant staging]\n";
      return 2;
    }
    hsd::fakes::FakeHubSpot fake(options);
    fake.start();
    std::cout << "listening on " << fake.base_url() << " hub_id " << fake.options().hub_id << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    fake.stop();
  } catch (const std::exception& e) {
    std::cerr << "github_it_fake_hubspot: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
