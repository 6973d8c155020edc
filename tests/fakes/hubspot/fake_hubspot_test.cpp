// Tests of the fake HubSpot over real HTTP (Poco HTTPClientSession): the wire formats, paging,
// auth failures, scopes, rate limits with an injected clock, faults and the control endpoints.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hsd/json_text.hpp>

#include <chrono>
#include <cmath>
#include <future>
#include <thread>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "hsd/fakes/fake_hubspot.hpp"

namespace hsd::fakes {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  Poco::JSON::Object::Ptr json() const { return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>(); }
};

class Client {
 public:
  explicit Client(const FakeHubSpot& fake) : port_(fake.port()) {}

  HttpResult call(const std::string& method, const std::string& target, const std::string& bearer = "",
                  const std::string& body = "", const std::string& content_type = "") const {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!bearer.empty()) request.set("Authorization", "Bearer " + bearer);
    if (!content_type.empty()) request.setContentType(content_type);
    if (!body.empty() || method == "POST") request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, result.body);
    for (const auto& [name, value] : response) result.headers[name] = value;
    return result;
  }
  HttpResult get(const std::string& target, const std::string& bearer = "") const { return call("GET", target, bearer); }
  HttpResult post_form(const std::string& target, const std::string& form) const {
    return call("POST", target, "", form, "application/x-www-form-urlencoded");
  }
  HttpResult post_json(const std::string& target, const std::string& json, const std::string& bearer = "") const {
    return call("POST", target, bearer, json, "application/json");
  }

 private:
  std::uint16_t port_;
};

std::vector<std::string> all_scopes_with_sensitive() {
  auto scopes = default_granted_scopes();
  scopes.push_back("crm.objects.contacts.sensitive.read.v2");
  scopes.push_back("crm.objects.contacts.highly_sensitive.read.v2");
  return scopes;
}

FakeHubSpotOptions small_options() {
  FakeHubSpotOptions o;
  o.sizes.flows = 230;
  o.sizes.forms = 140;
  o.rate_limit = 0;  // most tests make many calls; rate limiting has its own tests
  return o;
}

std::string access_token_of(const std::string& token_json) {
  return Poco::JSON::Parser().parse(token_json).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("access_token");
}

std::vector<ExpectedObject> of_type(const std::vector<ExpectedObject>& all, const std::string& type) {
  std::vector<ExpectedObject> out;
  for (const auto& o : all)
    if (o.type == type) out.push_back(o);
  return out;
}

std::string concat_results(const std::vector<ExpectedObject>& objects) {
  std::string out = "{\"results\":[";
  for (std::size_t i = 0; i < objects.size(); ++i) out += (i ? "," : "") + objects[i].json;
  return out + "]}";
}

class FakeHubSpotTest : public ::testing::Test {
 protected:
  void start(FakeHubSpotOptions options = small_options()) {
    fake_ = std::make_unique<FakeHubSpot>(std::move(options));
    fake_->start();
    client_ = std::make_unique<Client>(*fake_);
    token_ = access_token_of(fake_->issue_token(fake_->options().granted_scopes));
  }
  void TearDown() override {
    if (fake_) fake_->stop();
  }

  std::unique_ptr<FakeHubSpot> fake_;
  std::unique_ptr<Client> client_;
  std::string token_;
};

// --- data and determinism -------------------------------------------------------------------

TEST(FakeHubSpotDataTest, SameSeedGivesSameBytesAndOtherSeedDiffers) {
  FakeHubSpot a(small_options()), b(small_options());
  auto other = small_options();
  other.seed = 7;
  FakeHubSpot c(other);
  const auto ea = a.expected_objects(), eb = b.expected_objects(), ec = c.expected_objects();
  ASSERT_EQ(ea.size(), eb.size());
  for (std::size_t i = 0; i < ea.size(); ++i) {
    EXPECT_EQ(ea[i].id, eb[i].id);
    EXPECT_EQ(ea[i].json, eb[i].json);
  }
  std::string all_a, all_c;
  for (const auto& o : ea) all_a += o.json;
  for (const auto& o : ec) all_c += o.json;
  EXPECT_NE(all_a, all_c);
}

TEST(FakeHubSpotDataTest, LabelsAreNastyAndSomeEnumerationsHaveOverHundredOptions) {
  FakeHubSpot fake(small_options());
  std::string all;
  std::size_t max_options = 0;
  for (const auto& o : fake.expected_objects()) {
    all += o.json;
    if (o.type == "contact_properties") {
      const auto obj = Poco::JSON::Parser().parse(o.json).extract<Poco::JSON::Object::Ptr>();
      max_options = std::max<std::size_t>(max_options, obj->getArray("options")->size());
    }
  }
  EXPECT_THAT(all, HasSubstr("\\n"));                       // a newline, escaped
  EXPECT_THAT(all, HasSubstr("He said \\\"hi\\\""));        // quotes
  EXPECT_THAT(all, HasSubstr("back\\\\slash"));             // backslashes
  EXPECT_THAT(all, HasSubstr("a/b/c"));                     // slashes, not escaped
  EXPECT_THAT(all, HasSubstr("\xE6\x97\xA5\xE6\x9C\xAC"));  // 日本
  EXPECT_THAT(all, HasSubstr("\xC3\xBC"));                  // ü
  EXPECT_THAT(all, HasSubstr("\xF0\x9F\x9A\x80"));          // 🚀
  EXPECT_GE(max_options, 100u);
  // Every object text is valid JSON on its own.
  for (const auto& o : fake.expected_objects()) EXPECT_NO_THROW(Poco::JSON::Parser().parse(o.json)) << o.id;
}

TEST(FakeHubSpotDataTest, ExpectedObjectsFollowScopes) {
  auto options = small_options();
  options.granted_scopes = all_scopes_with_sensitive();
  FakeHubSpot fake(options);
  const auto with = of_type(fake.expected_objects(), "contact_properties");
  const auto without = of_type(fake.expected_objects(default_granted_scopes()), "contact_properties");
  const auto& s = options.sizes;
  EXPECT_EQ(with.size(), static_cast<std::size_t>(s.contact_properties + s.archived_properties +
                                                  s.sensitive_properties + s.highly_sensitive_properties));
  EXPECT_EQ(without.size(), static_cast<std::size_t>(s.contact_properties + s.archived_properties));
  EXPECT_TRUE(fake.expected_objects({"oauth"}).empty());
}

