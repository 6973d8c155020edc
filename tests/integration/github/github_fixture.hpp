// The fixture of the GitHub end-to-end tests: the real hsdeploy binary with the built github,
// hubspot and sqlite plugins and the shipped pipelines, against an in-process fake GitHub (the
// VCS target, port 0) and a fake HubSpot in a helper process (the source a backup writes out). The
// repositories the fake serves are read back with the git CLI only, never with hsdeploy's code.
//
// Every hsdeploy run made through run() is kept, and TearDown checks that no secret the test
// registered (tokens handed to hsdeploy) appears in any of their outputs, in the fake's
// recorded request targets, or in any mirror's git config.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../cli_runner.hpp"
#include "hsd/fakes/fake_github.hpp"
#include "hubspot_source.hpp"

namespace hsd::testing {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr gh_parse_object(const std::string& text);
Array::Ptr gh_parse_array(const std::string& text);
/** JSON text in a canonical form (keys sorted, no spaces), to compare documents, not bytes. */
std::string canonical_json(const std::string& text);
std::vector<std::string> string_values(const Object::Ptr& object, const std::string& key);

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/** Runs a program (found on PATH) and waits for it; stdin is /dev/null. */
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& scratch);

/** What the engine.yaml says to the github plugin, and how the fake GitHub starts. */
struct GitHubSettings {
  int max_rate_limit_wait_seconds = 0;
  bool expiring_tokens = false;
  std::chrono::seconds token_lifetime{28800};
  int device_interval = 0;
};

using ObjectKey = std::pair<std::string, std::string>;  ///< (type, id)

class GitHubCliTest : public ::testing::Test {
 public:
  static constexpr const char* kUser = "octocat";
  static constexpr const char* kOrg = "acme";
  static constexpr const char* kPortalToken = "pat-na1-11111111-2222-3333-4444-555555555555";

  /** Starts both fakes, creates the user octocat (member of org acme), writes engine.yaml. */
  void start(GitHubSettings settings = {});
  void TearDown() override;

  fakes::FakeGitHub& gh() { return *gh_; }
  HubSpotSource& hs() { return *hs_; }
  CliRunner& cli() { return *cli_; }
  const std::filesystem::path& scratch() const { return scratch_; }

  /** Runs hsdeploy; the result is kept for the leak check in TearDown. */
  CliResult run(const std::vector<std::string>& args);
  /** Same, with extra environment variables (e.g. a connector's base URL pointed elsewhere). */
  CliResult run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);
  /** Same, with --output json appended, expecting exit 0; the parsed stdout. */
  Object::Ptr run_json_object(const std::vector<std::string>& args);
  Array::Ptr run_json_array(const std::vector<std::string>& args);

  /** A secret that must never show up in outputs, URLs or mirror configs. */
  void add_secret(const std::string& secret) { secrets_.push_back(secret); }

  /** A classic token of octocat (registered as a secret). */
  std::string classic_token(const std::vector<std::string>& scopes = {"repo", "read:org"},
                            const std::string& login = kUser);
  std::string fine_grained_token(const std::vector<std::int64_t>& repository_ids, bool all = false);

  CliResult connect_github(const std::string& token, const std::string& label = "");
  /** connect github --token, asserting success; the connection view. */
  Object::Ptr connect_github_ok(const std::string& token, const std::string& label = "GitHub");
  Array::Ptr connections();

  fakes::CreatedRepo create_repo(const std::string& owner, const std::string& name, bool is_private = false,
                                 std::vector<std::string> branches = {}, bool empty = false);
  CliResult add_repo(const std::string& full_name, const std::string& branch = "",
                     const std::string& connection = "GitHub");
  Object::Ptr add_repo_ok(const std::string& full_name, const std::string& branch = "",
                          const std::string& connection = "GitHub");
  Array::Ptr repos_list();
  /** The stored repository with that stored id; null when absent. */
  Object::Ptr stored_repo(std::int64_t id);

  /** connect hubspot --private-app-token ... --label Portal, then run retrieve; asserts. */
  void connect_portal();
  CliResult retrieve();
  /** (type, id) -> hash of every object in the source's current snapshot. */
  std::map<ObjectKey, std::string> stored_hashes(const std::string& connection = "Portal");
  std::string account_folder(const std::string& path = "") const;

  CliResult add_backup(const std::string& full_name, const std::vector<std::string>& extra = {},
                       const std::string& source = "Portal");
  Object::Ptr add_backup_ok(const std::string& full_name, const std::vector<std::string>& extra = {});
  Array::Ptr backups_list();
  /** backups run ID --output json: the exit code and the run record (null when none printed). */
  std::pair<CliResult, Object::Ptr> run_backup(std::int64_t id);
  Array::Ptr backup_runs(std::int64_t id);

  // The git CLI on the fake's bare repositories.
  ProcessResult git(const std::vector<std::string>& args);
  /** The commit a branch points at in a bare repository; "" when the branch does not exist. */
  std::string tip(const std::string& repo_path, const std::string& branch = "main");
  std::set<std::string> ls_tree(const std::string& repo_path, const std::string& rev);
  std::string show(const std::string& repo_path, const std::string& rev_and_path);
  /** path -> status letter (A, M, D) of `git diff-tree -r --name-status A B`. */
  std::map<std::string, std::string> diff_tree(const std::string& repo_path, const std::string& from,
                                               const std::string& to);
  int commit_count(const std::string& repo_path, const std::string& rev);

  /** Every file's text under <plugins.data_dir>/github/mirrors named `config`. */
  std::vector<std::pair<std::filesystem::path, std::string>> mirror_configs() const;
  /** The fake GitHub's request count for "METHOD /path". */
  int gh_requests(const std::string& route) const;
  /** git smart-HTTP requests the fake saw (info/refs, upload-pack, receive-pack). */
  int gh_git_requests() const;

 private:
  std::unique_ptr<fakes::FakeGitHub> gh_;
  std::unique_ptr<HubSpotSource> hs_;
  std::unique_ptr<CliRunner> cli_;
  std::filesystem::path scratch_;
  std::vector<std::string> secrets_;
  std::vector<CliResult> results_;
};

}  // namespace hsd::testing
