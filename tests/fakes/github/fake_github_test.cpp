// Tests of the fake GitHub over real HTTP (Poco HTTPClientSession) and the real git CLI: the
// OAuth flows, the REST face's wire formats, paging, failures and limits, and clone/push
// through the git smart HTTP face.
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hsd/fakes/fake_github.hpp"
#include "oauth_format.hpp"
#include "process.hpp"

namespace hsd::fakes {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string header(const std::string& name) const {
    const auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? "" : it->second;
  }
  bool has(const std::string& name) const { return headers.count(Poco::toLower(name)) > 0; }
  Poco::JSON::Object::Ptr json() const { return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>(); }
  Poco::JSON::Array::Ptr array() const { return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Array::Ptr>(); }
  std::map<std::string, std::string> form() const {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : Poco::URI("/?" + body).getQueryParameters()) out[k] = v;
    return out;
  }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

HttpResult call(std::uint16_t port, const std::string& method, const std::string& target, const Headers& headers = {},
                const std::string& body = "") {
  Poco::Net::HTTPClientSession session("127.0.0.1", port);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) request.set(k, v);
  if (!body.empty() || method == "POST" || method == "DELETE") request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, result.body);
  for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
  return result;
}

Headers api_headers(const std::string& token) {
  Headers h{{"User-Agent", "hsd-test"}, {"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return h;
}

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder << text;
  encoder.close();
  return out.str();
}

class FakeGitHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FakeGitHubOptions options;
    options.device_interval = 0;
    options.redirect_uris = {"http://127.0.0.1/callback"};
    fake = std::make_unique<FakeGitHub>(options);
    fake->start();
    alice_id = fake->create_user({.login = "alice", .name = "Alice Liddell", .orgs = {"acme"}});
    fake->create_user({.login = "bob"});
    acme_id = fake->create_user({.login = "acme", .type = "Organization"});
    fake->set_oauth({.default_user = "alice"});
    token = fake->create_token({.login = "alice", .scopes = {"repo", "read:org"}});
  }

  HttpResult get(const std::string& target, const std::string& bearer) const {
    return call(fake->port(), "GET", target, api_headers(bearer));
  }
  HttpResult api(const std::string& path, const std::string& bearer) const { return get("/api/v3" + path, bearer); }
  HttpResult post_form(const std::string& target, const std::string& form, bool json = true) const {
    Headers h{{"Content-Type", "application/x-www-form-urlencoded"}};
    if (json) h.emplace_back("Accept", "application/json");
    return call(fake->port(), "POST", target, h, form);
  }
  HttpResult control(const std::string& method, const std::string& target, const std::string& json = "") const {
    return call(fake->port(), method, target, {{"Content-Type", "application/json"}}, json);
  }

  /** Runs git with a credential helper answering `password` (never a token in a URL). */
  github_detail::ProcessResult git(const std::vector<std::string>& args, const std::string& password, const std::string& cwd) const {
    std::vector<std::string> full{"-c", "credential.helper=", "-c",
                                  "credential.helper=!f() { echo username=x-access-token; echo password=" + password + "; }; f",
                                  "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "protocol.version=2"};
    full.insert(full.end(), args.begin(), args.end());
    return github_detail::run_process("git", full, cwd,
                               {{"GIT_TERMINAL_PROMPT", "0"}, {"GIT_CONFIG_NOSYSTEM", "1"}, {"GIT_CONFIG_GLOBAL", "/dev/null"},
                                {"GIT_ASKPASS", "/bin/false"}},
                               "");
  }

  std::unique_ptr<FakeGitHub> fake;
  std::int64_t alice_id = 0;
  std::int64_t acme_id = 0;
  std::string token;
};

// ---- OAuth web face ---------------------------------------------------------------------

std::map<std::string, std::string> redirect_query(const HttpResult& r) {
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : Poco::URI(r.header("Location")).getQueryParameters()) out[k] = v;
  return out;
}

