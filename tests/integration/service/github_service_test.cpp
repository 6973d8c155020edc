// The GitHub target through the real `hsdeploy serve`, against the in-process fake GitHub (and
// the fake HubSpot as the backup source): the OAuth web flow with PKCE, token connections,
// repositories (available, add, check, remove) and backups (add, list, run, runs, remove,
// scheduled, failing), asserting on answers, on what the API reads back, on the audit log, on
// the fake's statistics and on the fake's bare repositories.
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "github_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kTokenRoute = "POST /login/oauth/access_token";

std::string str(std::int64_t value) { return std::to_string(value); }

std::string encoded(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "&=+?#/", out);
  return out;
}

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> out;
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->get(static_cast<unsigned>(i)).toString());
  return out;
}

int route_count(const fakes::FakeGitHubStats& stats, const std::string& route) {
  auto found = stats.by_route.find(route);
  return found == stats.by_route.end() ? 0 : found->second;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class GitHubService : public GitHubServiceTest {
 protected:
  Poco::JSON::Array::Ptr connections() { return get_array(ws_path() + "/connections"); }
  std::string repos_body(std::int64_t connection) {
    auto reply = api().get(connection_path(connection) + "/repos", owner().token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.body;
  }
  std::string backups_body(std::int64_t source) {
    auto reply = api().get(connection_path(source) + "/backups", owner().token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.body;
  }
  Poco::JSON::Array::Ptr runs(std::int64_t backup) { return get_array("/api/v1/backups/" + str(backup) + "/runs"); }
  // POST .../run as the owner, asserting 202 and the job's shape; the job id.
  std::int64_t run_backup(std::int64_t backup, std::int64_t vcs_connection) {
    auto queued = api().post("/api/v1/backups/" + str(backup) + "/run", owner().token);
    EXPECT_EQ(queued.status, 202) << queued.body;
    if (queued.status != 202) throw std::runtime_error("queueing backup " + str(backup) + ": " + queued.body);
    auto job = queued.json();
    EXPECT_EQ(job->getValue<std::string>("pipeline"), "backup");
    EXPECT_EQ(job->getValue<std::int64_t>("connection"), vcs_connection) << "a run is a job of the VCS connection";
    EXPECT_EQ(job->getObject("params")->getValue<std::int64_t>("backup_id"), backup);
    EXPECT_FALSE(job->getValue<bool>("joined"));
    return job->getValue<std::int64_t>("id");
  }
};

// --- OAuth ----------------------------------------------------------------------------------

TEST_F(GitHubService, OAuthWebFlowConnectsTheAccountWithPkceAndQueuesNoJob) {
  start();

  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string authorize = started.headers["location"];
  const Poco::URI authorize_uri(authorize);
  EXPECT_EQ(authorize_uri.getScheme() + "://" + authorize_uri.getAuthority(), github().base_url());
  EXPECT_EQ(authorize_uri.getPath(), "/login/oauth/authorize");
  EXPECT_EQ(query_value(authorize, "client_id"), fakes::FakeGitHubOptions{}.client_id);
  EXPECT_EQ(query_value(authorize, "redirect_uri"), kCallbackUri);
  EXPECT_EQ(query_value(authorize, "scope"), "repo read:org");
  const std::string state = query_value(authorize, "state");
  EXPECT_GE(state.size(), 32u) << "the state must be unguessable: " << authorize;
  const std::string challenge = query_value(authorize, "code_challenge");
  EXPECT_EQ(challenge.size(), 43u) << "an S256 challenge is 43 base64url characters: " << authorize;
  EXPECT_EQ(query_value(authorize, "code_challenge_method"), "S256");
  EXPECT_EQ(route_count(github().stats(), kTokenRoute), 0);

  // The browser at GitHub: auto-approved, back to the callback with a code and the state.
  const std::string back = consent(authorize);
  ASSERT_THAT(back, StartsWith(std::string(kCallbackUri) + "?")) << back;
  EXPECT_EQ(query_value(back, "state"), state);
  ASSERT_FALSE(query_value(back, "code").empty()) << back;

  auto called = follow_to_service(back);
  ASSERT_EQ(called.status, 302) << called.body;
  const std::string landing = called.headers["location"];
  ASSERT_THAT(landing, StartsWith("http://ui.test/connections?connected=")) << landing;
  const auto id = std::stoll(query_value(landing, "connected"));
  // The fake checks the code_verifier against the challenge: one exchange, and it was accepted.
  EXPECT_EQ(route_count(github().stats(), kTokenRoute), 1) << "the code is exchanged exactly once";

  auto shown = get_object(connection_path(id));
  EXPECT_EQ(shown->getValue<std::int64_t>("workspace"), owner().workspace_id);
  EXPECT_EQ(shown->getValue<std::string>("plugin"), "github");
  EXPECT_EQ(shown->getValue<std::string>("kind"), "vcs_target");
  EXPECT_EQ(shown->getValue<std::string>("auth_type"), "oauth");
  EXPECT_EQ(shown->getValue<std::string>("label"), kLogin);
  EXPECT_EQ(shown->getValue<std::string>("account_name"), kLogin);
  EXPECT_EQ(shown->getValue<std::string>("account_id"), str(user_id()));
  const auto granted = strings(shown->getArray("scopes_granted"));
  EXPECT_THAT(granted, Contains("repo"));
  EXPECT_THAT(granted, Contains("read:org"));

  // A VCS connection has nothing to retrieve: no job of any kind was queued.
  EXPECT_EQ(get_array("/api/v1/jobs?connection=" + str(id))->size(), 0u);
  EXPECT_EQ(get_array("/api/v1/jobs?workspace=" + str(owner().workspace_id))->size(), 0u);
  EXPECT_TRUE(audit_entries("job.queue").empty());

  // The same redirect again: the state is spent, and no second exchange reaches GitHub.
  auto replayed = follow_to_service(back);
  EXPECT_EQ(replayed.status, 400) << replayed.body;
  EXPECT_THAT(replayed.error_message(), HasSubstr("already used"));
  EXPECT_EQ(route_count(github().stats(), kTokenRoute), 1);
  EXPECT_EQ(connections()->size(), 1u);
}

TEST_F(GitHubService, PkceVerifierMatchesItsChallengeAndIsNeverStoredOrLoggedInClear) {
  start(kQuietScheduler, /*web_through_proxy=*/true);

  // Two flows started: each state holds its own verifier.
  auto first = oauth_start(owner().token, owner().workspace_id);
  auto second = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(first.status, 302) << first.body;
  ASSERT_EQ(second.status, 302) << second.body;
  const std::string authorize = first.headers["location"];
  EXPECT_THAT(authorize, StartsWith(web_proxy().base_url() + "/login/oauth/authorize?"));
  const std::string challenge = query_value(authorize, "code_challenge");
  const std::string other_challenge = query_value(second.headers["location"], "code_challenge");
  ASSERT_FALSE(challenge.empty());
  EXPECT_NE(challenge, other_challenge) << "every flow has its own verifier";

  const std::string back = consent(authorize);
  const std::string code = query_value(back, "code");
  ASSERT_FALSE(code.empty()) << back;

  // The first flow's code with the second flow's state: hsdeploy sends the second verifier,
  // which does not match the code's challenge, and GitHub refuses the exchange.
  auto tampered = api().get("/api/v1/oauth/github/callback?code=" + encoded(code) + "&state=" +
                            encoded(query_value(second.headers["location"], "state")));
  EXPECT_EQ(tampered.status, 400) << tampered.body;
  EXPECT_THAT(tampered.error_message(), HasSubstr("authorization code"));
  EXPECT_EQ(connections()->size(), 0u) << "a refused exchange connects nothing";

  // The right state: the exchange succeeds.
  auto called = follow_to_service(back);
  ASSERT_EQ(called.status, 302) << called.body;
  EXPECT_EQ(connections()->size(), 1u);

  std::vector<BodyRecordingProxy::Exchange> token_calls;
  for (const auto& exchange : web_proxy().exchanges()) {
    if (exchange.method == "POST" && Poco::URI(exchange.target).getPath() == "/login/oauth/access_token") {
      token_calls.push_back(exchange);
    }
  }
  ASSERT_EQ(token_calls.size(), 2u);
  const auto& refused = token_calls[0];
  const auto& accepted = token_calls[1];
  const std::string wrong_verifier = form_value(refused.request_body, "code_verifier");
  const std::string verifier = form_value(accepted.request_body, "code_verifier");
  ASSERT_GE(verifier.size(), 43u) << accepted.request_body;
  EXPECT_EQ(s256(wrong_verifier), other_challenge);
  EXPECT_THAT(refused.response_body, HasSubstr("bad_verification_code"));
  EXPECT_EQ(s256(verifier), challenge) << "the verifier sent is the one whose S256 was the challenge";
  EXPECT_EQ(form_value(accepted.request_body, "code"), code);
  EXPECT_EQ(form_value(accepted.request_body, "redirect_uri"), kCallbackUri);
  EXPECT_EQ(form_value(accepted.request_body, "client_id"), fakes::FakeGitHubOptions{}.client_id);
  const auto token_answer = Poco::JSON::Parser().parse(accepted.response_body).extract<Poco::JSON::Object::Ptr>();
  const std::string access_token = token_answer->optValue<std::string>("access_token", "");
  ASSERT_THAT(access_token, StartsWith("gho_")) << accepted.response_body;

  // At rest: neither verifier, the code nor the token in the database files' bytes.
  const std::string bytes = database_bytes();
  ASSERT_THAT(bytes, HasSubstr(std::string(kLogin))) << "the database files were read";
  EXPECT_EQ(bytes.find(verifier), std::string::npos) << "the PKCE verifier is stored in clear";
  EXPECT_EQ(bytes.find(wrong_verifier), std::string::npos) << "the other flow's verifier is stored in clear";
  EXPECT_EQ(bytes.find(access_token), std::string::npos) << "the access token is stored in clear";

  // And in the log: nothing of them either.
  auto ended = service().terminate();
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  EXPECT_THAT(ended.err, HasSubstr("/api/v1/oauth/github/callback")) << "the access log was captured";
  EXPECT_THAT(ended.err, Not(HasSubstr(verifier)));
  EXPECT_THAT(ended.err, Not(HasSubstr(code)));
  EXPECT_THAT(ended.err, Not(HasSubstr(access_token)));
}

TEST_F(GitHubService, DeniedConsentIsRefusedAndConnectsNothing) {
  start();
  github().set_oauth(fakes::OAuthSettings{.deny = true});
  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string back = consent(started.headers["location"]);
  EXPECT_EQ(query_value(back, "error"), "access_denied") << back;
  EXPECT_TRUE(query_value(back, "code").empty()) << back;

  auto called = follow_to_service(back);
  EXPECT_EQ(called.status, 403) << called.body;
  EXPECT_THAT(called.error_message(), HasSubstr("access_denied"));
  EXPECT_EQ(connections()->size(), 0u);
  EXPECT_EQ(route_count(github().stats(), kTokenRoute), 0) << "no exchange without a code";
  EXPECT_EQ(get_array("/api/v1/jobs?workspace=" + str(owner().workspace_id))->size(), 0u);
  // The refusal spent the state.
  auto again = follow_to_service(back);
  EXPECT_EQ(again.status, 400) << again.body;
}

// --- token connections ------------------------------------------------------------------------

TEST_F(GitHubService, TokenConnectionReportsGrantedScopesAndWhatIsMissing) {
  start();
  auto created = api().post(ws_path() + "/connections", owner().token,
                            R"({"plugin":"github","token":")" + classic_token({"repo"}) + "\"}");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = created.json();
  EXPECT_EQ(body->getValue<std::string>("plugin"), "github");
  EXPECT_EQ(body->getValue<std::string>("kind"), "vcs_target");
  EXPECT_EQ(body->getValue<std::string>("auth_type"), "token");
  EXPECT_EQ(body->getValue<std::string>("label"), kLogin);
  EXPECT_EQ(body->getValue<std::string>("account_id"), str(user_id()));
  EXPECT_EQ(strings(body->getArray("scopes_granted")), std::vector<std::string>{"repo"});
  EXPECT_EQ(strings(body->getArray("scopes_missing")), std::vector<std::string>{"read:org"});
  const auto warnings = strings(body->getArray("warnings"));
  EXPECT_THAT(warnings, Contains("missing scope read:org: organisation repositories are not listed")) << created.body;
  for (const auto& warning : warnings) EXPECT_THAT(warning, HasSubstr("read:org")) << "only read:org is missing";
  // Read back.
  const auto id = body->getValue<std::int64_t>("id");
  auto shown = get_object(connection_path(id));
  EXPECT_EQ(shown->getValue<std::string>("auth_type"), "token");
  EXPECT_EQ(strings(shown->getArray("warnings")), warnings);
  EXPECT_EQ(get_array("/api/v1/jobs?connection=" + str(id))->size(), 0u) << "no retrieval for a VCS connection";
}

TEST_F(GitHubService, BadTokensAreRefusedNamingTheFieldAndStoreNothing) {
  start();
  // A well-formed token GitHub no longer accepts.
  const std::string revoked = classic_token();
  github().revoke_token(revoked);
  auto refused = api().post(ws_path() + "/connections", owner().token,
                            R"({"plugin":"github","token":")" + revoked + "\"}");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.error_field(), "token") << refused.body;
  EXPECT_THAT(refused.error_message(), HasSubstr("401"));
  EXPECT_THAT(refused.body, Not(HasSubstr(revoked))) << "the token is not echoed";
  EXPECT_EQ(route_count(github().stats(), "GET /api/v3/user"), 1);

  // Malformed ones are refused without asking GitHub.
  const std::vector<std::string> malformed_tokens = {"Bearer " + classic_token(), "ghr_notanaccesstoken", "ghp_short"};
  for (const auto& bad : malformed_tokens) {
    auto malformed = api().post(ws_path() + "/connections", owner().token,
                                R"({"plugin":"github","token":")" + bad + "\"}");
    EXPECT_GE(malformed.status, 400) << bad << ": " << malformed.body;
    EXPECT_LT(malformed.status, 500) << bad << ": " << malformed.body;
    EXPECT_TRUE(malformed.error_field() == "token" || malformed.error_message().find("token") != std::string::npos)
        << bad << ": " << malformed.body;
  }
  EXPECT_EQ(route_count(github().stats(), "GET /api/v3/user"), 1) << "a malformed token never reaches GitHub";
  EXPECT_EQ(connections()->size(), 0u);
  EXPECT_TRUE(audit_entries("connection.create").empty());
}

