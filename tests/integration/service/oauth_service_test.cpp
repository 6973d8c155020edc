// The service's OAuth consent flow against the fake HubSpot: /start redirects to the
// provider with a state bound to the caller, the workspace and the plugin; /callback redeems
// that state once, connects, queues the first retrieval and sends the browser to the UI. Every
// bad state is refused before any code reaches HubSpot.
#include <Poco/URI.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "hubspot_service_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kServiceKeys = "scheduler_tick: 1s, retrieve_interval: 0";
constexpr const char* kTokenPath = "/oauth/2026-03/token";
constexpr const char* kCallbackUri = "http://ui.test/api/v1/oauth/hubspot/callback";

std::string param(const std::string& url, const std::string& name) {
  for (const auto& [key, value] : Poco::URI(url).getQueryParameters()) {
    if (key == name) return value;
  }
  return "";
}

// The callback path a browser would come back to, for a given state (and code).
std::string callback_path(const std::string& plugin, const std::string& query) {
  return "/api/v1/oauth/" + plugin + "/callback?" + query;
}

std::string encoded(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "&=+?#/", out);
  return out;
}

class ServiceOAuth : public HubSpotServiceTest {
 protected:
  std::int64_t connection_count() { return sql_int("SELECT count(*) FROM connections"); }

  // A fresh state from /start, as the owner, for the owner's workspace.
  std::string fresh_state() {
    auto started = oauth_start(owner().token, owner().workspace_id);
    EXPECT_EQ(started.status, 302) << started.body;
    return param(started.headers["location"], "state");
  }
};

TEST_F(ServiceOAuth, ConsentConnectsQueuesTheFirstRetrievalAndSpendsTheState) {
  start_fake();
  start_service(kServiceKeys);

  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string authorize = started.headers["location"];
  const Poco::URI authorize_uri(authorize);
  EXPECT_EQ(authorize_uri.getScheme() + "://" + authorize_uri.getAuthority(), fake().base_url());
  EXPECT_EQ(authorize_uri.getPath(), "/oauth/authorize");
  EXPECT_EQ(param(authorize, "client_id"), fake().options().client_id);
  EXPECT_EQ(param(authorize, "redirect_uri"), kCallbackUri);
  const std::string state = param(authorize, "state");
  EXPECT_GE(state.size(), 32u) << "the state must be unguessable: " << authorize;
  EXPECT_THAT(param(authorize, "scope"), HasSubstr("crm.schemas.custom.read"));
  EXPECT_EQ(sql_int("SELECT count(*) FROM oauth_states WHERE used_at IS NULL"), 1);
  EXPECT_EQ(sql_int("SELECT count(*) FROM oauth_states WHERE state_hash = '" + state + "'"), 0)
      << "the state itself must not be stored, only its hash";

  // The browser at HubSpot: consent, then back to the service's callback with code and state.
  const std::string back = consent(authorize);
  ASSERT_EQ(back.rfind(kCallbackUri, 0), 0u) << back;
  EXPECT_EQ(param(back, "state"), state);
  ASSERT_FALSE(param(back, "code").empty()) << back;
  auto called = follow_to_service(back);
  ASSERT_EQ(called.status, 302) << called.body;
  const std::string landing = called.headers["location"];
  ASSERT_EQ(landing.rfind("http://ui.test/connections?connected=", 0), 0u) << landing;
  const auto id = std::stoll(param(landing, "connected"));
  EXPECT_EQ(requests_to(kTokenPath), 1u) << "the code is exchanged exactly once";

  auto shown = connection(id);
  EXPECT_EQ(shown->getValue<std::int64_t>("workspace"), owner().workspace_id);
  EXPECT_EQ(shown->getValue<std::string>("plugin"), "hubspot");
  EXPECT_EQ(shown->getValue<std::string>("auth_type"), "oauth");
  EXPECT_EQ(shown->getValue<std::string>("account_id"), std::to_string(fake().options().hub_id));
  EXPECT_EQ(shown->getValue<std::string>("account_name"), fake().options().hub_domain);
  EXPECT_FALSE(shown->isNull("token_expires_at"));

  // The first retrieval was queued by the callback and a worker runs it to completion.
  auto jobs = api().get("/api/v1/jobs?connection=" + std::to_string(id), owner().token);
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  ASSERT_EQ(jobs.array()->size(), 1u) << jobs.body;
  const auto job = jobs.array()->getObject(0);
  EXPECT_EQ(job->getValue<std::string>("pipeline"), "retrieve");
  const std::string job_id = job->get("id").toString();
  ASSERT_NE(wait_log({"\"job succeeded\"", "\"job\":\"" + job_id + "\""}), "");
  EXPECT_EQ(connection(id)->getValue<std::string>("status"), "completed");
  EXPECT_EQ(api_metadata(id), hashes_of(fake().expected_objects()));

  // The same redirect again (a reload, or someone replaying it): the state is spent.
  auto replayed = follow_to_service(back);
  EXPECT_EQ(replayed.status, 400) << replayed.body;
  EXPECT_THAT(replayed.error_message(), HasSubstr("already used"));
  EXPECT_EQ(requests_to(kTokenPath), 1u) << "a replayed state must not reach HubSpot";
  EXPECT_EQ(connection_count(), 1);
}

