// The fixture of the comparison and drift watch service tests: the GitHub fixture (fake GitHub,
// fake HubSpot, the real `hsdeploy serve`, an owner) with a HubSpot source, a GitHub connection
// with acme/hubspot-config and a backup of the source into it, and helpers for what the tests
// repeat: creating comparisons, waiting for them (on the API, never on time), retrieving,
// running the backup, and a member, an admin and another workspace's owner.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

#include "github_service_fixture.hpp"

namespace hsd::testing {

inline std::string str(std::int64_t value) { return std::to_string(value); }
inline std::string comparison_path(std::int64_t id) { return "/api/v1/comparisons/" + str(id); }
inline std::string watch_path(std::int64_t id) { return "/api/v1/watches/" + str(id); }

class ComparisonServiceTest : public GitHubServiceTest {
 protected:
  // Starts everything, connects the source, the GitHub account and the repository, adds the
  // backup and runs it once (so that the backup side has a commit to read).
  void SetUp() override;

  // A member, an admin and another workspace's owner, with their tokens.
  void add_people();

  // POST .../comparisons as `token` with `body`, asserting 202 and the answer's shape; the
  // comparison's view.
  Poco::JSON::Object::Ptr create(const std::string& body, const std::string& token = "");
  // Polls GET /api/v1/comparisons/{id} until its status is completed or error; the view.
  Poco::JSON::Object::Ptr wait_comparison(std::int64_t id);
  // create + wait_comparison, asserting it completed.
  Poco::JSON::Object::Ptr compare(const std::string& body);
  // Every change of a comparison, following `next` with `query` (e.g. "&kind=added") and pages
  // of `limit`.
  Poco::JSON::Array::Ptr all_changes(std::int64_t id, const std::string& query = "", int limit = 500);

  // Queues a retrieval of the source and waits for its job to succeed.
  void retrieve();
  // Runs the backup and waits for its job to succeed.
  void run_backup();

  // {"connection": source} / {"backup": backup}
  std::string source_side() const { return "{\"connection\":" + str(source_) + "}"; }
  std::string backup_side() const { return "{\"backup\":" + str(backup_) + "}"; }

  std::int64_t source_ = 0;
  std::int64_t github_connection_ = 0;
  std::int64_t repository_ = 0;
  std::int64_t backup_ = 0;
  std::string member_, admin_;
  Bootstrapped outsider_;
};

}  // namespace hsd::testing
