// The fixture of the service tests of the GitHub target: an in-process fake GitHub (user
// octocat, member of organisation acme, with a private acme/hubspot-config on branches main and
// dev and a public octocat/notes), an in-process fake HubSpot as the backup source, the real
// `hsdeploy serve` configured against both, an owner, and helpers for what the tests repeat:
// connecting over the API, adding repositories and backups, waiting for jobs on the jobs API
// (never on time), the browser's side of the OAuth consent, reading the fake's bare
// repositories with git, and the database's bytes.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hsd/fakes/fake_github.hpp"
#include "hsd/fakes/fake_hubspot.hpp"
#include "service_harness.hpp"

namespace hsd::testing {

/**
 * A forwarding proxy that keeps every request and answer whole (method, target, bodies), put in
 * front of the fake's web face so that a test sees what hsdeploy sent to the token endpoint
 * (the PKCE verifier) and what it got back (the access token). Plain request/answer only: no
 * git smart HTTP goes through it.
 */
class BodyRecordingProxy {
 public:
  struct Exchange {
    std::string method;
    std::string target;  ///< path and query as sent
    std::string request_body;
    int status = 0;
    std::string response_body;
  };

  explicit BodyRecordingProxy(std::uint16_t target_port);
  ~BodyRecordingProxy();
  BodyRecordingProxy(const BodyRecordingProxy&) = delete;
  BodyRecordingProxy& operator=(const BodyRecordingProxy&) = delete;

  std::string base_url() const;
  std::vector<Exchange> exchanges() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/** A value of an application/x-www-form-urlencoded body or a URL's query ("" when absent). */
std::string form_value(const std::string& form, const std::string& name);
std::string query_value(const std::string& url, const std::string& name);
/** base64url(SHA-256(text)) without padding: the S256 code challenge of a verifier. */
std::string s256(const std::string& text);

class GitHubServiceTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::seconds kWait{20};
  /** Backups run git against the fake: give them longer. */
  static constexpr std::chrono::seconds kBackupWait{90};
  static constexpr const char* kLogin = "octocat";
  static constexpr const char* kOrg = "acme";
  static constexpr const char* kRepo = "acme/hubspot-config";
  static constexpr const char* kPublicRepo = "octocat/notes";
  static constexpr const char* kCallbackUri = "http://ui.test/api/v1/oauth/github/callback";
  static constexpr const char* kPat = "pat-na1-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
  /** No scheduler activity during a test that does not ask for it. */
  static constexpr const char* kQuietScheduler =
      "scheduler_tick: 1h, retrieve_interval: 0, repository_check_interval: 0";

  GitHubServiceTest();
  ~GitHubServiceTest() override;

  /**
   * Starts both fakes and the service: engine.yaml with `service:` keys as given and
   * connectors.github (api_base_url, web_base_url, client_id, client_secret) and
   * connectors.hubspot pointing at the fakes; with web_through_proxy, web_base_url is a
   * BodyRecordingProxy in front of the fake's web face. Bootstraps owner@acme.test in
   * workspace "acme".
   */
  void start(const std::string& service_keys = kQuietScheduler, bool web_through_proxy = false);

  fakes::FakeGitHub& github() { return *github_; }
  fakes::FakeHubSpot& hubspot() { return *hubspot_; }
  BodyRecordingProxy& web_proxy() { return *web_proxy_; }
  ServiceUnderTest& service() { return *service_; }
  const ApiClient& api() { return service_->api(); }
  const Bootstrapped& owner() const { return owner_; }
  std::string ws_path() const { return "/api/v1/workspaces/" + std::to_string(owner_.workspace_id); }
  std::int64_t user_id() const { return user_id_; }
  const fakes::CreatedRepo& repo() const { return repo_; }
  const fakes::CreatedRepo& public_repo() const { return public_repo_; }

  /** A classic token of octocat with these scopes. */
  std::string classic_token(const std::vector<std::string>& scopes = {"repo", "read:org"});
  /** POST connections {"plugin":"github","token"} as the owner, asserting 201; the id. */
  std::int64_t connect_github(const std::string& token);
  /** Registers a private app token with the fake HubSpot, connects it as the owner (201) and
   *  waits on the jobs API for its first retrieval to succeed; the id. */
  std::int64_t connect_hubspot(const std::string& token = kPat);
  /** POST connections/{id}/repos as the owner, asserting 201; the stored repository's id. */
  std::int64_t add_repo(std::int64_t connection, const std::string& full_name);
  /** POST connections/{source}/backups as the owner, asserting 201; the backup's id. */
  std::int64_t add_backup(std::int64_t source, const std::string& body);

  /** GET as the owner, asserting 200; the body as an array / object (empty on failure). */
  Poco::JSON::Array::Ptr get_array(const std::string& path);
  Poco::JSON::Object::Ptr get_object(const std::string& path);
  /** The workspace's audit log, newest first. */
  Poco::JSON::Array::Ptr audit();
  /** The audit entries with this action, newest first. */
  std::vector<Poco::JSON::Object::Ptr> audit_entries(const std::string& action);

  /** Polls GET /api/v1/jobs?connection= until the job is succeeded, failed or cancelled; the job
   *  (null, and a failure, past the deadline). */
  Poco::JSON::Object::Ptr wait_job(std::int64_t connection, std::int64_t job, std::chrono::seconds timeout = kBackupWait);
  /** Polls `done` every 20 ms until it holds; false (and a failure) past the deadline. */
  bool poll_until(const std::function<bool()>& done, const std::string& what, std::chrono::seconds timeout = kWait);
  /**
   * Waits for a service log line containing every needle. Past the deadline the service is
   * killed (so that the wait ends) and the test fails. "" when none came.
   */
  std::string wait_log(const std::vector<std::string>& needles, std::chrono::seconds timeout = kWait);

  /** GET /api/v1/oauth/github/start?workspace=ws with `token`. */
  HttpReply oauth_start(const std::string& token, std::int64_t workspace);
  /** The browser at the consent page: GETs the URL; the 302's Location ("" and a failure otherwise). */
  std::string consent(const std::string& authorize_url);
  /** The browser coming back: GETs the path and query of `location` at the service, with no token. */
  HttpReply follow_to_service(const std::string& location);

  /** `git --git-dir=<bare> args...`: its stdout without the trailing newline; fails the test on a non-zero exit. */
  std::string git(const std::string& bare, const std::vector<std::string>& args);
  std::string branch_tip(const std::string& bare, const std::string& branch) {
    return git(bare, {"rev-parse", "refs/heads/" + branch});
  }
  /** The bytes of the service's database files (the database, its WAL and journal). */
  std::string database_bytes() const;

 private:
  std::unique_ptr<fakes::FakeGitHub> github_;
  std::unique_ptr<fakes::FakeHubSpot> hubspot_;
  std::unique_ptr<BodyRecordingProxy> web_proxy_;
  std::unique_ptr<ServiceUnderTest> service_;
  Bootstrapped owner_;
  std::int64_t user_id_ = 0;
  fakes::CreatedRepo repo_;
  fakes::CreatedRepo public_repo_;
};

}  // namespace hsd::testing