// --- repositories ---------------------------------------------------------------------------

TEST_F(GitHubService, AvailableReposListAccountsAndRepositoriesWithWhatIsAdded) {
  start();
  const auto connection = connect_github(classic_token());
  const auto added = add_repo(connection, kRepo);

  auto available = get_object(connection_path(connection) + "/available-repos");
  std::set<std::string> accounts;
  auto account_list = available->getArray("accounts");
  ASSERT_TRUE(account_list) << "no accounts";
  for (std::size_t i = 0; i < account_list->size(); ++i) {
    auto account = account_list->getObject(static_cast<unsigned>(i));
    accounts.insert(account->getValue<std::string>("login") + ":" + account->getValue<std::string>("type"));
  }
  EXPECT_EQ(accounts, (std::set<std::string>{std::string(kLogin) + ":User", std::string(kOrg) + ":Organization"}));

  auto repositories = available->getArray("repositories");
  ASSERT_TRUE(repositories);
  std::map<std::string, Poco::JSON::Object::Ptr> by_name;
  for (std::size_t i = 0; i < repositories->size(); ++i) {
    auto repository = repositories->getObject(static_cast<unsigned>(i));
    by_name[repository->getValue<std::string>("full_name")] = repository;
  }
  ASSERT_EQ(by_name.size(), 2u) << available->size();
  ASSERT_TRUE(by_name.count(kRepo));
  ASSERT_TRUE(by_name.count(kPublicRepo));
  EXPECT_EQ(by_name[kRepo]->getValue<std::string>("id"), str(repo().id));
  EXPECT_EQ(by_name[kRepo]->getValue<std::string>("default_branch"), "main");
  EXPECT_TRUE(by_name[kRepo]->getValue<bool>("private"));
  EXPECT_EQ(by_name[kRepo]->getValue<std::int64_t>("added"), added);
  EXPECT_TRUE(by_name[kPublicRepo]->isNull("added"));
  EXPECT_FALSE(by_name[kPublicRepo]->getValue<bool>("private"));
}

