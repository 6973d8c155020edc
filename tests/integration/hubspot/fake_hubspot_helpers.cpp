#include "fake_hubspot_helpers.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

namespace hsd::testing {
namespace {

Poco::JSON::Object::Ptr parse_object(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

fakes::FakeHubSpotOptions small_portal() {
  fakes::FakeHubSpotOptions o;
  // Every kind of object, a few pages of each (the plugin's page sizes are lowered to match),
  // and still about a hundred objects, so a retrieval takes a second, not ten.
  o.sizes.custom_schemas = 2;
  o.sizes.properties_per_schema = 3;
  o.sizes.contact_properties = 14;
  o.sizes.deal_properties = 8;
  o.sizes.archived_properties = 2;
  o.sizes.sensitive_properties = 1;
  o.sizes.highly_sensitive_properties = 1;
  o.sizes.flows = 24;
  o.sizes.forms = 14;
  o.sizes.archived_forms = 1;
  o.sizes.max_enum_options = 12;
  o.rate_limit = 0;
  return o;
}

bool refresh_token_active(fakes::FakeHubSpot& fake, const std::string& refresh_token) {
  Poco::URI form;
  form.addQueryParameter("client_id", fake.options().client_id);
  form.addQueryParameter("client_secret", fake.options().client_secret);
  form.addQueryParameter("token", refresh_token);
  form.addQueryParameter("token_type_hint", "refresh_token");
  const std::string body = form.getRawQuery();
  Poco::Net::HTTPClientSession session("127.0.0.1", fake.port());
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/oauth/2026-03/token/introspect",
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/x-www-form-urlencoded");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::string answer;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), answer);
  EXPECT_EQ(response.getStatus(), Poco::Net::HTTPResponse::HTTP_OK) << answer;
  return parse_object(answer)->optValue<bool>("active", false);
}

std::uint64_t requests_to(const fakes::FakeHubSpot& fake, const std::string& path) {
  const auto stats = fake.stats();
  const auto found = stats.by_path.find(path);
  return found == stats.by_path.end() ? 0 : found->second;
}

void spend_rate_budget(fakes::FakeHubSpot& fake, int requests) {
  const auto token = parse_object(fake.issue_token(fakes::default_granted_scopes()))->getValue<std::string>("access_token");
  Poco::Net::HTTPClientSession session("127.0.0.1", fake.port());
  for (int i = 0; i < requests; ++i) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/account-info/2026-03/details",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", "Bearer " + token);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response).ignore(1 << 20);
  }
}

}  // namespace hsd::testing