TEST_F(FakeGitHubTest, WebFlowWithPkceIssuesAnOAuthTokenOnceAndChecksEverything) {
  const std::string verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
  const std::string authorize = "/login/oauth/authorize?client_id=Iv1.fakegithubclient&redirect_uri=" +
                                common::url_encode("http://127.0.0.1:5555/callback/x") + "&scope=repo%20read:org&state=s1" +
                                "&code_challenge=" + github_detail::s256(verifier) + "&code_challenge_method=S256";
  const auto consent = call(fake->port(), "GET", authorize);
  ASSERT_EQ(consent.status, 302);
  EXPECT_THAT(consent.header("Location"), HasSubstr("http://127.0.0.1:5555/callback/x?code="));
  const auto q = redirect_query(consent);
  EXPECT_EQ(q.at("state"), "s1");
  const std::string code = q.at("code");
  const std::string base = "client_id=Iv1.fakegithubclient&client_secret=fake-github-client-secret&code=" + code +
                           "&redirect_uri=" + common::url_encode("http://127.0.0.1:5555/callback/x");

  auto wrong_secret = post_form("/login/oauth/access_token", "client_id=Iv1.fakegithubclient&client_secret=no&code=" + code);
  EXPECT_EQ(wrong_secret.status, 200);
  EXPECT_EQ(wrong_secret.json()->getValue<std::string>("error"), "incorrect_client_credentials");
  EXPECT_TRUE(wrong_secret.json()->has("error_uri"));
  EXPECT_EQ(post_form("/login/oauth/access_token", base + "&code_verifier=wrong").json()->getValue<std::string>("error"),
            "bad_verification_code");
  auto other_uri = post_form("/login/oauth/access_token",
                             "client_id=Iv1.fakegithubclient&client_secret=fake-github-client-secret&code=" + code +
                                 "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fother&code_verifier=" + verifier);
  EXPECT_EQ(other_uri.json()->getValue<std::string>("error"), "redirect_uri_mismatch");

  // Without Accept: application/json the answer is form-encoded.
  const auto ok = post_form("/login/oauth/access_token", base + "&code_verifier=" + verifier, false);
  EXPECT_THAT(ok.header("Content-Type"), HasSubstr("application/x-www-form-urlencoded"));
  const auto fields = ok.form();
  EXPECT_EQ(fields.at("access_token").rfind("gho_", 0), 0u);
  EXPECT_EQ(fields.at("scope"), "repo,read:org");
  EXPECT_EQ(fields.at("token_type"), "bearer");
  EXPECT_EQ(fields.count("refresh_token"), 0u);
  EXPECT_EQ(api("/user", fields.at("access_token")).json()->getValue<std::string>("login"), "alice");

  const auto again = post_form("/login/oauth/access_token", base + "&code_verifier=" + verifier);
  EXPECT_EQ(again.json()->getValue<std::string>("error"), "bad_verification_code");
}

TEST_F(FakeGitHubTest, CodesExpireAfterTenMinutes) {
  const auto consent = call(fake->port(), "GET", "/login/oauth/authorize?client_id=Iv1.fakegithubclient&state=x");
  ASSERT_EQ(consent.status, 302);
  EXPECT_THAT(consent.header("Location"), HasSubstr("http://127.0.0.1/callback?code="));
  fake->advance_clock(std::chrono::seconds(601));
  const auto r = post_form("/login/oauth/access_token", "client_id=Iv1.fakegithubclient&client_secret=fake-github-client-secret&code=" +
                                                            redirect_query(consent).at("code"));
  EXPECT_EQ(r.json()->getValue<std::string>("error"), "bad_verification_code");
}

