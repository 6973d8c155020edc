// The retrieve action end to end through Connector, against FakeHost and FakeClock.
#include "connector.hpp"

#include "fake_host.hpp"

#include <hsd/plugins/support/json_reader.hpp>
#include <hsd/plugins/support/testing/fake_clock.hpp>

#include <Poco/JSON/Array.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using support::testing::FakeClock;
using testing::FakeHost;
using testing::Scripted;

constexpr const char* kInput = R"({"params":{},"connection":{"id":1,"account_id":"62515"},"credentials":null})";

const std::string kSchemaA =
    R"({"id":"101","name":"cars","labels":{"singular":"Car","plural":"Cars"},"properties":[{"name":"vin","label":"VIN"}],"associations":[],"requiredProperties":["vin"]})";
const std::string kSchemaB =
    "{\"id\":\"102\",\"name\":\"pets\",\"labels\":{\"singular\":\"Anim\xC3\xA1l \\u00e9\\\"\"},\"properties\":[]}";
const std::string kEmailProp =
    R"({"name":"email","label":"Email","type":"string","fieldType":"text","groupName":"contactinformation","description":"A \"quoted\"\nline","options":[]})";

Config test_config(const std::string& extra = "") {
  auto config = parse_config(R"({"api_base_url":"http://hub.test","flows_page_size":3,"flows_batch_size":2)" + extra + "}");
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.failure().message);
  return *config;
}

std::string forbidden_scopes(const std::string& scope) {
  return R"({"status":"error","message":"This app hasn't been granted all required scopes to make this call.","category":"MISSING_SCOPES","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":[")" +
         scope + R"("]}}]})";
}

std::string flow_json(const std::string& id) {
  return R"({"id":")" + id + R"(","type":"PLATFORM_FLOW","name":"Flow )" + id +
         R"(","isEnabled":true,"actions":[{"actionId":"1","type":"SINGLE_CONNECTION"}],"enrollmentCriteria":{"type":"EVENT_BASED"}})";
}

// Answers flows batch reads with the full flows asked for, except those in `unreadable`.
void answer_batch_reads(FakeHost& host, std::set<std::string> unreadable = {}) {
  host.handler = [unreadable](const testing::Recorded& request) -> std::optional<Scripted> {
    if (request.method != "POST" || request.url.find("/flows/batch/read") == std::string::npos) return std::nullopt;
    auto body = support::parse_json_object(request.body);
    auto inputs = body ? body->getArray("inputs") : nullptr;
    std::string results;
    std::string errors;
    for (size_t i = 0; inputs && i < inputs->size(); ++i) {
      auto input = inputs->getObject(static_cast<unsigned>(i));
      if (support::json_string_field(input, "type") != "FLOW_ID") continue;
      const auto id = support::json_string_field(input, "flowId").value_or("");
      if (unreadable.count(id)) {
        errors += std::string(errors.empty() ? "" : ",") + R"({"status":"error","message":"Flow )" + id +
                  R"( could not be read","category":"OBJECT_NOT_FOUND"})";
      } else {
        results += std::string(results.empty() ? "" : ",") + flow_json(id);
      }
    }
    if (errors.empty()) return FakeHost::json(200, R"({"status":"COMPLETE","results":[)" + results + "]}");
    return FakeHost::json(207, R"({"status":"COMPLETE","results":[)" + results + R"(],"numErrors":1,"errors":[)" + errors + "]}");
  };
}