TEST(JsonWriterTest, EscapesLikeHubSpot) {
  EXPECT_EQ(hsd::sdk::json_string("a\"b\\c/d\ne\x01\xC3\xBC"), "\"a\\\"b\\\\c/d\\ne\\u0001\xC3\xBC\"");
}

// --- listing endpoints ---------------------------------------------------------------------

TEST_F(FakeHubSpotTest, SchemasAndPropertiesAreUnpagedAndByteIdentical) {
  start();
  const auto expected = fake_->expected_objects();
  const auto schemas = client_->get("/crm-object-schemas/2026-03/schemas", token_);
  ASSERT_EQ(schemas.status, 200);
  EXPECT_EQ(schemas.body, concat_results(of_type(expected, "custom_object_schemas")));
  EXPECT_EQ(client_->get("/crm/v3/schemas", token_).body, schemas.body);
  EXPECT_EQ(client_->get("/crm-object-schemas/v3/schemas", token_).body, schemas.body);

  const auto bare = client_->get("/crm-object-schemas/2026-03/schemas?includePropertyDefinitions=false", token_).json();
  EXPECT_EQ(bare->getArray("results")->getObject(0)->getArray("properties")->size(), 0u);

  const auto contacts = client_->get("/crm/properties/2026-03/contacts", token_);
  ASSERT_EQ(contacts.status, 200);
  EXPECT_THAT(contacts.body, Not(HasSubstr("\"paging\"")));
  EXPECT_EQ(client_->get("/crm/v3/properties/contacts", token_).body, contacts.body);
  const auto archived = client_->get("/crm/properties/2026-03/contacts?archived=true", token_);
  // Active plus archived pages, concatenated, are exactly the expected contact properties.
  const auto active_results = contacts.json()->getArray("results")->size();
  const auto archived_results = archived.json()->getArray("results")->size();
  EXPECT_EQ(active_results, static_cast<std::size_t>(fake_->options().sizes.contact_properties));
  EXPECT_EQ(archived_results, static_cast<std::size_t>(fake_->options().sizes.archived_properties));
  auto props = of_type(expected, "contact_properties");
  std::vector<ExpectedObject> active(props.begin(), props.begin() + static_cast<long>(active_results));
  EXPECT_EQ(contacts.body, concat_results(active));
  for (std::size_t i = 0; i < archived_results; ++i)
    EXPECT_TRUE(archived.json()->getArray("results")->getObject(static_cast<unsigned>(i))->getValue<bool>("archived"));

  const auto deals = client_->get("/crm/properties/2026-03/deals", token_);
  EXPECT_EQ(deals.json()->getArray("results")->size(), static_cast<std::size_t>(fake_->options().sizes.deal_properties));
  EXPECT_EQ(client_->get("/crm/properties/2026-03/nonsense", token_).status, 400);
}

TEST_F(FakeHubSpotTest, SensitivePropertiesNeedTheirScope) {
  start();
  const auto denied = client_->get("/crm/properties/2026-03/contacts?dataSensitivity=sensitive", token_);
  ASSERT_EQ(denied.status, 403);
  EXPECT_EQ(denied.json()->getValue<std::string>("category"), "MISSING_SCOPES");
  const std::string sensitive_token = access_token_of(fake_->issue_token(all_scopes_with_sensitive()));
  const auto ok = client_->get("/crm/properties/2026-03/contacts?dataSensitivity=sensitive", sensitive_token);
  ASSERT_EQ(ok.status, 200);
  const auto results = ok.json()->getArray("results");
  ASSERT_EQ(results->size(), static_cast<std::size_t>(fake_->options().sizes.sensitive_properties));
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("dataSensitivity"), "sensitive");
}

TEST_F(FakeHubSpotTest, FlowPagingEndsWithEveryFlowAndBatchReadReturnsFullDefinitions) {
  start();
  const auto expected = of_type(fake_->expected_objects(), "workflows");
  std::vector<std::string> ids;
  std::string target = "/automation/v4/flows?limit=100";
  int pages = 0;
  while (true) {
    const auto page = client_->get(target, token_);
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    const auto json = page.json();
    const auto results = json->getArray("results");
    for (std::size_t i = 0; i < results->size(); ++i) {
      const auto flow = results->getObject(static_cast<unsigned>(i));
      EXPECT_FALSE(flow->has("actions"));  // the listing omits them
      ids.push_back(flow->getValue<std::string>("id"));
    }
    if (!json->has("paging")) break;
    target = "/automation/v4/flows?limit=100&after=" +
             json->getObject("paging")->getObject("next")->getValue<std::string>("after");
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(ids.size(), expected.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], expected[i].id);

  std::string body = "{\"inputs\":[";
  for (std::size_t i = 0; i < 100; ++i) body += std::string(i ? "," : "") + "{\"type\":\"FLOW_ID\",\"flowId\":\"" + ids[i] + "\"}";
  body += "]}";
  const auto batch = client_->post_json("/automation/v4/flows/batch/read", body, token_);
  ASSERT_EQ(batch.status, 200);
  EXPECT_EQ(batch.json()->getValue<std::string>("status"), "COMPLETE");
  EXPECT_EQ(batch.json()->getArray("results")->size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) EXPECT_THAT(batch.body, HasSubstr(expected[i].json));
  EXPECT_THAT(expected[0].json, HasSubstr("\"actions\":["));
  EXPECT_THAT(expected[0].json, HasSubstr("_FLOW\""));

  EXPECT_EQ(client_->get("/automation/v4/flows/" + ids[5], token_).body, expected[5].json);
}