TEST_F(GitHubService, AddingRepositoriesAnswersAndRefusalsChangeNothing) {
  start();
  const auto connection = connect_github(classic_token());
  const std::string path = connection_path(connection) + "/repos";

  auto added = api().post(path, owner().token, R"({"repository":"acme/hubspot-config"})");
  ASSERT_EQ(added.status, 201) << added.body;
  auto body = added.json();
  EXPECT_EQ(body->getValue<std::string>("full_name"), kRepo);
  EXPECT_EQ(body->getValue<std::string>("repository"), str(repo().id));
  EXPECT_EQ(body->getValue<std::string>("default_branch"), "main");
  EXPECT_EQ(body->getValue<std::string>("status"), "connected");
  EXPECT_EQ(body->getValue<std::int64_t>("connection"), connection);
  const auto id = body->getValue<std::int64_t>("id");
  EXPECT_EQ(get_object("/api/v1/repos/" + str(id))->getValue<std::string>("full_name"), kRepo);

  const std::string before = repos_body(connection);
  struct Refusal {
    std::string body;
    int status;
    std::string field;  // "" when the answer names none
  };
  const std::vector<Refusal> refusals = {
      {R"({"repository":"octocat/notes","branch":"nope"})", 422, "branch"},
      {R"({"repository":"acme/does-not-exist"})", 404, ""},
      {R"({"branch":"main"})", 422, "repository"},
      {R"({"repository":"acme/hubspot-config","colour":"red"})", 422, "colour"},
      {R"({"repository":42})", 422, "repository"},
      {R"({"repository":"no-slash-here"})", 422, "repository"},
      {R"({"repository":"acme/hubspot-config")", 400, ""},
      {R"({"repository":"acme/hubspot-config","branch":"dev"})", 409, ""},  // already added
  };
  for (const auto& refusal : refusals) {
    auto answer = api().post(path, owner().token, refusal.body);
    EXPECT_EQ(answer.status, refusal.status) << refusal.body << " -> " << answer.body;
    if (!refusal.field.empty()) {
      EXPECT_EQ(answer.error_field(), refusal.field) << refusal.body << " -> " << answer.body;
    }
    if (refusal.field == "branch") {
      EXPECT_THAT(answer.error_message(), HasSubstr("nope"));
      EXPECT_THAT(answer.error_message(), HasSubstr("main"));
    }
    EXPECT_EQ(repos_body(connection), before) << "refused: " << refusal.body;
  }
  EXPECT_EQ(audit_entries("repository.add").size(), 1u);

  // By the provider's id, with an existing branch.
  auto by_id = api().post(path, owner().token, R"({"repository":")" + str(public_repo().id) + R"(","branch":"main"})");
  ASSERT_EQ(by_id.status, 201) << by_id.body;
  EXPECT_EQ(by_id.json()->getValue<std::string>("full_name"), kPublicRepo);
  EXPECT_EQ(get_array(path)->size(), 2u);
}