TEST_F(FakeGitHubTest, AuthorizeDeniesOrRefusesAnUnregisteredCallback) {
  const auto mismatch = call(fake->port(), "GET", "/login/oauth/authorize?client_id=Iv1.fakegithubclient&state=z"
                                                  "&redirect_uri=http%3A%2F%2Fevil.example%2Fcallback");
  ASSERT_EQ(mismatch.status, 302);
  EXPECT_EQ(redirect_query(mismatch).at("error"), "redirect_uri_mismatch");
  EXPECT_THAT(mismatch.header("Location"), Not(HasSubstr("evil.example")));
  fake->set_oauth({.deny = true});
  const auto denied = call(fake->port(), "GET", "/login/oauth/authorize?client_id=Iv1.fakegithubclient&state=d");
  ASSERT_EQ(denied.status, 302);
  EXPECT_EQ(redirect_query(denied).at("error"), "access_denied");
  EXPECT_EQ(redirect_query(denied).at("state"), "d");
}

TEST_F(FakeGitHubTest, DeviceFlowFollowsTheQueuedAnswers) {
  const auto start = post_form("/login/device/code", "client_id=Iv1.fakegithubclient&scope=repo");
  const auto device = start.json();
  EXPECT_EQ(device->getValue<std::string>("verification_uri"), fake->base_url() + "/login/device");
  EXPECT_THAT(device->getValue<std::string>("user_code"), ::testing::MatchesRegex("[A-Z0-9]{4}-[A-Z0-9]{4}"));
  EXPECT_EQ(device->getValue<int>("interval"), 0);
  const std::string poll = "client_id=Iv1.fakegithubclient&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                           "&device_code=" + device->getValue<std::string>("device_code");
  fake->queue_device_answers({DeviceAnswer::kPending, DeviceAnswer::kSlowDown});
  EXPECT_EQ(post_form("/login/oauth/access_token", poll).json()->getValue<std::string>("error"), "authorization_pending");
  const auto slow = post_form("/login/oauth/access_token", poll).json();
  EXPECT_EQ(slow->getValue<std::string>("error"), "slow_down");
  EXPECT_EQ(slow->getValue<int>("interval"), 5);
  const auto granted = post_form("/login/oauth/access_token", poll).json();
  EXPECT_EQ(granted->getValue<std::string>("scope"), "repo");
  EXPECT_EQ(post_form("/login/oauth/access_token", poll).json()->getValue<std::string>("error"), "incorrect_device_code");
  EXPECT_EQ(post_form("/login/oauth/access_token", "grant_type=password&client_id=Iv1.fakegithubclient")
                .json()->getValue<std::string>("error"),
            "unsupported_grant_type");

  const auto second = post_form("/login/device/code", "client_id=Iv1.fakegithubclient").json();
  fake->queue_device_answers({DeviceAnswer::kDenied});
  EXPECT_EQ(post_form("/login/oauth/access_token", "client_id=Iv1.fakegithubclient&grant_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                                                   "grant-type%3Adevice_code&device_code=" + second->getValue<std::string>("device_code"))
                .json()->getValue<std::string>("error"),
            "access_denied");
}

TEST_F(FakeGitHubTest, RefreshTokensRotate) {
  fake->set_oauth({.expiring_tokens = true});
  const auto consent = call(fake->port(), "GET", "/login/oauth/authorize?client_id=Iv1.fakegithubclient&scope=repo");
  const auto first = post_form("/login/oauth/access_token", "client_id=Iv1.fakegithubclient&client_secret=fake-github-client-secret&code=" +
                                                                redirect_query(consent).at("code")).json();
  const std::string access = first->getValue<std::string>("access_token");
  const std::string refresh = first->getValue<std::string>("refresh_token");
  EXPECT_EQ(access.rfind("ghu_", 0), 0u);
  EXPECT_EQ(refresh.rfind("ghr_", 0), 0u);
  EXPECT_EQ(first->getValue<int>("expires_in"), 28800);
  EXPECT_EQ(first->getValue<int>("refresh_token_expires_in"), 15811200);

  const std::string grant = "client_id=Iv1.fakegithubclient&client_secret=fake-github-client-secret&grant_type=refresh_token&refresh_token=";
  const auto second = post_form("/login/oauth/access_token", grant + refresh).json();
  const std::string new_access = second->getValue<std::string>("access_token");
  EXPECT_NE(second->getValue<std::string>("refresh_token"), refresh);
  EXPECT_EQ(api("/user", access).status, 401);
  EXPECT_EQ(api("/user", new_access).status, 200);
  const auto reused = post_form("/login/oauth/access_token", grant + refresh).json();
  EXPECT_EQ(reused->getValue<std::string>("error"), "bad_refresh_token");

  fake->advance_clock(std::chrono::seconds(28801));  // the access token expires, the new refresh token does not
  EXPECT_EQ(api("/user", new_access).json()->getValue<std::string>("message"), "Bad credentials");
}

TEST_F(FakeGitHubTest, TheAppRevokesATokenWithBasicAuth) {
  const std::string gho = fake->create_token({.login = "alice", .kind = TokenKind::kOAuth, .scopes = {"repo"}});
  Headers h = api_headers("");
  h.emplace_back("Authorization", "Basic " + base64("Iv1.fakegithubclient:fake-github-client-secret"));
  h.emplace_back("Content-Type", "application/json");
  EXPECT_EQ(call(fake->port(), "DELETE", "/api/v3/applications/Iv1.fakegithubclient/token", h,
                 "{\"access_token\":\"" + gho + "\"}").status, 204);
  EXPECT_EQ(api("/user", gho).status, 401);
}

// ---- REST face ----------------------------------------------------------------------------

TEST_F(FakeGitHubTest, UserNeedsAUserAgentAndAToken) {
  EXPECT_EQ(call(fake->port(), "GET", "/api/v3/user", {{"Authorization", "Bearer " + token}}).status, 403);
  const auto anonymous = api("/user", "");
  EXPECT_EQ(anonymous.status, 401);
  const auto bad = api("/user", "ghp_nope");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json()->getValue<std::string>("message"), "Bad credentials");
  EXPECT_TRUE(bad.has("x-ratelimit-remaining"));

  const auto me = call(fake->port(), "GET", "/api/v3/user", {{"User-Agent", "t"}, {"Authorization", "token " + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()->getValue<std::string>("login"), "alice");
  EXPECT_EQ(me.json()->getValue<std::int64_t>("id"), alice_id);
  EXPECT_EQ(me.json()->getValue<std::string>("type"), "User");
  EXPECT_EQ(me.json()->getValue<std::string>("name"), "Alice Liddell");
  EXPECT_EQ(me.header("X-OAuth-Scopes"), "repo, read:org");
  EXPECT_EQ(me.header("x-ratelimit-limit"), "5000");
  EXPECT_EQ(me.header("x-ratelimit-remaining"), "4999");
  EXPECT_EQ(me.header("x-ratelimit-used"), "1");
  EXPECT_EQ(me.header("x-ratelimit-resource"), "core");
  EXPECT_TRUE(me.has("x-ratelimit-reset"));
  EXPECT_EQ(me.header("ETag").rfind("W/\"", 0), 0u);

  const std::string fine = fake->create_token({.login = "alice", .kind = TokenKind::kFineGrained});
  EXPECT_EQ(fine.rfind("github_pat_", 0), 0u);
  const auto me_fine = api("/user", fine);
  EXPECT_EQ(me_fine.status, 200);
  EXPECT_FALSE(me_fine.has("X-OAuth-Scopes"));

  fake->expire_tokens(token);
  EXPECT_EQ(api("/user", token).status, 401);
}

TEST_F(FakeGitHubTest, OrgsNeedReadOrgForClassicTokens) {
  const auto orgs = api("/user/orgs", token);
  ASSERT_EQ(orgs.status, 200);
  ASSERT_EQ(orgs.array()->size(), 1u);
  EXPECT_EQ(orgs.array()->getObject(0)->getValue<std::string>("login"), "acme");
  const std::string repo_only = fake->create_token({.login = "alice", .scopes = {"repo"}});
  EXPECT_EQ(api("/user/orgs", repo_only).status, 403);
}

TEST_F(FakeGitHubTest, RepoJsonAndPrivacy) {
  const auto created = fake->create_repo({.owner = "alice", .name = "secret", .is_private = true});
  const auto repo = api("/repos/alice/secret", token);
  ASSERT_EQ(repo.status, 200) << repo.body;
  const auto o = repo.json();
  EXPECT_EQ(o->getValue<std::int64_t>("id"), created.id);
  EXPECT_EQ(o->getValue<std::string>("full_name"), "alice/secret");
  EXPECT_EQ(o->getValue<std::string>("visibility"), "private");
  EXPECT_EQ(o->getValue<std::string>("default_branch"), "main");
  EXPECT_EQ(o->getValue<std::string>("clone_url"), fake->base_url() + "/alice/secret.git");
  EXPECT_EQ(o->getObject("owner")->getValue<std::string>("type"), "User");
  EXPECT_TRUE(o->getObject("permissions")->getValue<bool>("admin"));
  EXPECT_GT(o->getValue<int>("size"), 0);
  EXPECT_EQ(api("/repositories/" + std::to_string(created.id), token).json()->getValue<std::string>("name"), "secret");

  const std::string no_repo_scope = fake->create_token({.login = "alice", .scopes = {"read:org"}});
  EXPECT_EQ(api("/repos/alice/secret", no_repo_scope).status, 404);
  const std::string bobs = fake->create_token({.login = "bob", .scopes = {"repo"}});
  EXPECT_EQ(api("/repos/alice/secret", bobs).status, 404);

  const auto other = fake->create_repo({.owner = "alice", .name = "other", .is_private = true});
  const std::string fine = fake->create_token({.login = "alice", .kind = TokenKind::kFineGrained, .repository_ids = {created.id}});
  EXPECT_EQ(api("/repos/alice/secret", fine).status, 200);
  EXPECT_EQ(api("/repos/alice/other", fine).status, 404);
  (void)other;
}

TEST_F(FakeGitHubTest, UserReposPageWithLinkHeaders) {
  for (int i = 0; i < 5; ++i) fake->create_repo({.owner = "alice", .name = "r" + std::to_string(i), .empty = true});
  const auto first = api("/user/repos?per_page=2", token);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.array()->size(), 2u);
  EXPECT_EQ(first.array()->getObject(0)->getValue<std::string>("name"), "r0");
  const std::string link = first.header("Link");
  EXPECT_THAT(link, HasSubstr("<" + fake->api_url() + "/user/repos?per_page=2&page=2>; rel=\"next\""));
  EXPECT_THAT(link, HasSubstr("page=3>; rel=\"last\""));
  const auto last = api("/user/repos?per_page=2&page=3", token);
  EXPECT_EQ(last.array()->size(), 1u);
  EXPECT_THAT(last.header("Link"), HasSubstr("rel=\"prev\""));
  EXPECT_THAT(last.header("Link"), HasSubstr("rel=\"first\""));
  EXPECT_THAT(last.header("Link"), Not(HasSubstr("rel=\"next\"")));
  EXPECT_FALSE(api("/user/repos", token).has("Link"));
  EXPECT_EQ(api("/user/repos?type=owner&visibility=all", token).status, 422);
  EXPECT_EQ(api("/user/repos?visibility=private", token).array()->size(), 0u);
}

TEST_F(FakeGitHubTest, OrgReposLinkToTheOrganizationsIdForm) {
  for (int i = 0; i < 3; ++i) fake->create_repo({.owner = "acme", .name = "svc" + std::to_string(i), .empty = true});
  const auto page = api("/orgs/acme/repos?per_page=2", token);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.header("Link"),
              HasSubstr("<" + fake->api_url() + "/organizations/" + std::to_string(acme_id) + "/repos?per_page=2&page=2>"));
  EXPECT_EQ(api("/organizations/" + std::to_string(acme_id) + "/repos?per_page=2&page=2", token).array()->size(), 1u);
  const auto member_view = page.array()->getObject(0)->getObject("permissions");
  EXPECT_TRUE(member_view->getValue<bool>("push"));
  EXPECT_FALSE(member_view->getValue<bool>("admin"));
}

