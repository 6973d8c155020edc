// Connecting a GitHub account with the real binary: classic and fine-grained tokens, refused
// tokens, the device flow (pending, slow_down, expired, denied) and expiring app-user tokens
// that are refreshed (and rotated) when GitHub says they expired.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "github_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

using GitHubConnect = GitHubCliTest;

long long now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Every REST request carried GitHub's required headers; the OAuth endpoints asked for JSON.
void expect_github_headers(const fakes::FakeGitHubStats& stats) {
  int api = 0;
  for (const auto& request : stats.recent) {
    if (request.target.rfind("/api/v3/", 0) == 0) {
      ++api;
      EXPECT_THAT(request.header("User-Agent"), HasSubstr("hsdeploy/")) << request.target;
      EXPECT_EQ(request.header("Accept"), "application/vnd.github+json") << request.target;
      EXPECT_EQ(request.header("X-GitHub-Api-Version"), "2022-11-28") << request.target;
    } else if (request.target.rfind("/login/", 0) == 0) {
      EXPECT_FALSE(request.header("User-Agent").empty()) << request.target;
      EXPECT_EQ(request.header("Accept"), "application/json") << request.target;
      EXPECT_EQ(request.header("Authorization"), "") << "a token sent to " << request.target;
    }
  }
  EXPECT_GT(api, 0) << "no REST request was recorded";
}

TEST_F(GitHubConnect, AClassicTokenConnectsWithTheScopesGitHubReportsAndGitHubsHeaders) {
  start();
  const auto token = classic_token({"repo", "read:org"});
  auto connection = connect_github_ok(token);
  EXPECT_EQ(connection->getValue<std::string>("plugin"), "github");
  EXPECT_EQ(connection->getValue<std::string>("kind"), "vcs_target");
  EXPECT_EQ(connection->getValue<std::string>("account_name"), kUser);
  EXPECT_EQ(connection->getValue<std::string>("label"), "GitHub");
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "token");
  EXPECT_THAT(string_values(connection, "scopes_granted"), UnorderedElementsAre("repo", "read:org"));
  EXPECT_THAT(string_values(connection, "warnings"), IsEmpty());
  EXPECT_TRUE(connection->isNull("token_expires_at"));

  // The account was confirmed with GET /user, carrying GitHub's headers and the token only
  // in the Authorization header.
  EXPECT_EQ(gh_requests("GET /api/v3/user"), 1);
  const auto stats = gh().stats();
  expect_github_headers(stats);
  bool bearer = false;
  for (const auto& request : stats.recent) {
    bearer = bearer || request.header("Authorization") == "Bearer " + token ||
             request.header("Authorization") == "token " + token;
  }
  EXPECT_TRUE(bearer) << "the token never went to GitHub in the Authorization header";

  auto list = connections();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("account_name"), kUser);

  // Without a label, the account's login is the label; the same account again updates it.
  auto again = connect_github(token);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(gh_parse_object(again.out)->getValue<int>("id"), connection->getValue<int>("id"));
  EXPECT_EQ(connections()->size(), 1u);
}

TEST_F(GitHubConnect, ATokenWithoutReadOrgConnectsWithAWarningNamingWhatItDisables) {
  start();
  const auto token = classic_token({"repo"});
  auto text = run({"connect", "github", "--token", token, "--label", "GitHub"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("warning: missing scope read:org: organisation repositories are not listed"));
  auto connection = connections()->getObject(0);
  EXPECT_THAT(string_values(connection, "scopes_granted"), UnorderedElementsAre("repo"));
  EXPECT_THAT(string_values(connection, "scopes_missing"), Contains("read:org"));
  EXPECT_THAT(string_values(connection, "warnings"),
              Contains(HasSubstr("read:org: organisation repositories are not listed")));

  // And one without repo: private repositories are out of reach.
  const auto public_only = classic_token({"public_repo", "read:org"});
  auto limited = connect_github(public_only, "Public");
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_THAT(string_values(gh_parse_object(limited.out), "warnings"),
              Contains(HasSubstr("missing scope repo: private repositories cannot be listed or backed up")));
}

TEST_F(GitHubConnect, AFineGrainedTokenConnectsWithAWarningThatAccessIsPerRepository) {
  start();
  const auto token = fine_grained_token({}, true);
  ASSERT_EQ(token.rfind("github_pat_", 0), 0u);
  auto connection = connect_github_ok(token);
  EXPECT_EQ(connection->getValue<std::string>("account_name"), kUser);
  EXPECT_THAT(string_values(connection, "scopes_requested"), IsEmpty());
  EXPECT_THAT(string_values(connection, "warnings"), Contains(HasSubstr("fine-grained token")));
  EXPECT_THAT(string_values(connection, "warnings"), Contains(HasSubstr("per repository")));
}

TEST_F(GitHubConnect, ABadOrRevokedTokenIsRefusedWithGitHubsAnswerAndNothingIsStored) {
  start();
  const std::string unknown = "ghp_" + std::string(36, 'Z');
  add_secret(unknown);
  auto refused = connect_github(unknown);
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("401 Bad credentials"));

  const auto revoked = classic_token();
  gh().revoke_token(revoked);
  auto refused_again = connect_github(revoked, "Revoked");
  EXPECT_EQ(refused_again.exit_code, 1) << refused_again.err;
  EXPECT_THAT(refused_again.err, HasSubstr("401 Bad credentials"));
  EXPECT_EQ(connections()->size(), 0u);
  EXPECT_EQ(gh().stats().by_status.at(401), 2);
}