TEST_F(GitHubService, CheckFollowsRenamesArchivingAndDeletion) {
  start();
  const auto connection = connect_github(classic_token());
  const auto id = add_repo(connection, kRepo);
  const std::string check = "/api/v1/repos/" + str(id) + "/check";

  github().rename_repo(repo().id, "acme/hubspot-backup");
  auto renamed = api().post(check, owner().token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()->getValue<std::string>("full_name"), "acme/hubspot-backup");
  EXPECT_EQ(renamed.json()->getValue<std::string>("status"), "connected");
  EXPECT_EQ(renamed.json()->getValue<std::string>("repository"), str(repo().id)) << "the provider's id stays";
  EXPECT_EQ(get_object("/api/v1/repos/" + str(id))->getValue<std::string>("full_name"), "acme/hubspot-backup");

  github().archive_repo(repo().id);
  auto archived = api().post(check, owner().token);
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(archived.json()->getValue<std::string>("status"), "error");
  EXPECT_EQ(archived.json()->getValue<std::string>("status_reason"), "archived");
  EXPECT_FALSE(archived.json()->getValue<std::string>("status_detail").empty());
  auto shown = get_object("/api/v1/repos/" + str(id));
  EXPECT_EQ(shown->getValue<std::string>("status"), "error");
  EXPECT_EQ(shown->getValue<std::string>("status_reason"), "archived");

  github().archive_repo(repo().id, false);
  auto back = api().post(check, owner().token);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.json()->getValue<std::string>("status"), "connected");
  EXPECT_EQ(back.json()->getValue<std::string>("status_reason"), "");

  github().delete_repo(repo().id);
  auto gone = api().post(check, owner().token);
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(gone.json()->getValue<std::string>("status"), "error");
  EXPECT_EQ(gone.json()->getValue<std::string>("status_reason"), "not_found");
  EXPECT_EQ(get_object("/api/v1/repos/" + str(id))->getValue<std::string>("status_reason"), "not_found");
}