TEST_F(FakeGitHubTest, BranchesPageInTheRepositoriesIdFormAndEmptyReposHaveNone) {
  const auto repo = fake->create_repo({.owner = "alice", .name = "multi", .branches = {"a", "b", "c"}});
  const auto page = api("/repos/alice/multi/branches?per_page=3", token);
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.array()->size(), 3u);
  EXPECT_EQ(page.array()->getObject(0)->getValue<std::string>("name"), "a");
  EXPECT_EQ(page.array()->getObject(0)->getObject("commit")->getValue<std::string>("sha").size(), 40u);
  EXPECT_THAT(page.header("Link"),
              HasSubstr(fake->api_url() + "/repositories/" + std::to_string(repo.id) + "/branches?per_page=3&page=2"));

  fake->create_repo({.owner = "alice", .name = "void", .empty = true});
  EXPECT_EQ(api("/repos/alice/void", token).json()->getValue<int>("size"), 0);
  EXPECT_EQ(api("/repos/alice/void/branches", token).body, "[]");
}

TEST_F(FakeGitHubTest, RenamedDeletedArchivedAndSamlRepos) {
  const auto repo = fake->create_repo({.owner = "alice", .name = "old"});
  fake->rename_repo(repo.id, "acme/new");
  const auto moved = api("/repos/alice/old", token);
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), fake->api_url() + "/repositories/" + std::to_string(repo.id));
  EXPECT_EQ(moved.json()->getValue<std::string>("message"), "Moved Permanently");
  EXPECT_EQ(api("/repos/alice/old/branches", token).header("Location"),
            fake->api_url() + "/repositories/" + std::to_string(repo.id) + "/branches");
  EXPECT_EQ(api("/repositories/" + std::to_string(repo.id), token).json()->getValue<std::string>("full_name"), "acme/new");

  fake->archive_repo(repo.id);
  EXPECT_TRUE(api("/repos/acme/new", token).json()->getValue<bool>("archived"));

  fake->saml_enforce("acme");
  const auto saml = api("/repos/acme/new", token);
  EXPECT_EQ(saml.status, 403);
  EXPECT_THAT(saml.json()->getValue<std::string>("message"), HasSubstr("SAML enforcement"));
  EXPECT_THAT(saml.header("X-GitHub-SSO"), HasSubstr("required; url=" + fake->base_url() + "/orgs/acme/sso?authorization_request="));
  fake->authorize_sso(token, "acme");
  EXPECT_EQ(api("/repos/acme/new", token).status, 200);

  fake->delete_repo(repo.id);
  const auto gone = api("/repos/acme/new", token);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.json()->getValue<std::string>("message"), "Not Found");
  EXPECT_EQ(api("/repositories/" + std::to_string(repo.id), token).status, 404);
}