TEST_F(FakeHubSpotTest, FlowErrorsUnknownIdsLimitsAndCursors) {
  start();
  const auto first = of_type(fake_->expected_objects(), "workflows").front();
  const auto partial = client_->post_json(
      "/automation/v4/flows/batch/read",
      "{\"inputs\":[{\"type\":\"FLOW_ID\",\"flowId\":\"" + first.id + "\"},{\"type\":\"FLOW_ID\",\"flowId\":\"404404\"}]}",
      token_);
  ASSERT_EQ(partial.status, 207);
  EXPECT_EQ(partial.json()->getValue<int>("numErrors"), 1);
  EXPECT_EQ(partial.json()->getArray("errors")->size(), 1u);
  EXPECT_EQ(partial.json()->getArray("results")->size(), 1u);

  std::string too_many = "{\"inputs\":[";
  for (int i = 0; i < 101; ++i) too_many += std::string(i ? "," : "") + "{\"type\":\"FLOW_ID\",\"flowId\":\"1\"}";
  too_many += "]}";
  EXPECT_EQ(client_->post_json("/automation/v4/flows/batch/read", too_many, token_).status, 400);
  EXPECT_EQ(client_->post_json("/automation/v4/flows/batch/read", "{not json", token_).status, 400);

  const auto big = client_->get("/automation/v4/flows?limit=101", token_);
  EXPECT_EQ(big.status, 400);
  EXPECT_EQ(big.json()->getValue<std::string>("category"), "VALIDATION_ERROR");
  EXPECT_EQ(client_->get("/automation/v4/flows?after=garbage", token_).status, 400);
}

TEST_F(FakeHubSpotTest, FormsPageUpToFiftyAndDropPagingAboveFifty) {
  start();
  const auto expected = of_type(fake_->expected_objects(), "forms");
  std::vector<std::string> ids;
  std::string target = "/marketing/v3/forms?limit=50&formTypes=all";
  while (true) {
    const auto page = client_->get(target, token_);
    ASSERT_EQ(page.status, 200);
    const auto json = page.json();
    const auto results = json->getArray("results");
    for (std::size_t i = 0; i < results->size(); ++i)
      ids.push_back(results->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    if (!json->has("paging")) break;
    target = "/marketing/v3/forms?limit=50&formTypes=all&after=" +
             json->getObject("paging")->getObject("next")->getValue<std::string>("after");
  }
  ASSERT_EQ(ids.size(), expected.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], expected[i].id);

  // The quirk: limit > 50 answers a single page without `paging`, though more forms exist.
  const auto quirk = client_->get("/marketing/v3/forms?limit=100&formTypes=all", token_);
  ASSERT_EQ(quirk.status, 200);
  EXPECT_FALSE(quirk.json()->has("paging"));
  EXPECT_EQ(quirk.json()->getArray("results")->size(), 100u);

  // Default form type is hubspot only; several formTypes values combine.
  const auto hubspot_only = client_->get("/marketing/v3/forms?limit=50", token_).json()->getArray("results");
  for (std::size_t i = 0; i < hubspot_only->size(); ++i)
    EXPECT_EQ(hubspot_only->getObject(static_cast<unsigned>(i))->getValue<std::string>("formType"), "hubspot");
  const auto two = client_->get("/marketing/v3/forms?limit=50&formTypes=captured&formTypes=flow", token_).json();
  std::set<std::string> types;
  for (std::size_t i = 0; i < two->getArray("results")->size(); ++i)
    types.insert(two->getArray("results")->getObject(static_cast<unsigned>(i))->getValue<std::string>("formType"));
  EXPECT_EQ(types, (std::set<std::string>{"captured", "flow"}));

  const auto archived = client_->get("/marketing/v3/forms?archived=true&formTypes=all", token_).json();
  EXPECT_EQ(archived->getArray("results")->size(), static_cast<std::size_t>(fake_->options().sizes.archived_forms));
}

TEST_F(FakeHubSpotTest, AccountInfoVersions) {
  start();
  const auto v3 = client_->get("/account-info/v3/details", token_);
  ASSERT_EQ(v3.status, 200);
  EXPECT_EQ(v3.json()->getValue<std::uint64_t>("portalId"), fake_->options().hub_id);
  EXPECT_FALSE(v3.json()->has("portalName"));
  EXPECT_EQ(client_->get("/account-info/2026-03/details", token_).body, v3.body);
  EXPECT_TRUE(client_->get("/account-info/2026-09/details", token_).json()->has("portalName"));
}

// --- OAuth --------------------------------------------------------------------------------

class FakeHubSpotOAuthTest : public FakeHubSpotTest {
 protected:
  // Runs the consent step and returns the code from the redirect.
  std::string authorize(const std::string& scope = "oauth%20automation%20forms") {
    const auto r = client_->get("/oauth/authorize?client_id=hsd-fake-client-id&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb"
                                "&scope=" + scope + "&state=s%201");
    EXPECT_EQ(r.status, 302);
    const std::string location = r.header("Location");
    EXPECT_THAT(location, HasSubstr("http://127.0.0.1:9/cb?code="));
    EXPECT_THAT(location, HasSubstr("&state=s%201"));
    const auto start = location.find("code=") + 5;
    return location.substr(start, location.find('&', start) - start);
  }
  HttpResult exchange(const std::string& code) {
    return client_->post_form("/oauth/2026-03/token",
                              "grant_type=authorization_code&client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret"
                              "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb&code=" + code);
  }
  HttpResult refresh(const std::string& refresh_token) {
    return client_->post_form("/oauth/2026-03/token",
                              "grant_type=refresh_token&client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret"
                              "&refresh_token=" + refresh_token);
  }
};

