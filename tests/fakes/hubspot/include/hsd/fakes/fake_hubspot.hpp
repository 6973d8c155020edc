// A fake HubSpot API server for tests and demos. It speaks the real wire formats (OAuth,
// account info, schemas, properties, v4 flows, forms), enforces scopes, token lifetimes and
// the ten-secondly rate limit, and lets a test inject faults. Data is generated from a seed,
// serialised once, and exposed through expected_objects() for byte-for-byte comparison.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot_options.hpp"

namespace hsd::fakes {

namespace detail {
struct FakeState;
class Server;
}  // namespace detail

class FakeHubSpot {
 public:
  /** Generates the portal; the server is not listening until start(). */
  explicit FakeHubSpot(FakeHubSpotOptions options = {});
  ~FakeHubSpot();
  FakeHubSpot(const FakeHubSpot&) = delete;
  FakeHubSpot& operator=(const FakeHubSpot&) = delete;

  /** Binds options.host:options.port and starts serving. Throws Poco::Exception on failure. */
  void start();
  /** Stops accepting, aborts open connections and wakes slow answers. Idempotent. */
  void stop();

  std::uint16_t port() const;
  /** `http://127.0.0.1:PORT`, serving both the API and the consent page. */
  std::string base_url() const;

  /** Objects a complete retrieval with options.granted_scopes must produce. */
  std::vector<ExpectedObject> expected_objects() const;
  /** The same for a token holding exactly `scopes`. */
  std::vector<ExpectedObject> expected_objects(const std::vector<std::string>& scopes) const;

  /** What options.portal_variant planted at the current revision, then the objects
   *  options.change_percent changed (empty for kDefault without change_percent). */
  std::vector<PlantedDifference> planted_differences() const;

  FakeStats stats() const;
  void reset_stats();

  void inject_fault(Fault fault);
  void clear_faults();

  /** Kills a refresh token, as an uninstall would: the next refresh gets BAD_REFRESH_TOKEN. */
  void revoke_refresh_token(const std::string& refresh_token);
  /** Regenerates the portal one revision on: some objects relabelled, some added, some removed. */
  int change_portal();
  int revision() const;

  /** Mints an access/refresh token pair without the browser dance; returns the token JSON. */
  std::string issue_token(const std::vector<std::string>& scopes);
  /** Accepts another private app token from now on. */
  void add_private_app_token(const std::string& token, const std::vector<std::string>& scopes);

  const FakeHubSpotOptions& options() const;

 private:
  std::unique_ptr<detail::FakeState> state_;
  std::unique_ptr<detail::Server> server_;
};

}  // namespace hsd::fakes