void script_portal(FakeHost& host) {
  host.on("GET", "/crm-object-schemas/2026-03/schemas$", FakeHost::json(200, "{\"results\":[" + kSchemaA + ",\n  " + kSchemaB + "]}"));

  host.on("GET", "/crm/properties/2026-03/contacts$", FakeHost::json(200, "{\"results\":[" + kEmailProp + R"(,{"name":"firstname","label":"First name"}]})"));
  host.on("GET", "/contacts?archived=true$", FakeHost::json(200, R"({"results":[{"name":"old_field","label":"Old","archived":true}]})"));
  host.on("GET", "/contacts?dataSensitivity=sensitive$", FakeHost::json(403, forbidden_scopes("crm.objects.contacts.sensitive.read.v2")));
  host.on("GET", "/contacts?dataSensitivity=highly_sensitive$", FakeHost::json(403, R"({"category":"MISSING_SCOPES","missingScopes":["crm.objects.contacts.highly_sensitive.read.v2"]})"));

  host.on("GET", "/crm/properties/2026-03/deals$", FakeHost::json(200, R"({"results":[{"name":"amount","label":"Amount"}]})"));
  host.on("GET", "/deals?archived=true$", FakeHost::json(200, R"({"results":[]})"));
  host.on("GET", "/deals?dataSensitivity=sensitive$", FakeHost::json(200, R"({"results":[{"name":"salary","label":"Salary","dataSensitivity":"sensitive"}]})"));
  host.on("GET", "/deals?dataSensitivity=highly_sensitive$", FakeHost::json(200, R"({"results":[]})"));

  host.on("GET", "/automation/v4/flows?limit=3$", FakeHost::json(200, R"({"results":[{"id":"1","name":"Flow 1"},{"id":"2","name":"Flow 2"},{"id":"3","name":"Flow 3"}],"paging":{"next":{"after":"c1","link":"x"}}})"));
  host.on("GET", "/automation/v4/flows?limit=3&after=c1$", FakeHost::json(200, R"({"results":[{"id":"4","name":"Flow 4"},{"id":"5","name":"Flow 5"}]})"));
  answer_batch_reads(host, {"5"});

  host.on("GET", "/marketing/v3/forms?limit=50&formTypes=all$", FakeHost::json(200, R"({"results":[{"id":"f-1","name":"Contact us","formType":"hubspot"},{"id":"f-2","name":"Blog","formType":"blog_comment"}],"paging":{"next":{"after":"p2"}}})"));
  host.on("GET", "/marketing/v3/forms?limit=50&after=p2&formTypes=all$", FakeHost::json(200, R"({"results":[{"id":"f-3","name":"Captured","formType":"captured"}]})"));
}

class RetrieveTest : public ::testing::Test {
 protected:
  hsd::sdk::Status retrieve(Connector& connector, FakeHost& host, const std::string& input = kInput) {
    auto context = host.context();
    return connector.invoke(context, "retrieve", input);
  }
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
};

