#include "api_client.hpp"

#include "fake_host.hpp"

#include <hsd/plugins/support/testing/fake_clock.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hsd::plugins::hubspot {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using support::testing::FakeClock;
using testing::FakeHost;

constexpr const char* kUrl = "http://hub.test/crm/x";

class ApiClientTest : public ::testing::Test {
 protected:
  ApiClient client(std::shared_ptr<RateLimiter> limiter = nullptr, int max_attempts = 5) {
    BackoffPolicy policy;
    policy.max_attempts = max_attempts;
    return ApiClient(context_, clock_, stop_, Backoff(policy, [] { return 0.5; }), std::move(limiter));
  }
  ApiRequest get() {
    ApiRequest request;
    request.base_url = "http://hub.test";
    request.path = "/crm/x";
    return request;
  }

  FakeHost host_;
  hsd::sdk::Context context_ = host_.context();
  FakeClock clock_;
  support::CancelSignal stop_{[this] { return host_.cancelled.load(); }};
};

TEST_F(ApiClientTest, SendsTheConnectionsBearerTokenEveryTime) {
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  auto api = client();
  ASSERT_TRUE(api.send(get()).ok());
  ASSERT_TRUE(api.send(get()).ok());
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[0].header("authorization"), "Bearer tok-1");
  EXPECT_EQ(host_.credential_calls, 2);  // fetched before every call: the host refreshes
  EXPECT_EQ(host_.forced_refreshes, 0);
}

TEST_F(ApiClientTest, ExpiredTokenRefreshesOnceAndRetries) {
  host_.on("GET", kUrl, FakeHost::json(401, R"({"status":"error","message":"The OAuth token used to make this call expired 0 second(s) ago.","category":"EXPIRED_AUTHENTICATION"})"));
  host_.on("GET", kUrl, FakeHost::json(200, R"({"ok":true})"));
  auto api = client();
  auto response = api.send(get());
  ASSERT_TRUE(response.ok()) << response.failure().message;
  EXPECT_EQ(response->body, R"({"ok":true})");
  EXPECT_EQ(host_.forced_refreshes, 1);
  ASSERT_EQ(host_.requests.size(), 2u);
  EXPECT_EQ(host_.requests[1].header("Authorization"), "Bearer tok-2");
}

TEST_F(ApiClientTest, ASecond401IsUnauthenticated) {
  host_.on("GET", kUrl, FakeHost::json(401, R"({"status":"error","message":"expired","category":"EXPIRED_AUTHENTICATION"})"));
  auto api = client();
  auto response = api.send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(response.failure().code, "EXPIRED_AUTHENTICATION");
  EXPECT_EQ(host_.forced_refreshes, 1);
  EXPECT_EQ(host_.requests.size(), 2u);
  EXPECT_THAT(response.failure().message, Not(HasSubstr("tok-")));
}

TEST_F(ApiClientTest, InvalidAuthenticationDoesNotRefresh) {
  host_.on("GET", kUrl, FakeHost::json(401, R"({"status":"error","category":"INVALID_AUTHENTICATION"})"));
  auto response = client().send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(host_.forced_refreshes, 0);
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(ApiClientTest, DeadRefreshFromTheHostIsUnauthenticated) {
  host_.credentials_status = HSD_ERR_UNAUTHENTICATED;
  auto response = client().send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAUTHENTICATED);
  EXPECT_EQ(response.failure().message, "Token refresh failed: reconnect the portal");
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ApiClientTest, TenSecondlyRollingWaitsForTheWindowThenRetries) {
  host_.on("GET", kUrl, FakeHost::json(429, R"({"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"})"));
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  auto limiter = std::make_shared<RateLimiter>(110);
  const auto start = clock_.now();
  auto response = client(limiter).send(get());
  ASSERT_TRUE(response.ok()) << response.failure().message;
  EXPECT_EQ(host_.requests.size(), 2u);
  EXPECT_GE(clock_.now() - start, 10s);
  EXPECT_LT(clock_.now() - start, 11s);
}

TEST_F(ApiClientTest, SecondlyWaitsAboutASecond) {
  host_.on("GET", kUrl, FakeHost::json(429, R"({"status":"error","message":"You have reached your secondly limit."})"));
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  const auto start = clock_.now();
  ASSERT_TRUE(client(std::make_shared<RateLimiter>(110)).send(get()).ok());
  EXPECT_EQ(clock_.now() - start, 1s);
}

TEST_F(ApiClientTest, DailyLimitStopsWithoutRetrying) {
  host_.on("GET", kUrl, FakeHost::json(429, R"({"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"})"));
  auto response = client(std::make_shared<RateLimiter>(110)).send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_FALSE(response.failure().retryable);
  EXPECT_THAT(response.failure().message, HasSubstr("midnight in the portal's time zone"));
  EXPECT_EQ(host_.requests.size(), 1u);
  EXPECT_EQ(clock_.slept(), 0s);
}

TEST_F(ApiClientTest, RateLimitRetriesAreBounded) {
  host_.on("GET", kUrl, FakeHost::json(429, R"({"policyName":"TEN_SECONDLY_ROLLING"})"));
  auto response = client(std::make_shared<RateLimiter>(110), 3).send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_RATE_LIMITED);
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_EQ(host_.requests.size(), 3u);
}