TEST_F(GitHubService, RemovingARepositoryIsRefusedWhileABackupUsesIt) {
  start();
  const auto connection = connect_github(classic_token());
  const auto id = add_repo(connection, kRepo);
  const auto source = connect_hubspot();
  const auto backup = add_backup(source, R"({"repository":"acme/hubspot-config","path":"backups"})");

  const std::string before = repos_body(connection);
  auto refused = api().del("/api/v1/repos/" + str(id), owner().token);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(refused.error_message(), HasSubstr("backup " + str(backup)));
  EXPECT_EQ(repos_body(connection), before);

  ASSERT_EQ(api().del("/api/v1/backups/" + str(backup), owner().token).status, 204);
  auto removed = api().del("/api/v1/repos/" + str(id), owner().token);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(api().get("/api/v1/repos/" + str(id), owner().token).status, 404);
  EXPECT_EQ(get_array(connection_path(connection) + "/repos")->size(), 0u);
  EXPECT_EQ(audit_entries("repository.remove").size(), 1u);
}

// --- backups --------------------------------------------------------------------------------

TEST_F(GitHubService, BackupsAreConfiguredRunCommittedAndRemovedThroughTheApi) {
  start();
  const auto github_connection = connect_github(classic_token());
  const auto repository = add_repo(github_connection, kRepo);
  const auto source = connect_hubspot();
  const std::string initial_tip = branch_tip(repo().path, "main");
  ASSERT_EQ(initial_tip.size(), 40u);
  const auto initial_files = lines(git(repo().path, {"ls-tree", "-r", "--name-only", "refs/heads/main"}));
  ASSERT_FALSE(initial_files.empty());

  // Refusals name their field and store nothing.
  const std::string path = connection_path(source) + "/backups";
  const std::vector<std::pair<std::string, std::string>> refusals = {
      {R"({"repository":"acme/hubspot-config","schedule":"fortnightly"})", "schedule"},
      {R"({"repository":"acme/hubspot-config","path":"../outside"})", "path"},
      {R"({"repository":"acme/hubspot-config","path":"a//b"})", "path"},
      {R"({"repository":"acme/not-added"})", "repository"},
      {R"({"path":"backups"})", "repository"},
      {R"({"repository":"acme/hubspot-config","branch":"bad..name"})", "branch"},
      {R"({"repository":"acme/hubspot-config","when":"daily"})", "when"},
  };
  for (const auto& [body, field] : refusals) {
    auto answer = api().post(path, owner().token, body);
    EXPECT_EQ(answer.status, 422) << body << " -> " << answer.body;
    EXPECT_EQ(answer.error_field(), field) << body << " -> " << answer.body;
    EXPECT_EQ(backups_body(source), "[]") << "refused: " << body;
  }
  EXPECT_EQ(api().post(path, owner().token, R"({"repository":)").status, 400);
  EXPECT_TRUE(audit_entries("backup.add").empty());

  auto created = api().post(path, owner().token,
                            R"({"repository":"acme/hubspot-config","path":"backups","schedule":"daily"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto backup_view = created.json();
  const auto backup = backup_view->getValue<std::int64_t>("id");
  EXPECT_EQ(backup_view->getValue<std::int64_t>("source"), source);
  EXPECT_EQ(backup_view->getValue<std::int64_t>("repository"), repository);
  EXPECT_EQ(backup_view->getValue<std::int64_t>("connection"), github_connection);
  EXPECT_EQ(backup_view->getValue<std::string>("full_name"), kRepo);
  EXPECT_EQ(backup_view->getValue<std::string>("branch"), "main");
  EXPECT_EQ(backup_view->getValue<std::string>("path"), "backups");
  EXPECT_EQ(backup_view->getValue<std::string>("schedule"), "daily");
  EXPECT_TRUE(backup_view->isNull("last_run"));

  // Listed from both ends.
  for (const auto connection : {source, github_connection}) {
    auto listed = get_array(connection_path(connection) + "/backups");
    ASSERT_EQ(listed->size(), 1u) << "connection " << connection;
    EXPECT_EQ(listed->getObject(0)->getValue<std::int64_t>("id"), backup);
  }
  // The same again would fight over the same files.
  EXPECT_EQ(api().post(path, owner().token, R"({"repository":"acme/hubspot-config","path":"backups/"})").status, 409);

  // A run: one commit on the branch, pushed to GitHub.
  const auto job = run_backup(backup, github_connection);
  auto finished = wait_job(github_connection, job);
  ASSERT_TRUE(finished);
  ASSERT_EQ(finished->getValue<std::string>("state"), "succeeded") << finished->get("error").toString();
  auto history = runs(backup);
  ASSERT_EQ(history->size(), 1u);
  auto run = history->getObject(0);
  EXPECT_EQ(run->getValue<std::string>("status"), "committed") << run->get("error").toString();
  const std::string tip = branch_tip(repo().path, "main");
  EXPECT_NE(tip, initial_tip);
  EXPECT_EQ(run->getValue<std::string>("commit"), tip);
  EXPECT_EQ(git(repo().path, {"rev-parse", "refs/heads/main^"}), initial_tip) << "one commit on the old tip";
  EXPECT_EQ(branch_tip(repo().path, "dev"), git(repo().path, {"rev-parse", "refs/heads/dev"}));
  const auto files = lines(git(repo().path, {"ls-tree", "-r", "--name-only", "refs/heads/main"}));
  const std::string prefix = "backups/hubspot/" + std::to_string(hubspot().options().hub_id) + "/";
  std::size_t json_files = 0;
  std::vector<std::string> outside;
  for (const auto& file : files) {
    if (file.rfind("backups/", 0) != 0) {
      outside.push_back(file);
    } else if (file.size() > 5 && file.compare(file.size() - 5, 5, ".json") == 0 &&
               file.find("/.hsdeploy/") == std::string::npos) {  // the backup's index is no object
      EXPECT_THAT(file, StartsWith(prefix));
      ++json_files;
    }
  }
  EXPECT_EQ(outside, initial_files) << "files outside the backup's folder are never touched";
  EXPECT_TRUE(github().stats().git_rejected_credentials.empty()) << "the token was right the first time";
  EXPECT_EQ(json_files, hubspot().expected_objects().size()) << "one file per object of the snapshot";
  EXPECT_GE(run->getValue<std::int64_t>("added"), static_cast<std::int64_t>(json_files));
  EXPECT_EQ(run->getValue<std::int64_t>("changed"), 0);
  EXPECT_EQ(run->getValue<std::int64_t>("removed"), 0);
  EXPECT_FALSE(run->isNull("finished_at"));
  auto shown = get_object("/api/v1/backups/" + str(backup));
  ASSERT_FALSE(shown->isNull("last_run"));
  EXPECT_EQ(shown->getObject("last_run")->getValue<std::string>("commit"), tip);
  EXPECT_EQ(get_object("/api/v1/repos/" + str(repository))->getValue<std::string>("status"), "connected");

  // Nothing changed in the source: no commit.
  const auto again = run_backup(backup, github_connection);
  auto second = wait_job(github_connection, again);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->getValue<std::string>("state"), "succeeded") << second->get("error").toString();
  history = runs(backup);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->getObject(0)->getValue<std::string>("status"), "unchanged");
  EXPECT_EQ(history->getObject(0)->getValue<std::string>("commit"), tip);
  EXPECT_EQ(history->getObject(1)->getValue<std::string>("status"), "committed");
  EXPECT_EQ(branch_tip(repo().path, "main"), tip);

  // Removal takes the run history with it.
  auto removed = api().del("/api/v1/backups/" + str(backup), owner().token);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(api().get("/api/v1/backups/" + str(backup) + "/runs", owner().token).status, 404);
  EXPECT_EQ(api().get("/api/v1/backups/" + str(backup), owner().token).status, 404);
  EXPECT_EQ(backups_body(source), "[]");
  EXPECT_EQ(backups_body(github_connection), "[]");

  // The audit log has who did each of it.
  for (const std::string action : {"backup.add", "backup.remove"}) {
    auto entries = audit_entries(action);
    ASSERT_EQ(entries.size(), 1u) << action;
    EXPECT_EQ(entries[0]->getValue<std::int64_t>("user_id"), owner().user_id) << action;
    EXPECT_EQ(entries[0]->getValue<std::string>("target_id"), str(backup)) << action;
  }
  std::size_t backup_jobs = 0;
  for (const auto& entry : audit_entries("job.queue")) {
    if (entry->getObject("details")->getValue<std::string>("pipeline") != "backup") continue;
    ++backup_jobs;
    EXPECT_EQ(entry->getValue<std::int64_t>("user_id"), owner().user_id);
    EXPECT_EQ(entry->getValue<std::string>("target_id"), str(github_connection));
  }
  EXPECT_EQ(backup_jobs, 2u);
}

