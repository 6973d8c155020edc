// `hsdeploy connect hubspot --oauth` end to end: the real binary prints the consent URL and
// listens on 127.0.0.1; the test plays the browser (consent page at the fake, then the
// redirect to the listener). A tampered state and a denied consent store nothing.
#include <Poco/URI.h>
#include <gmock/gmock.h>

#include "hubspot_fixture.hpp"

namespace hsd::testing {
namespace {

using ::testing::HasSubstr;

std::string replace_param(const std::string& url, const std::string& name, const std::string& value) {
  Poco::URI uri(url);
  Poco::URI::QueryParameters params = uri.getQueryParameters();
  for (auto& [key, v] : params) {
    if (key == name) v = value;
  }
  uri.setQueryParameters(params);
  return uri.toString();
}

class OAuthLoopbackTest : public HubSpotCliTest {
 protected:
  CliProcess start_connect() {
    return cli().start({"connect", "hubspot", "--oauth", "--oauth-timeout", "60", "--label", "Portal",
                        "--output", "json"});
  }
  std::size_t connection_count() {
    auto list = cli().run({"connections", "list", "--output", "json"});
    return parse_array(list.out)->size();
  }
};

TEST_F(OAuthLoopbackTest, TheConsentRedirectConnectsThePortal) {
  start();
  auto process = start_connect();
  const auto url = authorize_url(process);
  ASSERT_FALSE(url.empty()) << process.finish().err;
  EXPECT_THAT(url, HasSubstr("client_id=" + fake().options().client_id));
  EXPECT_THAT(url, HasSubstr("scope=crm.objects.custom.read%20"));
  EXPECT_THAT(url, HasSubstr("redirect_uri=http%3A%2F%2F127.0.0.1%3A"));

  const auto consent = browser_get(url);
  ASSERT_EQ(consent.status, 302) << consent.body;
  EXPECT_THAT(consent.location, HasSubstr("code="));
  const auto landing = browser_get(consent.location);
  EXPECT_EQ(landing.status, 200);
  EXPECT_THAT(landing.body, HasSubstr("return to the terminal"));

  const auto result = process.finish();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto connection = parse_object(result.out);
  EXPECT_EQ(connection->getValue<std::string>("auth_type"), "oauth");
  EXPECT_EQ(connection->getValue<std::string>("label"), "Portal");
  EXPECT_EQ(connection->getValue<std::string>("account_id"), std::to_string(fake().options().hub_id));
  EXPECT_EQ(retrieve().exit_code, 0);
}

TEST_F(OAuthLoopbackTest, ATamperedStateIsRefusedAndNothingIsStored) {
  start();
  auto process = start_connect();
  const auto url = authorize_url(process);
  ASSERT_FALSE(url.empty()) << process.finish().err;
  const auto consent = browser_get(url);
  ASSERT_EQ(consent.status, 302);
  // An attacker's redirect: a valid code, but a state this terminal never issued.
  browser_get(replace_param(consent.location, "state", std::string(64, 'f')));
  const auto result = process.finish();
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("OAuth state refused: it is unknown"));
  EXPECT_EQ(connection_count(), 0u);
}

TEST_F(OAuthLoopbackTest, ADeniedConsentStoresNothing) {
  auto options = small_portal();
  options.deny_authorization = true;
  start(options);
  auto process = start_connect();
  const auto url = authorize_url(process);
  ASSERT_FALSE(url.empty()) << process.finish().err;
  const auto consent = browser_get(url);
  ASSERT_EQ(consent.status, 302);
  EXPECT_THAT(consent.location, HasSubstr("error=access_denied"));
  browser_get(consent.location);
  const auto result = process.finish();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("the authorization was refused (access_denied"));
  EXPECT_EQ(connection_count(), 0u);
}

TEST_F(OAuthLoopbackTest, ARedirectUriThatIsNotLoopbackIsRefused) {
  start();
  const auto result = cli().run({"connect", "hubspot", "--oauth", "--redirect-uri", "https://example.com/cb"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--redirect-uri: with --oauth it must be http://127.0.0.1"));
}

}  // namespace
}  // namespace hsd::testing