TEST_F(RetrieveTest, RetrievesEveryTypeWithExactBytes) {
  for (int concurrency : {1, 4}) {
    SCOPED_TRACE(concurrency);
    FakeHost host;
    script_portal(host);
    Connector connector(test_config(",\"max_concurrency\":" + std::to_string(concurrency)), clock_, [] { return 0.5; });
    auto status = retrieve(connector, host);
    ASSERT_TRUE(status.ok()) << status.failure().message;
    EXPECT_TRUE(host.unexpected.empty()) << host.unexpected.front();

    EXPECT_EQ(host.count("custom_object_schemas"), 2u);
    EXPECT_EQ(host.count("contact_properties"), 3u);
    EXPECT_EQ(host.count("deal_properties"), 2u);
    EXPECT_EQ(host.count("workflows"), 4u);
    EXPECT_EQ(host.count("forms"), 3u);

    // Exact bytes, names and ids.
    ASSERT_TRUE(host.object("custom_object_schemas", "101"));
    EXPECT_EQ(host.object("custom_object_schemas", "101")->data, kSchemaA);
    EXPECT_EQ(host.object("custom_object_schemas", "101")->name, "Car");
    ASSERT_TRUE(host.object("custom_object_schemas", "102"));
    EXPECT_EQ(host.object("custom_object_schemas", "102")->data, kSchemaB);
    EXPECT_EQ(host.object("custom_object_schemas", "102")->name, "Anim\xC3\xA1l \xC3\xA9\"");
    ASSERT_TRUE(host.object("contact_properties", "email"));
    EXPECT_EQ(host.object("contact_properties", "email")->data, kEmailProp);
    EXPECT_EQ(host.object("contact_properties", "email")->name, "Email");
    EXPECT_TRUE(host.object("contact_properties", "old_field"));
    EXPECT_TRUE(host.object("deal_properties", "salary"));
    ASSERT_TRUE(host.object("workflows", "3"));
    EXPECT_EQ(host.object("workflows", "3")->data, flow_json("3"));  // the full definition, not the listing
    EXPECT_FALSE(host.object("workflows", "5"));
    EXPECT_EQ(host.object("forms", "f-2")->name, "Blog");

    auto out = support::parse_json_object(host.output);
    ASSERT_TRUE(out) << host.output;
    EXPECT_EQ(support::json_integer_field(out, "objects"), 14);
    auto by_type = support::json_child(out, "by_type");
    EXPECT_EQ(support::json_integer_field(by_type, "workflows"), 4);
    EXPECT_EQ(support::json_integer_field(by_type, "contact_properties"), 3);
    const auto warnings = support::json_string_list(out, "warnings");
    std::string all;
    for (const auto& w : warnings) all += w + "\n";
    EXPECT_THAT(all, HasSubstr("Sensitive contact properties were not retrieved"));
    EXPECT_THAT(all, HasSubstr("Highly sensitive contact properties were not retrieved"));
    EXPECT_THAT(all, HasSubstr("1 of 1 workflows could not be read in full"));
    EXPECT_THAT(all, HasSubstr("Flow 5 could not be read"));
    EXPECT_THAT(all, Not(HasSubstr("deal properties were not")));

    // Batch reads carried the listed ids in chunks of flows_batch_size.
    const auto batches = host.requests_to("/flows/batch/read");
    ASSERT_EQ(batches.size(), 3u);
    for (const auto& batch : batches) {
      EXPECT_EQ(batch.header("Content-Type"), "application/json");
      EXPECT_THAT(batch.body, HasSubstr(R"({"type":"FLOW_ID","flowId":")"));
    }
    // Every call carried the bearer token fetched from the host.
    for (const auto& request : host.requests) EXPECT_EQ(request.header("Authorization"), "Bearer tok-1");
    EXPECT_GE(host.credential_calls, static_cast<int>(host.requests.size()));

    // Final progress per type: done == total.
    std::map<std::string, std::pair<uint64_t, uint64_t>> last;
    for (const auto& [type, done, total] : host.progress) last[type] = {done, total};
    EXPECT_EQ(last["workflows"], (std::pair<uint64_t, uint64_t>{4, 4}));
    EXPECT_EQ(last["forms"], (std::pair<uint64_t, uint64_t>{3, 3}));
  }
}

TEST_F(RetrieveTest, FormsPageAtMost50AndAskForEveryFormType) {
  FakeHost host;
  host.on("GET", "/marketing/v3/forms?limit=50&formTypes=all$", FakeHost::json(200, R"({"results":[{"id":"1"}],"paging":{"next":{"after":"a"}}})"));
  host.on("GET", "/marketing/v3/forms?limit=50&after=a&formTypes=all$", FakeHost::json(200, R"({"results":[{"id":"2"}],"paging":{"next":{"after":"b"}}})"));
  host.on("GET", "/marketing/v3/forms?limit=50&after=b&formTypes=all$", FakeHost::json(200, R"({"results":[{"id":"3"}],"paging":{}})"));
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host, R"({"params":{"types":["forms"]},"connection":{"account_id":"1"}})");
  ASSERT_TRUE(status.ok()) << status.failure().message;
  EXPECT_TRUE(host.unexpected.empty());
  EXPECT_EQ(host.requests.size(), 3u);
  EXPECT_EQ(host.count("forms"), 3u);
  EXPECT_EQ(host.output, R"({"objects":3,"by_type":{"forms":3},"warnings":[]})");
}