TEST_F(GitHubConnect, TheOptionsAreTheDirectParametersNeverTheFlowOnesAndTheTokenIsRequiredWithoutAFlow) {
  start();
  auto help = run({"connect", "github", "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_THAT(help.out, HasSubstr("--token VALUE"));
  EXPECT_THAT(help.out, HasSubstr("(required unless --oauth or --device)"));
  EXPECT_THAT(help.out, HasSubstr("--oauth"));
  EXPECT_THAT(help.out, HasSubstr("--device"));
  for (const char* flow_only : {"--code ", "--code-verifier", "--device-code", "--interval", "--expires-in"}) {
    EXPECT_THAT(help.out, Not(HasSubstr(flow_only))) << flow_only;
  }

  auto missing = run({"connect", "github"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_THAT(missing.err, HasSubstr("--token is required unless --oauth or --device is given"));
  auto code = run({"connect", "github", "--code", "abc"});
  EXPECT_EQ(code.exit_code, 2) << code.err;
  EXPECT_THAT(code.err, HasSubstr("unknown option '--code'"));
  auto device_code = run({"connect", "github", "--device-code", "abc"});
  EXPECT_EQ(device_code.exit_code, 2) << device_code.err;
  EXPECT_THAT(device_code.err, HasSubstr("unknown option '--device-code'"));

  EXPECT_EQ(gh().stats().total, 0) << "a refused command line reached GitHub";
  EXPECT_EQ(connections()->size(), 0u);
}

TEST_F(GitHubConnect, AnEmptyOrMalformedTokenIsBadInputNamingTheTokenWithoutAnyRequest) {
  start();
  auto empty = run({"connect", "github", "--token", ""});
  EXPECT_EQ(empty.exit_code, 2) << empty.err;
  EXPECT_THAT(empty.err, HasSubstr("token"));
  EXPECT_THAT(empty.err, HasSubstr("empty"));

  auto bearer = run({"connect", "github", "--token", "Bearer ghp_" + std::string(36, 'a')});
  EXPECT_EQ(bearer.exit_code, 2) << bearer.err;
  EXPECT_THAT(bearer.err, HasSubstr("token"));
  EXPECT_THAT(bearer.err, HasSubstr("Bearer"));

  EXPECT_EQ(gh().stats().total, 0) << "a malformed token was sent to GitHub";
  EXPECT_EQ(connections()->size(), 0u);
}

TEST_F(GitHubConnect, TheDeviceFlowShowsTheCodeHonoursSlowDownAndStoresTheConnection) {
  start();
  gh().queue_device_answers({fakes::DeviceAnswer::kPending, fakes::DeviceAnswer::kSlowDown,
                             fakes::DeviceAnswer::kApprove});
  const auto started = std::chrono::steady_clock::now();
  auto result = run({"connect", "github", "--device", "--label", "Device", "--output", "json"});
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The user code and where to enter it are shown on stderr.
  EXPECT_THAT(result.err, HasSubstr(gh().base_url() + "/login/device"));
  EXPECT_TRUE(std::regex_search(result.err, std::regex("\\b[A-Z0-9]{4}-[A-Z0-9]{4}\\b"))) << result.err;

  auto connection = gh_parse_object(result.out);
  EXPECT_EQ(connection->getValue<std::string>("account_name"), kUser);
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "oauth");
  EXPECT_EQ(connection->getValue<std::string>("label"), "Device");
  EXPECT_EQ(connections()->size(), 1u);
  EXPECT_EQ(gh_requests("POST /login/device/code"), 1);
  // pending, slow_down, then the token: three polls, no more.
  EXPECT_EQ(gh_requests("POST /login/oauth/access_token"), 3);
  // slow_down moved the interval from 0 to 5 s: the last poll waited for it.
  EXPECT_GE(took, std::chrono::seconds(4));
  for (const auto& request : gh().stats().recent) {
    if (request.target.rfind("/login/oauth/access_token", 0) == 0) {
      EXPECT_EQ(request.target.find("client_secret"), std::string::npos) << request.target;
    }
  }
  expect_github_headers(gh().stats());

  // The stored token works: the repositories are listed with it.
  auto available = run({"repos", "available", "--connection", "Device", "--output", "json"});
  EXPECT_EQ(available.exit_code, 0) << available.err;
}

TEST_F(GitHubConnect, AnExpiredOrRefusedDeviceCodeFailsAndStoresNothing) {
  start();
  gh().queue_device_answers({fakes::DeviceAnswer::kPending, fakes::DeviceAnswer::kExpired});
  auto expired = run({"connect", "github", "--device"});
  EXPECT_EQ(expired.exit_code, 1) << expired.err;
  EXPECT_THAT(expired.err, HasSubstr("expired"));

  gh().queue_device_answers({fakes::DeviceAnswer::kDenied});
  auto denied = run({"connect", "github", "--device"});
  EXPECT_EQ(denied.exit_code, 1) << denied.err;
  EXPECT_THAT(denied.err, HasSubstr("refused"));

  EXPECT_EQ(connections()->size(), 0u);
  EXPECT_EQ(gh_requests("GET /api/v3/user"), 0);
}

TEST_F(GitHubConnect, AnExpiredAppUserTokenIsRefreshedWithRotationWhenGitHubRefusesIt) {
  GitHubSettings settings;
  settings.expiring_tokens = true;
  settings.token_lifetime = std::chrono::seconds(3600);  // well beyond the engine's refresh margin
  start(settings);
  const auto repo = create_repo(kUser, "config");
  const long long before = now_seconds();
  auto result = run({"connect", "github", "--device", "--label", "GitHub", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto connection = gh_parse_object(result.out);
  ASSERT_FALSE(connection->isNull("token_expires_at"));
  const long long expires = parse_iso8601(connection->getValue<std::string>("token_expires_at"));
  EXPECT_GE(expires, before + 3600 - 2);
  EXPECT_LE(expires, now_seconds() + 3600 + 2);
  EXPECT_THAT(string_values(connection, "warnings"), Contains(HasSubstr("GitHub App token")));
  add_repo_ok(repo.full_name);
  const int token_calls = gh_requests("POST /login/oauth/access_token");

  // GitHub expires the token early: the next call gets 401, refreshes once and succeeds.
  gh().expire_tokens();
  auto check = run({"repos", "check", "--output", "json"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  auto checked = gh_parse_array(check.out);
  ASSERT_EQ(checked->size(), 1u);
  EXPECT_EQ(checked->getObject(0)->getValue<std::string>("status"), "connected");
  EXPECT_EQ(gh_requests("POST /login/oauth/access_token"), token_calls + 1);
  auto after = connections()->getObject(0);
  EXPECT_EQ(after->getValue<std::string>("status"), connection->getValue<std::string>("status"));

  // A fresh token needs no refresh.
  auto quiet = run({"repos", "check"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(gh_requests("POST /login/oauth/access_token"), token_calls + 1);

  // Refresh tokens rotate: the fake killed the first one when it was used, so a second refresh
  // only works when the engine stored the new refresh token it got back.
  gh().expire_tokens();
  auto again = run({"repos", "check"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(gh_requests("POST /login/oauth/access_token"), token_calls + 2);
  EXPECT_THAT(again.out, HasSubstr("connected"));
}

}  // namespace
}  // namespace hsd::testing