TEST_F(FakeGitHubTest, InjectedRateLimitsThenNormalService) {
  fake->rate_limit(RateLimitKind::kPrimary, 1, 120, 429);
  fake->rate_limit(RateLimitKind::kSecondary, 1, 30, 403);
  const auto primary = api("/user", token);
  EXPECT_EQ(primary.status, 429);
  EXPECT_EQ(primary.header("x-ratelimit-remaining"), "0");
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_NEAR(std::stoll(primary.header("x-ratelimit-reset")), now + 120, 5);
  EXPECT_THAT(primary.json()->getValue<std::string>("message"), HasSubstr("API rate limit exceeded for user ID"));
  const auto secondary = api("/user", token);
  EXPECT_EQ(secondary.status, 403);
  EXPECT_EQ(secondary.header("retry-after"), "30");
  EXPECT_THAT(secondary.json()->getValue<std::string>("message"), HasSubstr("secondary rate limit"));
  EXPECT_EQ(api("/user", token).status, 200);
}

TEST_F(FakeGitHubTest, EtagsAnswer304WithoutSpendingTheBudget) {
  const auto first = api("/user", token);
  const std::string etag = first.header("ETag");
  Headers h = api_headers(token);
  h.emplace_back("If-None-Match", etag);
  const auto again = call(fake->port(), "GET", "/api/v3/user", h);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("x-ratelimit-remaining"), first.header("x-ratelimit-remaining"));
  EXPECT_EQ(fake->stats().not_modified, 1);
}