TEST_F(FakeHubSpotOAuthTest, CodeExchangeRefreshAndRevoke) {
  start();
  const std::string code = authorize();
  const auto tokens = exchange(code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  const auto json = tokens.json();
  EXPECT_EQ(json->getValue<std::string>("token_type"), "bearer");
  EXPECT_EQ(json->getValue<int>("expires_in"), 1800);
  EXPECT_EQ(json->getValue<std::uint64_t>("hub_id"), fake_->options().hub_id);
  EXPECT_EQ(json->getArray("scopes")->size(), 3u);
  EXPECT_GE(json->getValue<std::string>("access_token").size(), 300u);
  const std::string access = json->getValue<std::string>("access_token");
  const std::string refresh_token = json->getValue<std::string>("refresh_token");
  EXPECT_EQ(client_->get("/automation/v4/flows?limit=1", access).status, 200);

  const auto reused = exchange(code);
  EXPECT_EQ(reused.status, 400);
  EXPECT_EQ(reused.json()->getValue<std::string>("status"), "BAD_AUTH_CODE");

  const auto refreshed = refresh(refresh_token);
  ASSERT_EQ(refreshed.status, 200);
  EXPECT_NE(refreshed.json()->getValue<std::string>("access_token"), access);
  EXPECT_EQ(refreshed.json()->getValue<std::string>("refresh_token"), refresh_token);  // no rotation by default

  const auto introspected = client_->post_form("/oauth/2026-03/token/introspect",
                                               "client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret&token=" + access);
  EXPECT_TRUE(introspected.json()->getValue<bool>("active"));
  EXPECT_EQ(introspected.json()->getValue<std::string>("token_type"), "access");
  const auto refresh_info = client_->post_form(
      "/oauth/2026-03/token/introspect", "client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret&token=" + refresh_token);
  EXPECT_EQ(refresh_info.json()->getValue<std::string>("token_type"), "refresh");
  EXPECT_FALSE(refresh_info.json()->has("expires_in"));
  EXPECT_EQ(client_->get("/oauth/v1/access-tokens/" + access).json()->getValue<std::string>("token"), access);

  const auto revoked = client_->post_form("/oauth/2026-03/token/revoke",
                                          "client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret&token=" + refresh_token);
  EXPECT_EQ(revoked.status, 200);
  const auto dead = refresh(refresh_token);
  ASSERT_EQ(dead.status, 400);
  EXPECT_EQ(dead.json()->getValue<std::string>("status"), "BAD_REFRESH_TOKEN");
  EXPECT_EQ(dead.json()->getValue<std::string>("message"), "missing or invalid refresh token");
  EXPECT_EQ(dead.json()->getValue<std::string>("error"), "invalid_grant");
  EXPECT_EQ(dead.json()->getValue<std::string>("error_description"), "refresh token is invalid, expired or revoked");
  EXPECT_FALSE(client_->post_form("/oauth/2026-03/token/introspect",
                                  "client_id=hsd-fake-client-id&client_secret=hsd-fake-client-secret&token=" + refresh_token)
                   .json()
                   ->getValue<bool>("active"));
}

TEST_F(FakeHubSpotOAuthTest, RotationAndV1RefreshTokenDelete) {
  auto options = small_options();
  options.rotate_refresh_tokens = true;
  start(options);
  const auto first = exchange(authorize()).json();
  const std::string refresh_token = first->getValue<std::string>("refresh_token");
  const auto rotated = refresh(refresh_token);
  ASSERT_EQ(rotated.status, 200);
  const std::string next = rotated.json()->getValue<std::string>("refresh_token");
  EXPECT_NE(next, refresh_token);
  EXPECT_EQ(refresh(refresh_token).status, 400);  // the old one died
  EXPECT_EQ(client_->get("/oauth/v1/refresh-tokens/" + next).json()->getValue<std::string>("token_type"), "refresh");
  EXPECT_EQ(client_->call("DELETE", "/oauth/v1/refresh-tokens/" + next).status, 204);
  EXPECT_EQ(refresh(next).status, 400);
}

TEST_F(FakeHubSpotOAuthTest, TokenEndpointErrors) {
  ManualClock clock;
  auto options = small_options();
  options.clock = clock.as_clock();
  start(options);
  const auto json_body = client_->post_json("/oauth/2026-03/token", "{\"grant_type\":\"refresh_token\"}");
  EXPECT_EQ(json_body.status, 415);
  const auto bad_client = client_->post_form("/oauth/2026-03/token",
                                             "grant_type=refresh_token&client_id=nope&client_secret=x&refresh_token=y");
  EXPECT_EQ(bad_client.status, 400);
  EXPECT_EQ(bad_client.json()->getValue<std::string>("status"), "BAD_CLIENT_ID");
  EXPECT_EQ(bad_client.json()->getValue<std::string>("error"), "invalid_client");
  EXPECT_EQ(client_->post_form("/oauth/2026-03/token", "grant_type=password").json()->getValue<std::string>("status"),
            "BAD_GRANT_TYPE");

  const std::string code = authorize();
  clock.advance(std::chrono::minutes(11));
  const auto expired = exchange(code);
  EXPECT_EQ(expired.status, 400);
  EXPECT_EQ(expired.json()->getValue<std::string>("status"), "EXPIRED_AUTH_CODE");
  EXPECT_EQ(exchange("never-issued").json()->getValue<std::string>("status"), "BAD_AUTH_CODE");
}

TEST_F(FakeHubSpotOAuthTest, ConsentPageErrorsAndDenial) {
  start();
  EXPECT_EQ(client_->get("/oauth/authorize?client_id=wrong&redirect_uri=http%3A%2F%2Fx%2Fcb&scope=oauth").status, 400);
  EXPECT_EQ(client_->get("/oauth/authorize?client_id=hsd-fake-client-id&redirect_uri=http%3A%2F%2Fx%2Fcb").status, 400);
  // Scopes the portal cannot grant are dropped (strict_required_scopes is off).
  const auto tokens = exchange(authorize("oauth%20automation%20crm.objects.contacts.sensitive.read.v2"));
  EXPECT_EQ(tokens.json()->getArray("scopes")->size(), 2u);

  auto options = small_options();
  options.deny_authorization = true;
  fake_->stop();
  start(options);
  const auto denied = client_->get("/oauth/authorize?client_id=hsd-fake-client-id&redirect_uri=http%3A%2F%2Fx%2Fcb&scope=oauth&state=q");
  EXPECT_EQ(denied.status, 302);
  EXPECT_THAT(denied.header("Location"), HasSubstr("http://x/cb?error=access_denied"));
  EXPECT_THAT(denied.header("Location"), HasSubstr("state=q"));
}

// --- auth failures, scopes, expiry --------------------------------------------------------

TEST_F(FakeHubSpotTest, AuthFailureShapes) {
  start();
  const auto missing = client_->get("/automation/v4/flows");
  ASSERT_EQ(missing.status, 401);
  EXPECT_EQ(missing.json()->getValue<std::string>("category"), "INVALID_AUTHENTICATION");
  EXPECT_THAT(missing.json()->getValue<std::string>("message"), HasSubstr("Authentication credentials not found"));

  const auto garbage = client_->get("/automation/v4/flows", "access-token");
  ASSERT_EQ(garbage.status, 401);
  EXPECT_EQ(garbage.json()->getValue<std::string>("category"), "EXPIRED_AUTHENTICATION");
  EXPECT_THAT(garbage.json()->getValue<std::string>("message"), HasSubstr("day(s) ago."));
  EXPECT_EQ(garbage.json()->getObject("context")->getArray("expire time")->getElement<std::string>(0),
            "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(fake_->stats().expired_token_requests, 0u);  // garbage is not an expired token
}

TEST_F(FakeHubSpotTest, TokenExpiresAfterItsLifetimeOnTheInjectedClock) {
  ManualClock clock;
  auto options = small_options();
  options.clock = clock.as_clock();
  options.access_token_lifetime = std::chrono::seconds(1800);
  start(options);
  clock.advance(std::chrono::seconds(1799));
  EXPECT_EQ(client_->get("/automation/v4/flows?limit=1", token_).status, 200);
  EXPECT_EQ(fake_->stats().expired_token_requests, 0u);
  clock.advance(std::chrono::seconds(2));
  const auto expired = client_->get("/automation/v4/flows?limit=1", token_);
  ASSERT_EQ(expired.status, 401);
  EXPECT_EQ(expired.json()->getValue<std::string>("category"), "EXPIRED_AUTHENTICATION");
  EXPECT_EQ(expired.json()->getValue<std::string>("message"),
            "The OAuth token used to make this call expired 1 second(s) ago.");
  clock.advance(std::chrono::minutes(5));
  EXPECT_THAT(client_->get("/automation/v4/flows", token_).json()->getValue<std::string>("message"),
              HasSubstr("expired 5 minute(s) ago"));
  EXPECT_EQ(fake_->stats().expired_token_requests, 2u);
}

TEST_F(FakeHubSpotTest, MissingScopesGranularShape) {
  start();
  const std::string weak = access_token_of(fake_->issue_token({"oauth"}));
  const auto denied = client_->get("/automation/v4/flows", weak);
  ASSERT_EQ(denied.status, 403);
  const auto json = denied.json();
  EXPECT_EQ(json->getValue<std::string>("category"), "MISSING_SCOPES");
  EXPECT_FALSE(json->has("context"));
  const auto scopes = json->getArray("errors")->getObject(0)->getObject("context")->getArray("requiredGranularScopes");
  ASSERT_EQ(scopes->size(), 1u);
  EXPECT_EQ(scopes->getElement<std::string>(0), "automation");
  const auto schema_scopes = client_->get("/crm-object-schemas/2026-03/schemas", weak)
                                 .json()->getArray("errors")->getObject(0)->getObject("context")
                                 ->getArray("requiredGranularScopes");
  EXPECT_EQ(schema_scopes->size(), 2u);  // any-of: crm.schemas.custom.read or crm.objects.custom.read
  EXPECT_EQ(client_->get("/marketing/v3/forms", weak).status, 403);
  EXPECT_EQ(client_->get("/crm/properties/2026-03/deals", weak).status, 403);
}

TEST_F(FakeHubSpotTest, MissingScopesLegacyAndSpecShapes) {
  auto options = small_options();
  options.missing_scopes_shape = MissingScopesShape::kLegacy;
  start(options);
  std::string weak = access_token_of(fake_->issue_token({"oauth"}));
  auto json = client_->get("/marketing/v3/forms", weak).json();
  EXPECT_EQ(json->getObject("context")->getArray("requiredScopes")->getElement<std::string>(0), "forms");
  fake_->stop();

  options.missing_scopes_shape = MissingScopesShape::kSpec;
  start(options);
  weak = access_token_of(fake_->issue_token({"oauth"}));
  json = client_->get("/marketing/v3/forms", weak).json();
  EXPECT_EQ(json->getArray("errors")->getObject(0)->getObject("context")->getArray("missingScopes")->getElement<std::string>(0),
            "forms");
}

// --- rate limits --------------------------------------------------------------------------

TEST_F(FakeHubSpotTest, TenSecondlyRollingLimitWithInjectedClock) {
  ManualClock clock;
  auto options = small_options();
  options.clock = clock.as_clock();
  options.rate_limit = 5;
  start(options);
  for (int i = 0; i < 5; ++i) {
    const auto r = client_->get("/account-info/2026-03/details", token_);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-HubSpot-RateLimit-Max"), "5");
    EXPECT_EQ(r.header("X-HubSpot-RateLimit-Remaining"), std::to_string(4 - i));
    EXPECT_EQ(r.header("X-HubSpot-RateLimit-Interval-Milliseconds"), "10000");
    EXPECT_FALSE(r.has_header("X-HubSpot-RateLimit-Daily"));  // never for OAuth
    clock.advance(std::chrono::seconds(1));
  }
  EXPECT_EQ(fake_->stats().rate_limited, 0u);
  const auto limited = client_->get("/account-info/2026-03/details", token_);
  ASSERT_EQ(limited.status, 429);
  const auto json = limited.json();
  EXPECT_EQ(json->getValue<std::string>("policyName"), "TEN_SECONDLY_ROLLING");
  EXPECT_EQ(json->getValue<std::string>("errorType"), "RATE_LIMIT");
  EXPECT_EQ(json->getValue<std::string>("message"), "You have reached your ten_secondly_rolling limit.");
  EXPECT_EQ(fake_->stats().rate_limited, 1u);
  clock.advance(std::chrono::seconds(6));  // the first request leaves the rolling window
  EXPECT_EQ(client_->get("/account-info/2026-03/details", token_).status, 200);
}

TEST_F(FakeHubSpotTest, PrivateAppTokensGetDailyHeadersAndDailyLimit) {
  ManualClock clock;
  auto options = small_options();
  options.clock = clock.as_clock();
  options.rate_limit = 100;
  options.daily_limit = 3;
  options.private_app_tokens["pat-na1-11111111-2222"] = default_granted_scopes();
  start(options);
  for (int i = 0; i < 3; ++i) {
    const auto r = client_->get("/account-info/v3/details", "pat-na1-11111111-2222");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("X-HubSpot-RateLimit-Daily"), "3");
    EXPECT_EQ(r.header("X-HubSpot-RateLimit-Daily-Remaining"), std::to_string(2 - i));
  }
  const auto limited = client_->get("/account-info/v3/details", "pat-na1-11111111-2222");
  ASSERT_EQ(limited.status, 429);
  EXPECT_EQ(limited.json()->getValue<std::string>("policyName"), "DAILY");
  clock.advance(std::chrono::hours(24));
  EXPECT_EQ(client_->get("/account-info/v3/details", "pat-na1-11111111-2222").status, 200);
  // A private app token never expires.
  clock.advance(std::chrono::hours(24 * 400));
  EXPECT_EQ(client_->get("/account-info/v3/details", "pat-na1-11111111-2222").status, 200);
}

// --- faults and portal changes -------------------------------------------------------------

TEST_F(FakeHubSpotTest, StatusFaultsHitOnlyTheirPrefixAndCount) {
  start();
  fake_->inject_fault({"/automation/v4/flows", FaultKind::kStatus, 2, 503, {}});
  fake_->inject_fault({"/marketing/v3/forms", FaultKind::kStatus, 1, 530, {}});
  EXPECT_EQ(client_->get("/account-info/v3/details", token_).status, 200);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 503);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 503);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 200);
  EXPECT_EQ(client_->get("/marketing/v3/forms", token_).status, 530);
  EXPECT_EQ(client_->get("/marketing/v3/forms", token_).status, 200);
  EXPECT_EQ(fake_->stats().faults_injected, 3u);
  EXPECT_EQ(fake_->stats().by_status.at(503), 2u);
}