TEST_F(ApiClientTest, ServerErrorsBackOffExponentially) {
  host_.on("GET", kUrl, FakeHost::json(503, "<html>unavailable</html>"));
  host_.on("GET", kUrl, FakeHost::json(530, ""));
  host_.on("GET", kUrl, FakeHost::json(500, "{}"));
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  auto response = client().send(get());
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(host_.requests.size(), 4u);
  EXPECT_EQ(clock_.sleeps(), (std::vector<support::Clock::duration>{500ms, 1000ms, 2000ms}));
}

TEST_F(ApiClientTest, ServerErrorAttemptsAreBounded) {
  host_.on("GET", kUrl, FakeHost::json(502, "bad gateway"));
  auto response = client(nullptr, 4).send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_THAT(response.failure().message, HasSubstr("GET /crm/x"));
  EXPECT_EQ(host_.requests.size(), 4u);
  EXPECT_EQ(clock_.sleeps().size(), 3u);
}

TEST_F(ApiClientTest, RetryAfterIsHonoured) {
  host_.on("GET", kUrl, FakeHost::json(503, "", {{"Retry-After", "7"}}));
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  ASSERT_TRUE(client().send(get()).ok());
  EXPECT_EQ(clock_.sleeps(), (std::vector<support::Clock::duration>{7s}));
}

TEST_F(ApiClientTest, TransportFailuresAreRetried) {
  host_.on("GET", kUrl, testing::Scripted{0, "", {}, HSD_ERR_UNAVAILABLE});
  host_.on("GET", kUrl, FakeHost::json(200, "{}"));
  ASSERT_TRUE(client().send(get()).ok());
  EXPECT_EQ(host_.requests.size(), 2u);

  FakeHost down;
  down.on("GET", kUrl, testing::Scripted{0, "", {}, HSD_ERR_UNAVAILABLE});
  down.transport_code = "dns_failure";
  down.transport_message = "could not resolve host api.hubapi.invalid";
  auto context = down.context();
  ApiClient api(context, clock_, stop_, Backoff(BackoffPolicy{}, [] { return 0.5; }), nullptr);
  auto response = api.send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_UNAVAILABLE);
  EXPECT_TRUE(response.failure().retryable);
  EXPECT_EQ(down.requests.size(), 5u);
  // The host's cause and code survive the retries, prefixed with what was being done.
  EXPECT_EQ(response.failure().code, "dns_failure");
  EXPECT_THAT(response.failure().message,
              AllOf(HasSubstr("GET /crm/x"), HasSubstr(" failed: could not resolve host api.hubapi.invalid"),
                    HasSubstr("after 5 attempts")));
  EXPECT_THAT(response.failure().message, Not(HasSubstr("could not be reached")));
}

TEST_F(ApiClientTest, OtherStatusesComeBackAsResponses) {
  host_.on("GET", kUrl, FakeHost::json(403, R"({"category":"MISSING_SCOPES"})"));
  auto response = client().send(get());
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 403u);
  EXPECT_EQ(host_.requests.size(), 1u);
}

TEST_F(ApiClientTest, LimiterAdaptsToResponseHeaders) {
  host_.on("GET", kUrl, FakeHost::json(200, "{}", {{"X-HubSpot-RateLimit-Max", "5"},
                                                    {"X-HubSpot-RateLimit-Remaining", "0"},
                                                    {"X-HubSpot-RateLimit-Interval-Milliseconds", "10000"}}));
  auto limiter = std::make_shared<RateLimiter>(110);
  auto api = client(limiter);
  const auto start = clock_.now();
  ASSERT_TRUE(api.send(get()).ok());
  EXPECT_EQ(limiter->limit(), 5);
  ASSERT_TRUE(api.send(get()).ok());
  EXPECT_GE(clock_.now() - start, 10s);  // Remaining 0: the second call waited for the window
}

TEST_F(ApiClientTest, StopsWhenCancelled) {
  host_.on("GET", kUrl, FakeHost::json(503, ""));
  host_.cancelled = true;
  auto response = client().send(get());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.failure().status, HSD_ERR_CANCELLED);
  EXPECT_TRUE(host_.requests.empty());
}

TEST_F(ApiClientTest, MalformedJsonIsAskedForOnceMore) {
  ApiRequest request = get();
  request.query = "secret=no";
  host_.on("GET", kUrl, FakeHost::json(200, R"({"truncated":)"));
  host_.on("GET", kUrl, FakeHost::json(200, R"({"fine":1})"));
  auto response = client().send_json(request);
  ASSERT_TRUE(response.ok());
  ASSERT_TRUE(response->body);
  EXPECT_EQ(host_.requests.size(), 2u);

  FakeHost broken;
  broken.on("GET", kUrl, FakeHost::json(200, "<html>"));
  auto context = broken.context();
  ApiClient api(context, clock_, stop_, Backoff(BackoffPolicy{}), nullptr);
  auto failed = api.send_json(request);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.failure().code, "MALFORMED_RESPONSE");
  EXPECT_THAT(failed.failure().message, HasSubstr("GET /crm/x"));
  EXPECT_THAT(failed.failure().message, Not(HasSubstr("secret")));
  EXPECT_EQ(broken.requests.size(), 2u);
}

}  // namespace
}  // namespace hsd::plugins::hubspot