// ---- git face -----------------------------------------------------------------------------

class GitTest : public FakeGitHubTest {
 protected:
  void SetUp() override {
    FakeGitHubTest::SetUp();
    work = Poco::TemporaryFile::tempName() + "-git-work";
    std::filesystem::create_directories(work);
  }
  void TearDown() override { std::filesystem::remove_all(work); }
  std::string work;
};

TEST_F(GitTest, CloneAndPushThroughTheFake) {
  const auto repo = fake->create_repo({.owner = "alice", .name = "backup", .is_private = true});
  const auto clone = git({"clone", fake->clone_url("alice/backup"), "checkout"}, token, work);
  ASSERT_EQ(clone.exit_code, 0) << clone.err;
  const std::string dir = work + "/checkout";
  ASSERT_TRUE(std::filesystem::exists(dir + "/README.md"));
  { std::ofstream(dir + "/schema.json") << "{}\n"; }
  ASSERT_EQ(git({"add", "schema.json"}, token, dir).exit_code, 0);
  ASSERT_EQ(git({"commit", "-m", "snapshot"}, token, dir).exit_code, 0);
  const auto push = git({"push", "origin", "main"}, token, dir);
  ASSERT_EQ(push.exit_code, 0) << push.err;
  const std::string head = git({"rev-parse", "HEAD"}, token, dir).out.substr(0, 40);
  const auto branches = api("/repos/alice/backup/branches", token).array();
  ASSERT_EQ(branches->size(), 1u);
  EXPECT_EQ(branches->getObject(0)->getObject("commit")->getValue<std::string>("sha"), head);
  const auto bare_head = github_detail::run_process("git", {"--git-dir=" + repo.path, "rev-parse", "main"}, work, {}, "");
  EXPECT_EQ(bare_head.out.substr(0, 40), head);

  const auto stats = fake->stats();
  EXPECT_GE(stats.by_route.at("POST /alice/backup.git/git-receive-pack"), 1);
  for (const auto& request : stats.recent) EXPECT_THAT(request.target, Not(HasSubstr(token)));
}