TEST_F(GitHubService, ScheduledBackupGetsItsFirstRunFromTheScheduler) {
  start("scheduler_tick: 1s, retrieve_interval: 0, repository_check_interval: 0");
  const auto github_connection = connect_github(classic_token());
  add_repo(github_connection, kRepo);
  const auto source = connect_hubspot();
  const auto backup =
      add_backup(source, R"({"repository":"acme/hubspot-config","path":"portal","schedule":"hourly"})");

  ASSERT_NE(wait_log({"\"scheduled backup queued\"", "\"backup\":\"" + str(backup) + "\""}), "");
  Poco::JSON::Object::Ptr run;
  ASSERT_TRUE(poll_until(
      [&] {
        auto history = runs(backup);
        if (history->size() == 0) return false;
        run = history->getObject(static_cast<unsigned>(history->size() - 1));  // the oldest
        return run->getValue<std::string>("status") != "running";
      },
      "the scheduled backup's first run to finish", kBackupWait));
  EXPECT_EQ(run->getValue<std::string>("status"), "committed") << run->get("error").toString();
  EXPECT_EQ(run->getValue<std::string>("commit"), branch_tip(repo().path, "main"));
  EXPECT_FALSE(lines(git(repo().path, {"ls-tree", "-r", "--name-only", "refs/heads/main", "--", "portal"})).empty());

  // Queued by the scheduler, not by a user.
  auto queued = audit_entries("job.queue");
  ASSERT_FALSE(queued.empty());
  bool by_scheduler = false;
  for (const auto& entry : queued) {
    if (entry->getObject("details")->getValue<std::string>("pipeline") == "backup") {
      by_scheduler = true;
      EXPECT_TRUE(entry->isNull("user_id")) << "a scheduled run has no user";
    }
  }
  EXPECT_TRUE(by_scheduler);
}