TEST_F(RetrieveTest, AWholeTypeRefusedForScopesIsSkipped) {
  const std::string shapes[] = {
      forbidden_scopes("automation"),
      R"({"status":"error","message":"m","category":"MISSING_SCOPES","context":{"requiredScopes":["automation"]}})",
      R"({"status":"error","message":"m","missingScopes":["automation"]})",
  };
  for (const auto& shape : shapes) {
    FakeHost fresh;
    fresh.on("GET", "/crm/properties/2026-03/deals", FakeHost::json(200, R"({"results":[{"name":"amount"}]})"));
    fresh.on("GET", "/deals?dataSensitivity=sensitive$", FakeHost::json(200, R"({"results":[{"name":"salary"}]})"));
    fresh.on("GET", "/automation/v4/flows?", FakeHost::json(403, shape));
    fresh.on("GET", "/marketing/v3/forms?", FakeHost::json(403, R"({"category":"MISSING_SCOPES","message":"m"})"));
    Connector connector(test_config(), clock_);
    auto status = retrieve(connector, fresh, R"({"params":{"types":["workflows","forms","deal_properties"]},"connection":{"account_id":"1"}})");
    ASSERT_TRUE(status.ok()) << status.failure().message;
    auto out = support::parse_json_object(fresh.output);
    ASSERT_TRUE(out);
    const auto warnings = support::json_string_list(out, "warnings");
    EXPECT_THAT(warnings, Contains("Skipped workflows: the portal did not grant automation")) << shape;
    EXPECT_THAT(warnings, Contains("Skipped forms: the portal did not grant forms"));
    EXPECT_EQ(support::json_integer_field(support::json_child(out, "by_type"), "workflows"), 0);
    EXPECT_EQ(support::json_integer_field(support::json_child(out, "by_type"), "deal_properties"), 2);
    EXPECT_EQ(fresh.requests_to("/flows/batch/read").size(), 0u);
  }
}

TEST_F(RetrieveTest, OtherFailuresFailTheRetrieval) {
  FakeHost failing;
  failing.on("GET", "/crm/properties/2026-03/deals", FakeHost::json(500, "oops"));
  Connector connector(test_config(",\"max_attempts\":2"), clock_);
  auto status = retrieve(connector, failing, R"({"params":{"types":["deal_properties"]},"connection":{"account_id":"1"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(status.failure().retryable);
  EXPECT_THAT(status.failure().message, HasSubstr("GET /crm/properties/2026-03/deals"));
  EXPECT_EQ(failing.requests.size(), 2u);
  EXPECT_TRUE(failing.output.empty());
}

TEST_F(RetrieveTest, AMalformedPageIsAskedForOnceMore) {
  FakeHost host;
  host.on("GET", "/schemas$", FakeHost::json(200, R"({"results":[{"id":"1","name":"a"},{"id":)"));
  host.on("GET", "/schemas$", FakeHost::json(200, R"({"results":[{"id":"1","name":"a"}]})"));
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host, R"({"params":{"types":["custom_object_schemas"]},"connection":{"account_id":"1"}})");
  ASSERT_TRUE(status.ok()) << status.failure().message;
  EXPECT_EQ(host.requests.size(), 2u);
  EXPECT_EQ(host.count("custom_object_schemas"), 1u);  // nothing from the broken page
}

TEST_F(RetrieveTest, MalformedTwiceFailsNamingThePath) {
  FakeHost host;
  host.on("GET", "/marketing/v3/forms", FakeHost::json(200, R"({"total":2})"));
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host, R"({"params":{"types":["forms"]},"connection":{"account_id":"1"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().code, "MALFORMED_RESPONSE");
  EXPECT_THAT(status.failure().message, HasSubstr("GET /marketing/v3/forms"));
  EXPECT_THAT(status.failure().message, Not(HasSubstr("limit=")));
  EXPECT_EQ(host.requests.size(), 2u);
  EXPECT_EQ(host.count("forms"), 0u);
}