TEST_F(FakeHubSpotTest, ResetFaultClosesTheConnectionWithoutAnAnswer) {
  start();
  fake_->inject_fault({"/automation", FaultKind::kReset, 1, 0, {}});
  EXPECT_THROW(client_->get("/automation/v4/flows", token_), Poco::Exception);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 200);
  EXPECT_EQ(fake_->stats().by_status.at(0), 1u);
}

TEST_F(FakeHubSpotTest, SlowFaultDelaysTheAnswer) {
  start();
  fake_->inject_fault({"/marketing", FaultKind::kSlow, 1, 0, std::chrono::milliseconds(300)});
  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->get("/marketing/v3/forms", token_).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(300));
}

TEST_F(FakeHubSpotTest, LatencyDelaysEveryApiAnswerButNotTheControlEndpoints) {
  auto options = small_options();
  options.latency = std::chrono::milliseconds(200);
  start(options);
  auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->get("/account-info/v3/details", token_).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(200));
  before = std::chrono::steady_clock::now();
  EXPECT_EQ(client_->get("/__fake/stats").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(200));
}

TEST_F(FakeHubSpotTest, MalformedFaultTruncatesA200Body) {
  start();
  fake_->inject_fault({"/crm/properties", FaultKind::kMalformed, 1, 0, {}});
  const auto broken = client_->get("/crm/properties/2026-03/contacts", token_);
  EXPECT_EQ(broken.status, 200);
  EXPECT_THROW(Poco::JSON::Parser().parse(broken.body), Poco::Exception);
  EXPECT_NO_THROW(client_->get("/crm/properties/2026-03/contacts", token_).json());
}