TEST_F(ServiceOAuth, TwoCallbacksRacingWithOneStateConnectOnce) {
  start_fake();
  start_service(kServiceKeys);
  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string back = consent(started.headers["location"]);

  // A double click: the same redirect arrives several times at once.
  constexpr int kCallers = 4;
  std::vector<HttpReply> replies(kCallers);
  {
    std::vector<std::thread> callers;
    for (int i = 0; i < kCallers; ++i) callers.emplace_back([&, i] { replies[i] = follow_to_service(back); });
    for (auto& caller : callers) caller.join();
  }
  int connected = 0;
  for (const auto& reply : replies) {
    if (reply.status == 302) {
      ++connected;
    } else {
      EXPECT_EQ(reply.status, 400) << reply.body;
      EXPECT_THAT(reply.error_message(), HasSubstr("already used"));
    }
  }
  EXPECT_EQ(connected, 1);
  EXPECT_EQ(requests_to(kTokenPath), 1u) << "the code must be redeemed once";
  EXPECT_EQ(connection_count(), 1);
  EXPECT_EQ(sql_int("SELECT count(*) FROM jobs"), 1);
}

TEST_F(ServiceOAuth, UnknownForeignAndExpiredStatesAreRefusedBeforeHubSpotIsAsked) {
  start_fake();
  start_service(kServiceKeys);

  // No state at all, and one the service never issued.
  auto missing = api().get(callback_path("hubspot", "code=abc"));
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_THAT(missing.error_message(), HasSubstr("no state"));
  auto unknown = api().get(callback_path("hubspot", "code=abc&state=" + std::string(64, 'a')));
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_THAT(unknown.error_message(), HasSubstr("unknown"));

  // A state issued for hubspot, brought back to another plugin's callback.
  const std::string hubspot_state = fresh_state();
  const std::string code = param(consent(fake().base_url() + "/oauth/authorize?client_id=" +
                                         fake().options().client_id + "&redirect_uri=" + encoded(kCallbackUri) +
                                         "&scope=forms&state=x"),
                                 "code");
  ASSERT_FALSE(code.empty());
  auto foreign = api().get(callback_path("echo_source", "code=" + encoded(code) + "&state=" + hubspot_state));
  EXPECT_EQ(foreign.status, 400) << foreign.body;
  EXPECT_THAT(foreign.error_message(), HasSubstr("another workspace, user or plugin"));

  // A state older than its 10 minutes (aged in the database).
  const std::string old_state = fresh_state();
  sql_exec("UPDATE oauth_states SET expires_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 1000 "
           "WHERE used_at IS NULL");
  auto expired = api().get(callback_path("hubspot", "code=" + encoded(code) + "&state=" + old_state));
  EXPECT_EQ(expired.status, 400) << expired.body;
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
  EXPECT_EQ(expired.error_code(), missing.error_code());

  EXPECT_EQ(requests_to(kTokenPath), 0u) << "a refused state must never let a code reach HubSpot";
  EXPECT_EQ(connection_count(), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM jobs"), 0);
}

TEST_F(ServiceOAuth, DeniedConsentIsRefusedAndSpendsTheState) {
  auto options = small_portal();
  options.deny_authorization = true;  // the user clicks "Cancel" on HubSpot's consent page
  start_fake(options);
  start_service(kServiceKeys);

  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string back = consent(started.headers["location"]);
  ASSERT_EQ(param(back, "error"), "access_denied") << back;
  ASSERT_TRUE(param(back, "code").empty()) << back;

  auto denied = follow_to_service(back);
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_THAT(denied.error_message(), HasSubstr("access_denied"));
  EXPECT_EQ(connection_count(), 0);
  EXPECT_EQ(requests_to(kTokenPath), 0u);

  // The refusal spent the state: it cannot be brought back with a code afterwards.
  auto reused = api().get(callback_path("hubspot", "code=stolen&state=" + param(back, "state")));
  EXPECT_EQ(reused.status, 400) << reused.body;
  EXPECT_THAT(reused.error_message(), HasSubstr("already used"));
  EXPECT_EQ(requests_to(kTokenPath), 0u);
  EXPECT_EQ(connection_count(), 0);
}

// A browser (it asks for HTML) is not left on a JSON error page: every failure sends it back to
// the Connections page with the message, which the UI shows; scripts keep the JSON error.
TEST_F(ServiceOAuth, ABrowsersFailedCallbackGoesBackToTheConnectionsPageWithTheMessage) {
  auto options = small_portal();
  options.deny_authorization = true;
  start_fake(options);
  start_service(kServiceKeys);
  const std::map<std::string, std::string> browser = {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};

  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string back = consent(started.headers["location"]);
  auto denied = api().request("GET", Poco::URI(back).getPathAndQuery(), "", std::nullopt, browser);
  EXPECT_EQ(denied.status, 302) << denied.body;
  const std::string location = denied.headers["location"];
  EXPECT_EQ(location.rfind("http://ui.test/connections?oauth_error=", 0), 0u) << location;
  EXPECT_THAT(param(location, "oauth_error"), HasSubstr("access_denied"));
  EXPECT_EQ(connection_count(), 0);

  // The same spent state again, as a browser and as a script.
  auto reused = api().request("GET", callback_path("hubspot", "code=stolen&state=" + param(back, "state")), "",
                              std::nullopt, browser);
  EXPECT_EQ(reused.status, 302);
  EXPECT_THAT(param(reused.headers["location"], "oauth_error"), HasSubstr("already used"));
  auto scripted = api().get(callback_path("hubspot", "code=stolen&state=" + param(back, "state")));
  EXPECT_EQ(scripted.status, 400) << scripted.body;
  EXPECT_THAT(scripted.error_message(), HasSubstr("already used"));
  EXPECT_EQ(requests_to(kTokenPath), 0u);
}

TEST_F(ServiceOAuth, ACodeHubSpotRefusesConnectsNothingAndIsNotMistakenForABadApiToken) {
  start_fake();
  start_service(kServiceKeys);
  auto started = oauth_start(owner().token, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  const std::string state = param(started.headers["location"], "state");

  // A code HubSpot does not know (forged, or already redeemed elsewhere): the exchange fails.
  auto called = api().get(callback_path("hubspot", "code=not-a-real-code&state=" + state));
  EXPECT_EQ(requests_to(kTokenPath), 1u);
  // The browser carries no API token, so a 401 would wrongly tell the UI its own session is
  // invalid; the provider's refusal is about the authorization, as access_denied is.
  EXPECT_THAT(called.status, ::testing::AnyOf(400, 403, 422)) << called.body;
  EXPECT_THAT(called.error_message(), HasSubstr("BAD_AUTH_CODE"));
  EXPECT_THAT(called.body, ::testing::Not(HasSubstr("not-a-real-code")));
  EXPECT_EQ(called.headers.count("location"), 0u);
  EXPECT_EQ(connection_count(), 0);
  EXPECT_EQ(sql_int("SELECT count(*) FROM jobs"), 0);
}

TEST_F(ServiceOAuth, OnlyAnAdminOfTheWorkspaceMayStart) {
  start_fake();
  start_service(kServiceKeys);
  const std::string ws = "/api/v1/workspaces/" + std::to_string(owner().workspace_id);
  auto added = api().post(ws + "/members", owner().token, R"({"email":"member@acme.test","role":"member"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string member = service().create_token("member@acme.test");
  // A workspace the owner of "acme" is not part of.
  auto other = api().post("/api/v1/workspaces", member, R"({"name":"elsewhere"})");
  ASSERT_EQ(other.status, 201) << other.body;
  const auto other_ws = other.json()->getValue<std::int64_t>("id");

  auto anonymous = oauth_start("", owner().workspace_id);
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  auto by_member = oauth_start(member, owner().workspace_id);
  EXPECT_EQ(by_member.status, 403) << by_member.body;
  auto foreign = oauth_start(owner().token, other_ws);
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  auto no_workspace = api().get("/api/v1/oauth/hubspot/start", owner().token);
  EXPECT_EQ(no_workspace.status, 422) << no_workspace.body;  // a field error, as elsewhere in the API
  EXPECT_EQ(no_workspace.error_field(), "workspace");
  auto no_flow = oauth_start(owner().token, owner().workspace_id, "no_such_plugin");
  EXPECT_EQ(no_flow.status, 404) << no_flow.body;
  for (const auto* reply : {&anonymous, &by_member, &foreign, &no_workspace, &no_flow}) {
    EXPECT_EQ(reply->headers.count("location"), 0u) << "a refusal must not redirect: " << reply->body;
  }
  EXPECT_EQ(sql_int("SELECT count(*) FROM oauth_states"), 0) << "a refused start must not store a state";

  // The member is an owner of their own workspace, so there they may.
  auto own = oauth_start(member, other_ws);
  EXPECT_EQ(own.status, 302) << own.body;
  EXPECT_EQ(sql_int("SELECT count(*) FROM oauth_states"), 1);
}

TEST_F(ServiceOAuth, TheCallbackChecksTheRoleAgainWhenTheBrowserComesBack) {
  start_fake();
  start_service(kServiceKeys);
  const std::string ws = "/api/v1/workspaces/" + std::to_string(owner().workspace_id);
  auto added = api().post(ws + "/members", owner().token, R"({"email":"admin@acme.test","role":"admin"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const auto admin_id = added.json()->getValue<std::int64_t>("user_id");
  const std::string admin = service().create_token("admin@acme.test");

  auto started = oauth_start(admin, owner().workspace_id);
  ASSERT_EQ(started.status, 302) << started.body;
  // While the admin is at HubSpot, the owner makes them a member.
  auto demoted = api().patch(ws + "/members/" + std::to_string(admin_id), owner().token, R"({"role":"member"})");
  ASSERT_EQ(demoted.status, 200) << demoted.body;
  const std::string back = consent(started.headers["location"]);
  auto called = follow_to_service(back);
  EXPECT_EQ(called.status, 403) << called.body;
  EXPECT_EQ(called.headers.count("location"), 0u);
  EXPECT_EQ(connection_count(), 0);
  EXPECT_EQ(requests_to(kTokenPath), 0u) << "the code must not be redeemed for a caller who may not connect";

  auto replayed = follow_to_service(back);
  EXPECT_EQ(replayed.status, 400) << replayed.body;
  EXPECT_THAT(replayed.error_message(), HasSubstr("already used"));
}

}  // namespace
}  // namespace hsd::testing