TEST_F(RetrieveTest, DuplicatesAcrossPropertyCallsAreKeptOnce) {
  FakeHost host;
  host.on("GET", "/contacts$", FakeHost::json(200, R"({"results":[{"name":"a","label":"A"}]})"));
  host.on("GET", "/contacts?archived=true$", FakeHost::json(200, R"j({"results":[{"name":"a","label":"A (archived)"}]})j"));
  host.on("GET", "/contacts?dataSensitivity=sensitive$", FakeHost::json(200, R"({"results":[]})"));
  host.on("GET", "/contacts?dataSensitivity=highly_sensitive$", FakeHost::json(200, R"({"results":[]})"));
  Connector connector(test_config(), clock_);
  ASSERT_TRUE(retrieve(connector, host, R"({"params":{"types":["contact_properties"]},"connection":{"account_id":"1"}})").ok());
  EXPECT_EQ(host.count("contact_properties"), 1u);
  EXPECT_EQ(host.object("contact_properties", "a")->name, "A");
  EXPECT_THAT(host.output, HasSubstr("listed more than once"));
}

TEST_F(RetrieveTest, UnknownTypeIsRefused) {
  FakeHost host;
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host, R"({"params":{"types":["pipelines"]}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(status.failure().message, HasSubstr("pipelines"));
  EXPECT_TRUE(host.requests.empty());
}

TEST_F(RetrieveTest, CancellationStopsTheRetrieval) {
  FakeHost host;
  script_portal(host);
  host.cancelled = true;
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_CANCELLED);
  EXPECT_TRUE(host.requests.empty());
  EXPECT_TRUE(host.output.empty());
}

TEST_F(RetrieveTest, AnEngineRefusalStopsTheRetrieval) {
  FakeHost host;
  host.on("GET", "/schemas$", FakeHost::json(200, R"({"results":[{"id":"1"}]})"));
  host.emit_status = HSD_ERR_CANCELLED;
  Connector connector(test_config(), clock_);
  auto status = retrieve(connector, host, R"({"params":{"types":["custom_object_schemas"]},"connection":{"account_id":"1"}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.failure().status, HSD_ERR_CANCELLED);
}

TEST_F(RetrieveTest, CallsOfOnePortalShareOneLimiter) {
  // Two retrievals of the same portal: the second starts where the first left the window.
  Connector connector(test_config(",\"rate_limit\":3"), clock_);
  const auto start = clock_->now();
  for (int i = 0; i < 2; ++i) {
    FakeHost host;
    host.on("GET", "/schemas$", FakeHost::json(200, R"({"results":[]})"));
    ASSERT_TRUE(retrieve(connector, host, R"({"params":{"types":["custom_object_schemas"]},"connection":{"account_id":"9"}})").ok());
  }
  EXPECT_EQ(clock_->now(), start);  // 2 of 3
  FakeHost host;
  host.on("GET", "/contacts", FakeHost::json(200, R"({"results":[]})"));
  ASSERT_TRUE(retrieve(connector, host, R"({"params":{"types":["contact_properties"]},"connection":{"account_id":"9"}})").ok());
  EXPECT_GE(clock_->now() - start, std::chrono::seconds(10));  // 4 more calls had to wait

  // Another portal has its own budget.
  const auto later = clock_->now();
  FakeHost other;
  other.on("GET", "/schemas$", FakeHost::json(200, R"({"results":[]})"));
  ASSERT_TRUE(retrieve(connector, other, R"({"params":{"types":["custom_object_schemas"]},"connection":{"account_id":"10"}})").ok());
  EXPECT_EQ(clock_->now(), later);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
