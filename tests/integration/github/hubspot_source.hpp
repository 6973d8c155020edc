// The fake HubSpot a backup reads from, run as the helper process github_it_fake_hubspot
// (see hubspot_source_main.cpp) and driven through its /__fake/ control endpoints.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"  // ExpectedObject, a plain struct

namespace hsd::testing {

class HubSpotSource {
 public:
  /** Starts the helper and waits for its "listening on" line. Throws when it does not start.
   *  staging: the staging variant (another account's copy of the portal, with planted differences). */
  explicit HubSpotSource(bool staging = false);
  ~HubSpotSource();
  HubSpotSource(const HubSpotSource&) = delete;
  HubSpotSource& operator=(const HubSpotSource&) = delete;

  const std::string& base_url() const { return base_url_; }
  std::uint64_t hub_id() const { return hub_id_; }
  std::uint16_t port() const { return port_; }

  /** Accepts a private app token from now on; no scopes: every scope the portal grants. */
  void add_private_app_token(const std::string& token, const std::vector<std::string>& scopes = {});
  /** The portal's next revision (relabels, additions, removals); returns it. */
  int change_portal();
  /** The objects a complete retrieval must produce, with HubSpot's exact JSON. */
  std::vector<fakes::ExpectedObject> expected_objects();
  /** What the staging variant planted against the default portal (GET /__fake/planted). */
  std::vector<fakes::PlantedDifference> planted();

 private:
  std::string call(const std::string& method, const std::string& path, const std::string& body);

  int pid_ = -1;
  int out_fd_ = -1;
  std::string base_url_;
  std::uint64_t hub_id_ = 0;
  std::uint16_t port_ = 0;
};

}  // namespace hsd::testing