TEST_F(GitHubService, BackupToARepositoryArchivedSinceItWasAddedFailsAndRecordsWhy) {
  start();
  const auto github_connection = connect_github(classic_token());
  const auto repository = add_repo(github_connection, kRepo);
  const auto source = connect_hubspot();
  const auto backup = add_backup(source, R"({"repository":"acme/hubspot-config"})");
  const std::string tip = branch_tip(repo().path, "main");

  github().archive_repo(repo().id);
  const auto job = run_backup(backup, github_connection);
  auto finished = wait_job(github_connection, job);
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->getValue<std::string>("state"), "failed");
  EXPECT_EQ(finished->getValue<std::int64_t>("attempts"), 1) << "an archived repository is not retried";
  EXPECT_THAT(finished->get("error").toString(), HasSubstr("archived"));

  auto history = runs(backup);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->getObject(0)->getValue<std::string>("status"), "failed");
  EXPECT_THAT(history->getObject(0)->get("error").toString(), HasSubstr("archived"));
  EXPECT_FALSE(history->getObject(0)->isNull("finished_at"));

  auto shown = get_object("/api/v1/repos/" + str(repository));
  EXPECT_EQ(shown->getValue<std::string>("status"), "error");
  EXPECT_EQ(shown->getValue<std::string>("status_reason"), "archived");
  EXPECT_EQ(branch_tip(repo().path, "main"), tip) << "nothing was pushed";
  EXPECT_EQ(github().stats().git_auth_failures_total, 0);

  // While archived, a new backup to it is refused.
  auto refused = api().post(connection_path(source) + "/backups", owner().token,
                            R"({"repository":"acme/hubspot-config","path":"elsewhere"})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(refused.error_message(), HasSubstr("archived"));
}

}  // namespace
}  // namespace hsd::testing