TEST_F(FakeHubSpotTest, ChangePortalRelabelsAddsAndRemoves) {
  start();
  const auto before = fake_->expected_objects();
  EXPECT_EQ(fake_->change_portal(), 1);
  const auto after = fake_->expected_objects();
  std::map<std::string, std::string> old_names, new_names;
  for (const auto& o : before) old_names[o.type + "/" + o.id] = o.name;
  for (const auto& o : after) new_names[o.type + "/" + o.id] = o.name;
  int added = 0, removed = 0, renamed = 0;
  for (const auto& [key, name] : new_names) {
    const auto it = old_names.find(key);
    if (it == old_names.end()) ++added;
    else if (it->second != name) ++renamed;
  }
  for (const auto& [key, name] : old_names) removed += new_names.count(key) ? 0 : 1;
  EXPECT_GT(added, 0);
  EXPECT_GT(removed, 0);
  EXPECT_GT(renamed, 0);
  // The API serves the new revision.
  EXPECT_EQ(client_->get("/crm-object-schemas/2026-03/schemas", token_).body,
            concat_results(of_type(after, "custom_object_schemas")));
  // Changes are deterministic too.
  FakeHubSpot twin(small_options());
  twin.change_portal();
  const auto twin_after = twin.expected_objects();
  ASSERT_EQ(twin_after.size(), after.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(twin_after[i].json, after[i].json);
}

TEST_F(FakeHubSpotOAuthTest, RevokeRefreshTokenThroughTheApi) {
  start();
  const auto tokens = exchange(authorize()).json();
  fake_->revoke_refresh_token(tokens->getValue<std::string>("refresh_token"));
  EXPECT_EQ(refresh(tokens->getValue<std::string>("refresh_token")).json()->getValue<std::string>("status"),
            "BAD_REFRESH_TOKEN");
}

// --- control endpoints -----------------------------------------------------------------------

TEST_F(FakeHubSpotTest, ControlEndpointsDriveTheFake) {
  start();
  ASSERT_EQ(client_->post_json("/__fake/faults", "{\"path\":\"/automation/v4/flows\",\"kind\":\"status\",\"status\":502,\"count\":1}").status,
            200);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 502);
  EXPECT_EQ(client_->post_json("/__fake/faults", "{\"kind\":\"explode\"}").status, 400);

  const auto minted = client_->post_json("/__fake/tokens", "{\"scopes\":[\"oauth\",\"forms\"]}");
  ASSERT_EQ(minted.status, 200);
  const std::string access = minted.json()->getValue<std::string>("access_token");
  const std::string refresh_token = minted.json()->getValue<std::string>("refresh_token");
  EXPECT_EQ(client_->get("/marketing/v3/forms", access).status, 200);
  EXPECT_EQ(client_->get("/automation/v4/flows", access).status, 403);

  EXPECT_TRUE(client_->post_json("/__fake/revoke-refresh-token", "{\"token\":\"" + refresh_token + "\"}")
                  .json()->getValue<bool>("revoked"));

  const auto stats = client_->get("/__fake/stats").json();
  EXPECT_EQ(stats->getValue<int>("total"), 3);  // control calls are not counted
  EXPECT_EQ(stats->getObject("by_path")->getValue<int>("/automation/v4/flows"), 2);

  const auto expected = client_->get("/__fake/expected").json();
  const auto objects = expected->getArray("objects");
  const auto direct = fake_->expected_objects();
  ASSERT_EQ(objects->size(), direct.size());
  EXPECT_EQ(objects->getObject(0)->getValue<std::string>("json"), direct[0].json);

  EXPECT_EQ(client_->post_json("/__fake/change", "").json()->getValue<int>("revision"), 1);
  EXPECT_EQ(client_->get("/__fake/expected").json()->getValue<int>("revision"), 1);

  EXPECT_EQ(client_->post_json("/__fake/expire-access-tokens", "").status, 200);
  EXPECT_EQ(client_->get("/marketing/v3/forms", access).json()->getValue<std::string>("category"),
            "EXPIRED_AUTHENTICATION");
  EXPECT_EQ(fake_->stats().expired_token_requests, 1u);
}