TEST_F(GitTest, AWrongTokenIsRefusedOnceAndCounted) {
  fake->create_repo({.owner = "alice", .name = "locked", .is_private = true});
  const auto clone = git({"clone", fake->clone_url("alice/locked"), "x"}, "ghp_wrong", work);
  EXPECT_NE(clone.exit_code, 0);
  const auto stats = fake->stats();
  EXPECT_EQ(stats.git_rejected_credentials.at("alice/locked"), 1);
  EXPECT_GE(stats.git_auth_failures.at("alice/locked"), 1);
  const auto raw = call(fake->port(), "GET", "/alice/locked.git/info/refs?service=git-upload-pack");
  EXPECT_EQ(raw.status, 401);
  EXPECT_EQ(raw.header("WWW-Authenticate"), "Basic realm=\"GitHub\"");
  EXPECT_THAT(raw.header("Content-Type"), HasSubstr("text/plain"));
}

TEST_F(GitTest, ProtectedBranchesArchivedReposAndReadOnlyUsersRefusePushes) {
  const auto repo = fake->create_repo({.owner = "alice", .name = "guarded", .branches = {"dev"}});
  ASSERT_EQ(git({"clone", fake->clone_url("alice/guarded"), "c"}, token, work).exit_code, 0);
  const std::string dir = work + "/c";
  ASSERT_EQ(git({"commit", "--allow-empty", "-m", "change"}, token, dir).exit_code, 0);
  fake->protect_branch(repo.id, "main");
  const auto refused = git({"push", "origin", "main"}, token, dir);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("protected branch hook declined"));
  EXPECT_EQ(git({"push", "origin", "HEAD:dev", "--force"}, token, dir).exit_code, 0);

  const std::string bobs = fake->create_token({.login = "bob", .scopes = {"repo"}});
  const auto readonly = git({"push", "origin", "HEAD:dev2"}, bobs, dir);
  EXPECT_NE(readonly.exit_code, 0);
  EXPECT_THAT(readonly.err, HasSubstr("403"));

  fake->archive_repo(repo.id);
  const auto archived = git({"push", "origin", "HEAD:dev"}, token, dir);
  EXPECT_NE(archived.exit_code, 0);
  EXPECT_THAT(archived.err, HasSubstr("archived"));
}