// Waits (bounded) until the gate on `path` holds `count` requests, as the fake reports it.
int wait_for_held(const Client& client, const std::string& path, int count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int waiting = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto gates = client.get("/__fake/gates").json()->getArray("gates");
    waiting = 0;
    for (unsigned i = 0; i < gates->size(); ++i)
      if (gates->getObject(i)->getValue<std::string>("path") == path) waiting = gates->getObject(i)->getValue<int>("waiting");
    if (waiting == count) return waiting;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the poll's pace, not a synchronisation
  }
  return waiting;
}

TEST_F(FakeHubSpotTest, GatesHoldRequestsPerCredentialUntilReleasedOrOpened) {
  start();
  const std::string other = access_token_of(fake_->issue_token(fake_->options().granted_scopes));
  ASSERT_EQ(client_->post_json("/__fake/gates", "{\"path\":\"/marketing\"}").status, 200);
  EXPECT_EQ(client_->post_json("/__fake/gates", "{\"path\":\"marketing\"}").status, 400);
  EXPECT_EQ(client_->get("/automation/v4/flows", token_).status, 200) << "a path outside the gate passes";

  auto first = std::async(std::launch::async, [&] { return client_->get("/marketing/v3/forms", token_).status; });
  ASSERT_EQ(wait_for_held(*client_, "/marketing", 1), 1);
  EXPECT_EQ(first.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

  EXPECT_EQ(client_->post_json("/__fake/gates/release", "{\"path\":\"/marketing\"}").json()->getValue<int>("released"), 1);
  EXPECT_EQ(first.get(), 200);
  EXPECT_EQ(client_->get("/marketing/v3/forms", token_).status, 200) << "a released credential keeps passing";

  auto second = std::async(std::launch::async, [&] { return client_->get("/marketing/v3/forms", other).status; });
  ASSERT_EQ(wait_for_held(*client_, "/marketing", 1), 1) << "a credential that came after the release waits";
  ASSERT_EQ(client_->post_json("/__fake/gates/open", "{}").status, 200);
  EXPECT_EQ(second.get(), 200);
  EXPECT_EQ(client_->get("/__fake/gates").json()->getArray("gates")->size(), 0u);
}

TEST_F(FakeHubSpotTest, StoppingWakesAHeldRequest) {
  start();
  ASSERT_EQ(client_->post_json("/__fake/gates", "{\"path\":\"/\"}").status, 200);
  auto held = std::async(std::launch::async, [&] {
    try {
      return client_->get("/marketing/v3/forms", token_).status;
    } catch (const Poco::Exception&) {
      return 0;  // the connection was reset: what a stopping fake does
    }
  });
  ASSERT_EQ(wait_for_held(*client_, "/", 1), 1);
  fake_->stop();
  EXPECT_EQ(held.get(), 0);
}

TEST_F(FakeHubSpotTest, RevokingAllRefreshTokensCountsThem) {
  start();
  fake_->issue_token(fake_->options().granted_scopes);
  // start() issued one pair, this test another.
  EXPECT_EQ(client_->post_json("/__fake/revoke-refresh-token", "{\"all\":true}").json()->getValue<int>("revoked"), 2);
  EXPECT_EQ(client_->post_json("/__fake/revoke-refresh-token", "{\"all\":true}").json()->getValue<int>("revoked"), 0);
}

}  // namespace
}  // namespace hsd::fakes