TEST_F(GitTest, OldNamesAreNotServedByGit) {
  const auto repo = fake->create_repo({.owner = "alice", .name = "before"});
  fake->rename_repo(repo.id, "alice/after");
  EXPECT_NE(git({"clone", fake->clone_url("alice/before"), "o"}, token, work).exit_code, 0);
  EXPECT_GE(fake->stats().git_old_name_requests.at("alice/before"), 1);
  EXPECT_EQ(git({"clone", fake->clone_url("alice/after"), "n"}, token, work).exit_code, 0);
}

// ---- control endpoints -------------------------------------------------------------------

TEST_F(FakeGitHubTest, ControlEndpointsDriveTheFakeOverHttp) {
  EXPECT_EQ(control("GET", "/__fake/health").status, 200);
  ASSERT_EQ(control("POST", "/__fake/users", R"({"login":"carol","orgs":["acme"]})").status, 200);
  const auto minted = control("POST", "/__fake/tokens", R"({"login":"carol","kind":"fine_grained","all_repositories":true})");
  const std::string carol = minted.json()->getValue<std::string>("token");
  const auto repo = control("POST", "/__fake/repos", R"({"owner":"acme","name":"ops","private":true,"branches":["x"]})").json();
  EXPECT_EQ(repo->getValue<std::string>("full_name"), "acme/ops");
  EXPECT_TRUE(std::filesystem::exists(repo->getValue<std::string>("path") + "/HEAD"));
  EXPECT_EQ(api("/repos/acme/ops/branches", carol).array()->size(), 2u);
  const std::string id = std::to_string(repo->getValue<std::int64_t>("id"));
  EXPECT_EQ(control("POST", "/__fake/repos/" + id + "/rename", R"({"full_name":"acme/ops2"})").status, 200);
  EXPECT_EQ(api("/repos/acme/ops", carol).status, 301);
  EXPECT_EQ(control("POST", "/__fake/rate-limit", R"({"kind":"secondary","requests":1,"seconds":7,"status":429})").status, 200);
  EXPECT_EQ(api("/user", carol).header("retry-after"), "7");
  EXPECT_EQ(control("POST", "/__fake/tokens/revoke", "{\"token\":\"" + carol + "\"}").status, 200);
  EXPECT_EQ(api("/user", carol).status, 401);
  EXPECT_EQ(control("POST", "/__fake/repos", R"({"owner":"nobody","name":"x"})").status, 400);
  const auto stats = control("GET", "/__fake/stats").json();
  EXPECT_EQ(stats->getObject("by_route")->getValue<int>("GET /api/v3/user"), 2);
  EXPECT_EQ(stats->getObject("by_status")->getValue<int>("401"), 1);
  const auto recent = stats->getArray("recent");
  ASSERT_GT(recent->size(), 0u);
  bool saw_version = false;
  for (const auto& h : *recent->getObject(0)->getArray("headers")) {
    const auto pair = h.extract<Poco::JSON::Array::Ptr>();
    if (pair->getElement<std::string>(0) == "X-GitHub-Api-Version") saw_version = pair->getElement<std::string>(1) == "2022-11-28";
  }
  EXPECT_TRUE(saw_version);
  EXPECT_EQ(control("POST", "/__fake/reset").status, 200);
  EXPECT_EQ(fake->stats().total, 0);
}

}  // namespace
}  // namespace hsd::fakes