namespace hsd::fakes {
namespace {

// --- the staging portal variant -------------------------------------------------------------

std::map<std::string, std::string> json_by_key(const std::vector<ExpectedObject>& objects, const std::string& type) {
  std::map<std::string, std::string> out;
  for (const auto& o : objects)
    if (o.type == type) out[type == "contact_properties" || type == "deal_properties" ? o.id : o.name] = o.json;
  return out;
}

TEST_F(FakeHubSpotTest, StagingPortalServesItsPlantedDifferences) {
  auto options = small_options();
  options.portal_variant = PortalVariant::kStaging;
  options.hub_id = 62516;
  start(options);
  const auto planted = fake_->planted_differences();
  ASSERT_FALSE(planted.empty());
  // The control endpoint lists the same, in the same order.
  const auto listed = client_->get("/__fake/planted");
  ASSERT_EQ(listed.status, 200);
  const auto array = Poco::JSON::Parser().parse(listed.body).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(array->size(), planted.size());
  for (std::size_t i = 0; i < planted.size(); ++i) {
    const auto item = array->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(item->getValue<std::string>("type"), planted[i].type);
    EXPECT_EQ(item->getValue<std::string>("key"), planted[i].key);
    EXPECT_EQ(item->getValue<std::string>("kind"), planted_kind_name(planted[i].kind));
    EXPECT_EQ(item->has("paths"), !planted[i].paths.empty());
  }
  // Against the default portal of the same seed: added keys only here, removed ones only there,
  // changed ones on both sides with other bytes.
  FakeHubSpot base(small_options());
  const auto here = fake_->expected_objects();
  const auto there = base.expected_objects();
  for (const auto& p : planted) {
    const auto mine = json_by_key(here, p.type);
    const auto theirs = json_by_key(there, p.type);
    switch (p.kind) {
      case PlantedDifference::Kind::kAdded:
        EXPECT_TRUE(mine.count(p.key) && !theirs.count(p.key)) << p.key;
        break;
      case PlantedDifference::Kind::kRemoved:
        EXPECT_TRUE(!mine.count(p.key) && theirs.count(p.key)) << p.key;
        break;
      case PlantedDifference::Kind::kChanged:
        ASSERT_TRUE(mine.count(p.key) && theirs.count(p.key)) << p.key;
        EXPECT_NE(mine.at(p.key), theirs.at(p.key)) << p.key;
        break;
      case PlantedDifference::Kind::kAmbiguous: {
        std::size_t twice = 0;
        for (const auto& o : here) twice += o.type == p.type && o.name == p.key;
        EXPECT_EQ(twice, 2u) << p.key;
        break;
      }
    }
  }
  // The hub id shows in qualified names; the revision moves the staging portal along too.
  EXPECT_THAT(client_->get("/crm/v3/schemas", token_).body, HasSubstr("\"p62516_hsd_object_"));
  EXPECT_EQ(fake_->change_portal(), 1);
  EXPECT_FALSE(fake_->planted_differences().empty());
}

TEST_F(FakeHubSpotTest, DefaultPortalPlantsNothing) {
  start();
  EXPECT_TRUE(fake_->planted_differences().empty());
  const auto listed = client_->get("/__fake/planted");
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body, "[]");
}

TEST(FakeHubSpotDataTest, StagingPortalTooSmallToPlantOnSaysWhatIsMissing) {
  FakeHubSpotOptions options;
  options.portal_variant = PortalVariant::kStaging;
  options.sizes.flows = 2;
  try {
    FakeHubSpot fake(options);
    FAIL() << "a staging portal with two workflows was built";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("workflows"));
  }
}

// --- a share of the objects changed (bench/compare) ------------------------------------------

std::vector<std::string> every_scope() {
  auto scopes = default_granted_scopes();
  for (const char* s : {"crm.objects.contacts.sensitive.read.v2", "crm.objects.contacts.highly_sensitive.read.v2",
                        "crm.objects.deals.sensitive.read.v2", "crm.objects.deals.highly_sensitive.read.v2"})
    scopes.emplace_back(s);
  return scopes;
}

TEST(FakeHubSpotDataTest, ChangePercentChangesExactlyThatShareOfTheServedObjects) {
  const auto base_options = small_options();
  const FakeHubSpot base(base_options);
  const auto before = base.expected_objects(every_scope());
  for (const double percent : {1.0, 2.5, 10.0}) {
    auto options = base_options;
    options.change_percent = percent;
    const FakeHubSpot changed(options);
    const auto after = changed.expected_objects(every_scope());
    ASSERT_EQ(after.size(), before.size()) << "changing adds or removes nothing";
    const auto want = static_cast<std::size_t>(std::llround(static_cast<double>(before.size()) * percent / 100.0));
    ASSERT_GT(want, 0u);
    // Which objects' bytes differ, by (type, key); nothing else may.
    std::set<std::pair<std::string, std::string>> differing;
    for (const std::string type : {"custom_object_schemas", "contact_properties", "deal_properties", "workflows", "forms"}) {
      const auto left = json_by_key(before, type);
      const auto right = json_by_key(after, type);
      ASSERT_EQ(left.size(), right.size()) << type;
      for (const auto& [key, json] : left) {
        ASSERT_TRUE(right.count(key)) << type << " " << key;
        if (right.at(key) != json) differing.emplace(type, key);
      }
    }
    EXPECT_EQ(differing.size(), want) << percent << "% of " << before.size();
    // Listed as changed, each once, at a path that holds the mark.
    const auto planted = changed.planted_differences();
    std::set<std::pair<std::string, std::string>> listed;
    for (const auto& p : planted) {
      EXPECT_EQ(p.kind, PlantedDifference::Kind::kChanged) << p.key;
      ASSERT_EQ(p.paths.size(), 1u) << p.key;
      EXPECT_TRUE(listed.emplace(p.type, p.key).second) << "listed twice: " << p.key;
      const auto json = json_by_key(after, p.type).at(p.key);
      const auto leaf = p.paths[0].substr(p.paths[0].rfind('/') + 1);
      EXPECT_THAT(json, HasSubstr("\"" + leaf + "\":")) << p.key;
      EXPECT_THAT(json, HasSubstr(" (changed)\"")) << p.key;
    }
    EXPECT_EQ(listed, differing) << percent;
  }
}

TEST(FakeHubSpotDataTest, ChangePercentIsFixedBySeedAndKeepsAVariantsPlantedObjects) {
  auto options = small_options();
  options.change_percent = 5.0;
  const auto keys = [](const std::vector<PlantedDifference>& planted) {
    std::vector<std::string> out;
    for (const auto& p : planted) out.push_back(p.type + "/" + p.key);
    return out;
  };
  const auto first = keys(FakeHubSpot(options).planted_differences());
  EXPECT_EQ(keys(FakeHubSpot(options).planted_differences()), first) << "same seed, same pick";
  options.seed = 43;
  EXPECT_NE(keys(FakeHubSpot(options).planted_differences()), first) << "another seed, another pick";
  // On the staging variant the share comes after its planted list and never repeats a key.
  options.seed = 42;
  options.portal_variant = PortalVariant::kStaging;
  options.hub_id = 62516;
  const auto staged = FakeHubSpot(options).planted_differences();
  auto plain = options;
  plain.change_percent = 0.0;
  const auto staging_only = FakeHubSpot(plain).planted_differences();
  ASSERT_GT(staged.size(), staging_only.size());
  const auto listed = keys(staged);
  EXPECT_EQ(std::vector<std::string>(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(staging_only.size())),
            keys(staging_only));
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size());
}

TEST(FakeHubSpotDataTest, ChangePercentOutsideZeroToHundredIsRefused) {
  auto options = small_options();
  options.change_percent = 150.0;
  try {
    FakeHubSpot fake(options);
    FAIL() << "150% was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("change_percent"));
  }
}

}  // namespace
}  // namespace hsd::fakes
